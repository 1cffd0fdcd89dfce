using System;
using System.Collections.Generic;

namespace WafSecurity.Engine.Inventory
{
    public sealed partial class RegionInventory
    {
        /// <summary>logs DescribeResourcePolicies: every CloudWatch Logs resource policy of the region.</summary>
        public Fetched<IReadOnlyList<LogsResourcePolicy>> LogResourcePolicies { get; set; } = Fetched<IReadOnlyList<LogsResourcePolicy>>.Absent();

        /// <summary>logs FilterLogEvents samples by log group name (collected only on request; see SEC2.Logs.NoSecretsInLogs).</summary>
        public IReadOnlyDictionary<string, Fetched<LogEventSample>> LogSamples { get; set; } = new Dictionary<string, Fetched<LogEventSample>>(StringComparer.Ordinal);

        /// <summary>The sample of a log group; NotCollected when the snapshot holds none for it.</summary>
        public Fetched<LogEventSample> FindLogSample(string logGroupName)
        {
            if (LogSamples.TryGetValue(logGroupName, out var sample)) return sample;
            var op = SnapshotOperations.LogsFilterLogEvents;
            return Fetched<LogEventSample>.NotCollected(new CallError("NotCollected",
                $"no sample recorded at {Region}/logs/FilterLogEvents/{SnapshotKey.Escape(logGroupName)}.json (collect it with Export-WafInventory -IncludeLogSample)",
                op.Label, op.IamAction, null));
        }
    }

    /// <summary>One item of logs DescribeResourcePolicies.</summary>
    public sealed class LogsResourcePolicy
    {
        public string PolicyName { get; set; } = "";
        /// <summary>policyDocument (JSON text) parsed; Failed when the text is not a valid policy.</summary>
        public Fetched<ResourcePolicy> Policy { get; set; } = Fetched<ResourcePolicy>.Absent();
        public DateTimeOffset? LastUpdatedTime { get; set; }
    }

    /// <summary>logs FilterLogEvents for one log group: a bounded sample of recent events (messages possibly redacted).</summary>
    public sealed class LogEventSample
    {
        public IReadOnlyList<LogEventRecord> Events { get; set; } = Array.Empty<LogEventRecord>();
        /// <summary>The answer carried a nextToken: more events matched than the sample holds.</summary>
        public bool Truncated { get; set; }
    }

    public sealed class LogEventRecord
    {
        public string? LogStreamName { get; set; }
        /// <summary>timestamp (milliseconds since 1970-01-01 UTC), as a time.</summary>
        public DateTimeOffset? Timestamp { get; set; }
        public string? EventId { get; set; }
        /// <summary>The message; detected secrets appear as "[REDACTED:detector:hash8]" markers when Export-WafInventory wrote it.</summary>
        public string Message { get; set; } = "";
    }
}
