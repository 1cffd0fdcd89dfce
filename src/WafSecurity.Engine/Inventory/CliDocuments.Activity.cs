using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using WafSecurity.Engine.Json;

namespace WafSecurity.Engine.Inventory
{
    internal static partial class CliDocuments
    {
        // ---------------- SQS ----------------

        /// <summary>sqs list-queues: {"QueueUrls": [...]}; a region without queues prints {} (no member).</summary>
        public static List<string> ListQueues(JsonElement root)
        {
            return MapItems(root, "QueueUrls", (item, where) =>
            {
                if (item.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(item.GetString())) throw new ShapeException($"{where} is not a queue URL");
                return item.GetString()!;
            });
        }

        /// <summary>
        /// sqs get-queue-attributes --attribute-names All: {"Attributes": {"QueueArn": ..., "CreatedTimestamp": "1700000000", ...}}.
        /// Every value is text; the timestamps are epoch seconds.
        /// </summary>
        public static QueueAttributes GetQueueAttributes(JsonElement root)
        {
            RequireObject(root);
            if (!root.TryGetMember("Attributes", out var attributes) || attributes.ValueKind != JsonValueKind.Object)
                throw new ShapeException("'Attributes' must be an object");
            return new QueueAttributes
            {
                QueueArn = attributes.GetString("QueueArn"),
                CreatedTimestamp = attributes.GetTimestamp("CreatedTimestamp"),
                LastModifiedTimestamp = attributes.GetTimestamp("LastModifiedTimestamp"),
                ApproximateNumberOfMessages = attributes.GetInt64("ApproximateNumberOfMessages"),
                RedrivePolicy = attributes.GetString("RedrivePolicy"),
            };
        }

        // ---------------- CloudWatch ----------------

        /// <summary>
        /// cloudwatch get-metric-data: {"MetricDataResults": [{"Id","Label","Timestamps","Values","StatusCode"}], "Messages": [...]}.
        /// Results are gathered by Label (the resource's name or id); the CLI merges pages by appending, so one Label may
        /// appear more than once. Timestamps and Values must pair up.
        /// </summary>
        public static MetricActivity GetMetricData(JsonElement root, ActivityMetric metric, int windowDays)
        {
            var byLabel = new Dictionary<string, MetricSeries>(StringComparer.Ordinal);
            var index = 0;
            foreach (var item in RequireArray(root, "MetricDataResults"))
            {
                var where = $"MetricDataResults[{index++}]";
                var label = RequireString(item, "Label", where);
                var timestamps = NumbersOrTimes(item, "Timestamps", where).Select(t => AwsTimestamp.Parse(t)
                    ?? throw new ShapeException($"{where}.Timestamps holds '{t.GetRawText()}', which is not a time")).ToList();
                var values = NumbersOrTimes(item, "Values", where).Select(v => v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d)
                    ? d : throw new ShapeException($"{where}.Values holds '{v.GetRawText()}', which is not a number")).ToList();
                if (timestamps.Count != values.Count)
                    throw new ShapeException($"{where} has {timestamps.Count} Timestamps but {values.Count} Values");
                if (!byLabel.TryGetValue(label, out var series)) byLabel[label] = series = new MetricSeries { Label = label };
                for (var i = 0; i < values.Count; i++) series.Points.Add(new MetricPoint(timestamps[i], values[i]));
                var status = item.GetString("StatusCode") ?? "";
                if (!series.IsComplete) series.StatusCode = status;
            }
            return new MetricActivity(metric, windowDays, byLabel);
        }

        private static IEnumerable<JsonElement> NumbersOrTimes(JsonElement item, string member, string where)
        {
            if (!item.TryGetMember(member, out var value) || value.ValueKind == JsonValueKind.Null) return Array.Empty<JsonElement>();
            if (value.ValueKind != JsonValueKind.Array) throw new ShapeException($"{where}.{member} must be an array, found {value.ValueKind}");
            return value.EnumerateArray().ToList();
        }
    }
}
