using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Commands
{
    /// <summary>Test-LambdaLeastPrivilege: each function's execution role judged as that function's role, with a suggested policy.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "LambdaLeastPrivilege", DefaultParameterSetName = LiveSet)]
    [OutputType(typeof(LeastPrivilegeReport), typeof(bool))]
    public sealed class TestLambdaLeastPrivilegeCommand : AwsLiveCmdlet
    {
        private LambdaRoleInventory? _roles;
        private bool _sawInput;

        /// <summary>Names or ARNs; none: every function in the snapshot.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public string[]? FunctionName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[]? FunctionArn { get; set; }

        /// <summary>A snapshot folder; without it the live account is collected.</summary>
        [Parameter(Mandatory = true, ParameterSetName = "Snapshot")]
        [Alias("Path", "SnapshotPath")]
        [ValidateNotNullOrEmpty]
        public string InventoryPath { get; set; } = "";

        /// <summary>Regions of a live audit.</summary>
        [Parameter(ParameterSetName = LiveSet)]
        public string[]? Region { get; set; }

        /// <summary>One bool per function (IsLeastPrivilege) instead of the report.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void BeginProcessing()
        {
            var path = ParameterSetName == LiveSet ? "" : SessionState.Path.GetUnresolvedProviderPathFromPSPath(InventoryPath);
            try
            {
                var inventory = ParameterSetName == LiveSet ? LiveInventory() : SnapshotReader.Read(path, new SnapshotReadOptions());
                if (inventory == null) return;
                // Only what this command reads matters here: Lambda and IAM problems, not other services left uncollected.
                HostValues.WriteIssues(this, inventory.Issues.Where(i => i.Kind != IssueKind.Warning || Mentions(i, "lambda") || Mentions(i, "iam")));
                _roles = new LambdaRoleInventory(inventory);
                if (_roles.Analyzer == null)
                    WriteWarning("The snapshot holds no usable iam GetAccountAuthorizationDetails, so no execution role can be judged; capture it with iam:GetAccountAuthorizationDetails.");
            }
            catch (SnapshotNotFoundException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "WafSecurity.SnapshotNotFound", ErrorCategory.ObjectNotFound, path));
            }
        }

        protected override void ProcessRecord()
        {
            // An object with both FunctionName and FunctionArn names one function: prefer the ARN, which is exact.
            var names = FunctionArn ?? FunctionName;
            if (names == null) return;
            _sawInput = true;
            foreach (var name in names)
            {
                var found = _roles!.FindFunctions(name);
                if (found.Count == 0)
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"No function '{name}' is in {(ParameterSetName == LiveSet ? "the account" : "the snapshot " + InventoryPath)}. Use a name or ARN from lambda ListFunctions."),
                        "WafSecurity.FunctionNotFound", ErrorCategory.ObjectNotFound, name));
                    continue;
                }
                foreach (var entry in found) Emit(entry);
            }
            FunctionName = null;
            FunctionArn = null;
        }

        protected override void EndProcessing()
        {
            if (_sawInput || _roles == null) return;
            foreach (var entry in _roles.Functions) Emit(entry);
        }

        /// <summary>Collects the live account into memory and reads it with the snapshot parser.</summary>
        private AwsInventory? LiveInventory()
        {
            try
            {
                using var session = LiveAwsAccess.Open(AccessRequest(Region));
                var regions = LiveCollection.ResolveRegions(this, session, Region, false, StopToken);
                // Only what this command reads: Lambda and IAM.
                var result = LiveCollection.Run(this, session, regions, StopToken, "Test-LambdaLeastPrivilege", new[] { "lambda" });
                return SnapshotReader.Read(result.Documents, null, $"live account {result.Account.AccountId}");
            }
            catch (LiveAwsSetupException ex)
            {
                LiveCollection.ThrowSetup(this, ex);
                return null;
            }
        }

        private static bool Mentions(InventoryIssue issue, string service)
            => issue.Message.IndexOf(service, StringComparison.OrdinalIgnoreCase) >= 0 || issue.Target.IndexOf(service, StringComparison.OrdinalIgnoreCase) >= 0;

        private void Emit(RegionalFunction entry)
        {
            var report = _roles!.Report(entry);
            if (Quiet) WriteObject(report.IsLeastPrivilege);
            else WriteObject(report);
        }
    }
}
