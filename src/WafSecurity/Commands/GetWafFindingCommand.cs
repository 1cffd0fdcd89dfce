using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Rules;

namespace WafSecurity.Commands
{
    /// <summary>Get-WafFinding: evaluates the rules over a snapshot folder and emits one finding per rule and resource.</summary>
    [Cmdlet(VerbsCommon.Get, "WafFinding", DefaultParameterSetName = LiveSet)]
    [OutputType(typeof(WafFinding))]
    public sealed class GetWafFindingCommand : AwsLiveCmdlet
    {
        /// <summary>A snapshot folder; without it the live account is collected (same parser, same rules).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = "Snapshot")]
        [Alias("Path", "SnapshotPath", "FullName")]
        [ValidateNotNullOrEmpty]
        public string InventoryPath { get; set; } = "";

        [Parameter]
        [Alias("RuleId")]
        [ArgumentCompleter(typeof(RuleIdCompleter))]
        [SupportsWildcards]
        public string[]? Rule { get; set; }

        [Parameter]
        [ValidateSet("Critical", "High", "Medium", "Low", "Informational", IgnoreCase = true)]
        public string[]? Severity { get; set; }

        [Parameter]
        public SwitchParameter IncludePassed { get; set; }

        [Parameter]
        public string[]? Region { get; set; }

        [Parameter]
        public Hashtable? Parameter { get; set; }

        /// <summary>Live audit of every region enabled for the account.</summary>
        [Parameter(ParameterSetName = LiveSet)]
        public SwitchParameter AllRegions { get; set; }

        /// <summary>A settings file; default: WafSecurity.settings.psd1 in the current folder, when it exists.</summary>
        [Parameter]
        public string? SettingsPath { get; set; }

        [Parameter]
        public SwitchParameter IncludeSuppressed { get; set; }

        protected override void ProcessRecord()
        {
            AuditEngine engine;
            try
            {
                engine = new AuditEngine(new AuditOptions
                {
                    Rules = Rule, Severities = Severity, IncludePassed = IncludePassed.IsPresent, Parameters = HostValues.ToDictionary(Parameter),
                    Settings = SettingsFile.Load(this, SettingsPath), IncludeSuppressed = IncludeSuppressed.IsPresent,
                });
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "WafSecurity.InvalidArgument", ErrorCategory.InvalidArgument, Parameter ?? (object?)Rule));
                return;
            }

            var inventory = ParameterSetName == LiveSet ? LiveInventory(engine) : SnapshotInventory();
            if (inventory == null) return;
            WriteVerbose($"Read snapshot {inventory.Source}: account {inventory.Account.AccountId}, regions {string.Join(", ", inventory.Regions.Select(r => r.Region))}.");
            HostValues.WriteIssues(this, inventory.Issues);

            var unevaluated = new List<WafFinding>();
            foreach (var finding in engine.Run(inventory, issue => HostValues.WriteIssues(this, new[] { issue })))
            {
                if (finding.Status == FindingStatus.Error) unevaluated.Add(finding);
                WriteObject(finding);
            }
            // A live audit has already written one error per failed call while collecting; a snapshot's failed calls are
            // only visible through their findings, so summarise them once here.
            if (ParameterSetName != LiveSet) HostValues.WarnAboutErrors(this, unevaluated);
        }

        private AwsInventory? SnapshotInventory()
        {
            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(InventoryPath);
            try
            {
                return SnapshotReader.Read(path, new SnapshotReadOptions { Regions = Region });
            }
            catch (SnapshotNotFoundException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "WafSecurity.SnapshotNotFound", ErrorCategory.ObjectNotFound, path));
                return null;
            }
        }

        /// <summary>Collects into memory, then reads the documents with the snapshot parser: live and offline share it all.</summary>
        private AwsInventory? LiveInventory(AuditEngine engine)
        {
            try
            {
                using var session = LiveAwsAccess.Open(AccessRequest(Region));
                var regions = LiveCollection.ResolveRegions(this, session, Region, AllRegions, StopToken);
                // Code packages and log events are read only when their opt-in rules are part of this audit, bounded by their
                // parameters; CloudWatch is asked for as many days as the abandoned-resource rules look back (at least 90).
                var result = LiveCollection.Run(this, session, regions, StopToken, "Get-WafFinding",
                    codeScan: WafSecurity.Engine.Rules.Lambda.LambdaSecretsInCodeRule.CollectionOptions(engine),
                    logSample: WafSecurity.Engine.Rules.Logs.LogsNoSecretsInLogsRule.LogSampleFor(engine),
                    metricWindowDays: Math.Max(90, engine.LargestParameter("InactiveDays") ?? 0));
                return SnapshotReader.Read(result.Documents, null, $"live account {result.Account.AccountId}");
            }
            catch (LiveAwsSetupException ex)
            {
                LiveCollection.ThrowSetup(this, ex);
                return null;
            }
        }
    }
}
