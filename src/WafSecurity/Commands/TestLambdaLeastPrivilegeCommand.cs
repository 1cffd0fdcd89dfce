using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Commands
{
    /// <summary>Test-LambdaLeastPrivilege: each function's execution role judged as that function's role, with a suggested policy.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "LambdaLeastPrivilege")]
    [OutputType(typeof(LeastPrivilegeReport), typeof(bool))]
    public sealed class TestLambdaLeastPrivilegeCommand : PSCmdlet
    {
        private LambdaRoleInventory? _roles;
        private bool _sawInput;

        /// <summary>Names or ARNs; none: every function in the snapshot.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public string[]? FunctionName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[]? FunctionArn { get; set; }

        /// <summary>Live audits arrive with live collection; until then the snapshot path is required.</summary>
        [Parameter(Mandatory = true)]
        [Alias("Path", "SnapshotPath")]
        [ValidateNotNullOrEmpty]
        public string InventoryPath { get; set; } = "";

        /// <summary>One bool per function (IsLeastPrivilege) instead of the report.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void BeginProcessing()
        {
            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(InventoryPath);
            try
            {
                var inventory = SnapshotReader.Read(path, new SnapshotReadOptions());
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
                    WriteError(new ErrorRecord(new ItemNotFoundException($"No function '{name}' is in the snapshot {InventoryPath}. Use a name or ARN from lambda ListFunctions."),
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
