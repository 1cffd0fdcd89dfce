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
    [Cmdlet(VerbsCommon.Get, "WafFinding")]
    [OutputType(typeof(WafFinding))]
    public sealed class GetWafFindingCommand : PSCmdlet
    {
        /// <summary>Live audits (no -InventoryPath) arrive with live collection; until then the path is required.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Path", "SnapshotPath")]
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

            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(InventoryPath);
            AwsInventory inventory;
            try
            {
                inventory = SnapshotReader.Read(path, new SnapshotReadOptions { Regions = Region });
            }
            catch (SnapshotNotFoundException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "WafSecurity.SnapshotNotFound", ErrorCategory.ObjectNotFound, path));
                return;
            }
            WriteVerbose($"Read snapshot {inventory.Source}: account {inventory.Account.AccountId}, regions {string.Join(", ", inventory.Regions.Select(r => r.Region))}.");
            HostValues.WriteIssues(this, inventory.Issues);

            var unevaluated = new List<WafFinding>();
            foreach (var finding in engine.Run(inventory, issue => HostValues.WriteIssues(this, new[] { issue })))
            {
                if (finding.Status == FindingStatus.Error) unevaluated.Add(finding);
                WriteObject(finding);
            }
            HostValues.WarnAboutErrors(this, unevaluated);
        }
    }
}
