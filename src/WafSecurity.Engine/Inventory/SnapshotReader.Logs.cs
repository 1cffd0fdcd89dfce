using System.Collections.Generic;
using System.Linq;

namespace WafSecurity.Engine.Inventory
{
    public static partial class SnapshotReader
    {
        /// <summary>
        /// CloudWatch Logs: log groups and resource policies (list files: a missing one is said once per region), and the
        /// optional FilterLogEvents samples by log group name (a group without a sample is NotCollected when a rule asks).
        /// </summary>
        private static void ReadLogs(SnapshotFolder files, string region, RegionInventory inventory)
        {
            inventory.LogGroups = WarnIfNotCollected(files, region, SnapshotOperations.LogsDescribeLogGroups,
                files.LoadList<IReadOnlyList<LogGroup>>(region, SnapshotOperations.LogsDescribeLogGroups, CliDocuments.DescribeLogGroups));
            // Snapshots older than this operation hold log groups only: the policies are then simply not there (one warning).
            var policiesOp = SnapshotOperations.LogsDescribeResourcePolicies;
            var policies = files.LoadList<IReadOnlyList<LogsResourcePolicy>>(region, policiesOp, CliDocuments.DescribeResourcePolicies);
            if (policies.State == FetchState.NotCollected && inventory.LogGroups.State != FetchState.NotCollected)
                files.Report(IssueKind.Warning, "WafSecurity.ServiceNotCollected", $"{region}/logs/{policiesOp.Operation}",
                    $"logs resource policies were not collected in {region} (no {region}/logs/{policiesOp.Operation}.json): SEC2.Logs.LogGroupPublic yields nothing there.");
            if (policies.IsOk)
                foreach (var policy in policies.Value!.Where(p => p.Policy.State == FetchState.Failed))
                {
                    var relative = files.Relative(files.OperationPath(region, policiesOp));
                    files.Report(IssueKind.Error, "WafSecurity.InvalidPolicy", relative, $"{relative}: {policy.Policy.Error!.Message}");
                }
            inventory.LogResourcePolicies = policies;
            var samples = new Dictionary<string, Fetched<LogEventSample>>(System.StringComparer.Ordinal);
            foreach (var pair in files.IndexKeys(region, SnapshotOperations.LogsFilterLogEvents))
                samples[pair.Key] = files.Load(pair.Value, SnapshotOperations.LogsFilterLogEvents, CliDocuments.FilterLogEvents, absentWhenMissing: false);
            inventory.LogSamples = samples;
        }
    }
}
