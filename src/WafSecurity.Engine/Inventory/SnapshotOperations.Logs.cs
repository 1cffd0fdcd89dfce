namespace WafSecurity.Engine.Inventory
{
    public static partial class SnapshotOperations
    {
        /// <summary>Every CloudWatch Logs resource policy of the region (one list call, all pages merged: {"resourcePolicies": [...]}).</summary>
        public static readonly SnapshotOperation LogsDescribeResourcePolicies = new SnapshotOperation("logs", "DescribeResourcePolicies", "logs:DescribeResourcePolicies", false);
        /// <summary>
        /// A bounded sample of one workload log group's recent events (one page, --limit SampleEvents, --start-time now minus
        /// LookbackHours), keyed by log group name; collected only on request (SEC2.Logs.NoSecretsInLogs is opt-in) and
        /// always written with the secret detector's findings redacted.
        /// </summary>
        public static readonly SnapshotOperation LogsFilterLogEvents = new SnapshotOperation("logs", "FilterLogEvents", "logs:FilterLogEvents", false);
    }
}
