using System;
using System.Collections.Generic;
using System.Linq;

namespace WafSecurity.Engine.Inventory
{
    public sealed partial class RegionInventory
    {
        /// <summary>sqs ListQueues with each queue's GetQueueAttributes.</summary>
        public Fetched<IReadOnlyList<SqsQueue>> Queues { get; set; } = Fetched<IReadOnlyList<SqsQueue>>.Absent();

        /// <summary>
        /// False when the region's snapshot has no cloudwatch/GetMetricData folder at all: metrics were not collected there,
        /// so (like a service without its list file) the abandoned-resource rules yield nothing and the reader warns once.
        /// </summary>
        public bool ActivityCollected { get; set; }

        /// <summary>cloudwatch GetMetricData answers by metric (the widest window recorded for each).</summary>
        public IReadOnlyDictionary<ActivityMetric, Fetched<MetricActivity>> Activity { get; set; } = new Dictionary<ActivityMetric, Fetched<MetricActivity>>();

        /// <summary>The recorded activity of a metric; NotCollected when the snapshot holds none.</summary>
        public Fetched<MetricActivity> ActivityOf(ActivityMetric metric)
            => Activity.TryGetValue(metric, out var found) ? found
                : Fetched<MetricActivity>.NotCollected(new CallError("NotCollected",
                    $"no answer recorded at {Region}/cloudwatch/GetMetricData/{metric.KeyPrefix}.<days>d.json",
                    SnapshotOperations.CloudWatchGetMetricData.Label, SnapshotOperations.CloudWatchGetMetricData.IamAction, null));
    }

    // ---------------- SQS ----------------

    public sealed class SqsQueue
    {
        public string QueueUrl { get; set; } = "";
        /// <summary>The last path segment of the URL (the key of its GetQueueAttributes file).</summary>
        public string QueueName { get; set; } = "";
        public Fetched<QueueAttributes> Attributes { get; set; } = Fetched<QueueAttributes>.Absent();

        /// <summary>"https://sqs.us-east-1.amazonaws.com/123456789012/orders" to "orders".</summary>
        public static string NameOf(string queueUrl)
        {
            var trimmed = queueUrl.TrimEnd('/');
            var slash = trimmed.LastIndexOf('/');
            return slash >= 0 ? trimmed.Substring(slash + 1) : trimmed;
        }
    }

    /// <summary>What GetQueueAttributes (All) answered; SQS gives every attribute as text.</summary>
    public sealed class QueueAttributes
    {
        public string? QueueArn { get; set; }
        /// <summary>CreatedTimestamp (epoch seconds).</summary>
        public DateTimeOffset? CreatedTimestamp { get; set; }
        public DateTimeOffset? LastModifiedTimestamp { get; set; }
        public long? ApproximateNumberOfMessages { get; set; }
        public string? RedrivePolicy { get; set; }
    }

    // ---------------- CloudWatch metrics ----------------

    /// <summary>One metric's GetMetricData answer for every resource of a kind, over a window that ends at CapturedAt.</summary>
    public sealed class MetricActivity
    {
        public MetricActivity(ActivityMetric metric, int windowDays, IReadOnlyDictionary<string, MetricSeries> byLabel)
        {
            Metric = metric; WindowDays = windowDays; ByLabel = byLabel;
        }

        public ActivityMetric Metric { get; }
        /// <summary>Days the queries covered (from the file key).</summary>
        public int WindowDays { get; }
        /// <summary>Results by Label (the resource's name or id), pages merged. A resource without one had no datapoint.</summary>
        public IReadOnlyDictionary<string, MetricSeries> ByLabel { get; }
    }

    public sealed class MetricSeries
    {
        public string Label { get; set; } = "";
        public List<MetricPoint> Points { get; } = new List<MetricPoint>();
        /// <summary>Complete when any page of the result said Complete; otherwise the last status (PartialData, InternalError, Forbidden).</summary>
        public string StatusCode { get; set; } = "";

        public bool IsComplete => string.Equals(StatusCode, "Complete", StringComparison.Ordinal);

        /// <summary>The sum of the values at or after <paramref name="since"/>.</summary>
        public double SumSince(DateTimeOffset since) => Points.Where(p => p.Timestamp >= since).Sum(p => p.Value);

        public DateTimeOffset? LastActiveSince(DateTimeOffset since)
            => Points.Where(p => p.Timestamp >= since && p.Value > 0).Select(p => (DateTimeOffset?)p.Timestamp).DefaultIfEmpty(null).Max();
    }

    public readonly struct MetricPoint
    {
        public MetricPoint(DateTimeOffset timestamp, double value) { Timestamp = timestamp; Value = value; }
        public DateTimeOffset Timestamp { get; }
        public double Value { get; }
    }
}
