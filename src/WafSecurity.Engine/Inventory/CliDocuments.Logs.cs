using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Json;

namespace WafSecurity.Engine.Inventory
{
    internal static partial class CliDocuments
    {
        /// <summary>
        /// logs describe-resource-policies: {"resourcePolicies": [{"policyName", "policyDocument" (JSON text), "lastUpdatedTime" (ms)}]}.
        /// A policyDocument that is not a valid policy is a Failed policy (InvalidPolicy), not a failed list.
        /// </summary>
        public static List<LogsResourcePolicy> DescribeResourcePolicies(JsonElement root)
        {
            var index = 0;
            var op = SnapshotOperations.LogsDescribeResourcePolicies;
            return RequireArray(root, "resourcePolicies").Select(item =>
            {
                var where = $"resourcePolicies[{index++}]";
                var name = RequireString(item, "policyName", where);
                var updated = item.GetInt64("lastUpdatedTime");
                Fetched<ResourcePolicy> policy;
                try
                {
                    var parsed = PolicyMember(item, "policyDocument");
                    policy = parsed == null ? Fetched<ResourcePolicy>.Absent() : Fetched<ResourcePolicy>.Ok(parsed);
                }
                catch (PolicyParseException ex)
                {
                    policy = Fetched<ResourcePolicy>.Failed(new CallError("InvalidPolicy", $"resource policy {name} is not a valid policy: {ex.Message}", op.Label, op.IamAction, null));
                }
                return new LogsResourcePolicy
                {
                    PolicyName = name,
                    Policy = policy,
                    LastUpdatedTime = updated is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null,
                };
            }).ToList();
        }

        /// <summary>
        /// logs filter-log-events (one page): {"events": [{"logStreamName", "timestamp" (ms), "message", "ingestionTime", "eventId"}],
        /// "searchedLogStreams": [...], "nextToken"?}. A message may be absent (an empty event).
        /// </summary>
        public static LogEventSample FilterLogEvents(JsonElement root)
        {
            var events = RequireArray(root, "events").Select(item =>
            {
                if (item.ValueKind != JsonValueKind.Object) throw new ShapeException("events[] items must be objects");
                var time = item.GetInt64("timestamp");
                return new LogEventRecord
                {
                    LogStreamName = item.GetString("logStreamName"),
                    Timestamp = time is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null,
                    EventId = item.GetString("eventId"),
                    Message = item.GetString("message") ?? "",
                };
            }).ToList();
            return new LogEventSample { Events = events, Truncated = !string.IsNullOrEmpty(root.GetString("nextToken")) };
        }
    }
}
