using System;
using System.Collections.Generic;
using System.Linq;

namespace WafSecurity.Engine.Inventory
{
    public static partial class SnapshotReader
    {
        private static Fetched<IReadOnlyList<SqsQueue>> ReadQueues(SnapshotFolder files, string region)
        {
            var urls = files.LoadList<List<string>>(region, SnapshotOperations.SqsListQueues, CliDocuments.ListQueues);
            return urls.Map<IReadOnlyList<SqsQueue>>(list => list.Select(url =>
            {
                var name = SqsQueue.NameOf(url);
                return new SqsQueue
                {
                    QueueUrl = url,
                    QueueName = name,
                    Attributes = files.Load(files.KeyPath(region, SnapshotOperations.SqsGetQueueAttributes, name), SnapshotOperations.SqsGetQueueAttributes,
                        CliDocuments.GetQueueAttributes, absentWhenMissing: false),
                };
            }).ToList());
        }

        /// <summary>
        /// cloudwatch/GetMetricData/&lt;metric&gt;.&lt;days&gt;d.json: per metric the widest window recorded. A metric without a
        /// file is NotCollected (its rules say Error per resource). A region with no GetMetricData file at all did not
        /// collect metrics: its rules yield nothing there and it is said once, as a warning, where the region has
        /// resources those rules judge.
        /// </summary>
        private static IReadOnlyDictionary<ActivityMetric, Fetched<MetricActivity>> ReadActivity(SnapshotFolder files, string region, RegionInventory inventory)
        {
            var op = SnapshotOperations.CloudWatchGetMetricData;
            var keys = files.IndexKeys(region, op);
            inventory.ActivityCollected = keys.Count > 0;
            var judged = (inventory.Functions.Value?.Count ?? 0) + (inventory.Tables.Value?.Count ?? 0) + (inventory.RestApis.Value?.Count ?? 0)
                         + (inventory.ApisV2.Value?.Count ?? 0) + (inventory.Queues.Value?.Count ?? 0);
            if (keys.Count == 0 && judged > 0)
                files.Report(IssueKind.Warning, "WafSecurity.ServiceNotCollected", $"{region}/{op.Service}",
                    $"cloudwatch metrics were not collected in {region} (no {region}/{op.Service}/{op.Operation}/*.json): the abandoned-resource rules yield nothing there.");
            var activity = new Dictionary<ActivityMetric, Fetched<MetricActivity>>();
            foreach (var metric in ActivityMetrics.All)
            {
                var widest = keys.Keys.Select(key => (Key: key, Days: metric.WindowOf(key))).Where(k => k.Days.HasValue)
                    .OrderByDescending(k => k.Days!.Value).FirstOrDefault();
                if (widest.Key == null)
                {
                    var expected = $"{region}/{op.Service}/{op.Operation}/{metric.KeyPrefix}.<days>d.json";
                    activity[metric] = Fetched<MetricActivity>.NotCollected(new CallError("NotCollected", $"no answer recorded at {expected}", op.Label, op.IamAction, expected));
                    continue;
                }
                var days = widest.Days!.Value;
                activity[metric] = files.Load(keys[widest.Key], op, root => CliDocuments.GetMetricData(root, metric, days), absentWhenMissing: false);
            }
            return activity;
        }
    }
}
