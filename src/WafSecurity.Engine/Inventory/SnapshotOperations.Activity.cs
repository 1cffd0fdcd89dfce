namespace WafSecurity.Engine.Inventory
{
    public static partial class SnapshotOperations
    {
        /// <summary>Every queue URL of the region (one list call, all pages merged: {"QueueUrls": [...]}).</summary>
        public static readonly SnapshotOperation SqsListQueues = new SnapshotOperation("sqs", "ListQueues", "sqs:ListQueues", false);
        /// <summary>One queue's attributes (--attribute-names All), keyed by queue name.</summary>
        public static readonly SnapshotOperation SqsGetQueueAttributes = new SnapshotOperation("sqs", "GetQueueAttributes", "sqs:GetQueueAttributes", false);
        /// <summary>One activity metric of every resource of a kind (see <see cref="ActivityMetrics"/>), keyed by metric and window.</summary>
        public static readonly SnapshotOperation CloudWatchGetMetricData = new SnapshotOperation("cloudwatch", "GetMetricData", "cloudwatch:GetMetricData", false);
    }
}
