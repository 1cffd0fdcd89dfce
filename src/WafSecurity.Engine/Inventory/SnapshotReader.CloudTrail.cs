using System.Collections.Generic;

namespace WafSecurity.Engine.Inventory
{
    public static partial class SnapshotReader
    {
        /// <summary>
        /// cloudtrail DescribeTrails of the region (shadow trails included); each trail's GetEventSelectors answer is read
        /// from its home region's folder, where it is filed once for all the regions the trail shows up in.
        /// </summary>
        private static Fetched<IReadOnlyList<Trail>> ReadTrails(SnapshotFolder files, string region, Fetched<IReadOnlyList<LambdaFunction>> functions)
        {
            var op = SnapshotOperations.CloudTrailDescribeTrails;
            var list = files.LoadList<IReadOnlyList<Trail>>(region, op, CliDocuments.DescribeTrails);
            // Trails matter only for the functions they record: said once, and only where functions were collected.
            if (list.State == FetchState.NotCollected && functions.State != FetchState.NotCollected)
                files.Report(IssueKind.Warning, "WafSecurity.ServiceNotCollected", $"{region}/{op.Service}",
                    $"{op.Service} was not collected in {region} (no {region}/{op.Service}/{op.Operation}.json): SEC2.Logs.LambdaDataEvents yields nothing there.");
            if (!list.IsOk) return list;
            foreach (var trail in list.Value!)
                trail.EventSelectors = files.Load(files.KeyPath(trail.HomeRegion ?? region, SnapshotOperations.CloudTrailGetEventSelectors, trail.Name),
                    SnapshotOperations.CloudTrailGetEventSelectors, CliDocuments.GetEventSelectors, absentWhenMissing: false);
            return list;
        }
    }
}
