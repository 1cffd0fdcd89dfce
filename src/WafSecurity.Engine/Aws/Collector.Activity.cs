using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using WafSecurity.Engine.Inventory;
using Ops = WafSecurity.Engine.Inventory.SnapshotOperations;

namespace WafSecurity.Engine.Aws
{
    public sealed partial class Collector
    {
        /// <summary>SQS: ListQueues (all pages), then GetQueueAttributes --attribute-names All per queue, keyed by queue name.</summary>
        private async Task SqsAsync(string region, CancellationToken ct)
        {
            var list = await CallAsync(Ops.SqsListQueues, region, null, null, ct).ConfigureAwait(false);
            var urls = Parse(list, CliDocuments.ListQueues);
            if (urls == null) return;
            var tasks = urls.Select(url => CallAsync(Ops.SqsGetQueueAttributes, region, SqsQueue.NameOf(url),
                new Dictionary<string, string> { ["QueueUrl"] = url, ["AttributeNames"] = "[\"All\"]" }, ct)).ToList();
            await WhenAllOrFirstCancel(tasks).ConfigureAwait(false);
        }

        /// <summary>
        /// CloudWatch: for each activity metric, the daily Sum over the last MetricWindowDays days (ending at CapturedAt) of
        /// every resource the region's lists named, one query per resource labelled with its name or id, up to 500 queries
        /// a call; the answers of one metric are merged into one file (snapshot-format.md).
        /// </summary>
        private async Task ActivityAsync(string region, CancellationToken ct)
        {
            var resources = ActivityMetrics.All.ToDictionary(m => m, _ => new List<(string Dimension, string Value)>());
            foreach (var function in Listed(region, Ops.LambdaListFunctions, root => CliDocuments.ListFunctions(root).Select(f => f.FunctionName).ToList()) ?? new List<string>())
                resources[ActivityMetrics.LambdaInvocations].Add(("FunctionName", function));
            foreach (var api in Listed(region, Ops.RestGetRestApis,
                         root => CliDocuments.GetRestApis(root, (_, _) => Fetched<ResourcePolicy>.Absent()).Select(a => a.Name).ToList()) ?? new List<string>())
                resources[ActivityMetrics.ApiCount].Add(("ApiName", api));
            foreach (var api in Listed(region, Ops.V2GetApis, CliDocuments.GetApis) ?? new List<ApiV2>())
                resources[IsWebSocket(api) ? ActivityMetrics.WebSocketConnectCount : ActivityMetrics.ApiCount].Add(("ApiId", api.ApiId));
            foreach (var table in Listed(region, Ops.DynamoListTables, CliDocuments.ListTables) ?? new List<string>())
            {
                resources[ActivityMetrics.TableReads].Add(("TableName", table));
                resources[ActivityMetrics.TableWrites].Add(("TableName", table));
            }
            foreach (var url in Listed(region, Ops.SqsListQueues, CliDocuments.ListQueues) ?? new List<string>())
            {
                resources[ActivityMetrics.QueueSent].Add(("QueueName", SqsQueue.NameOf(url)));
                resources[ActivityMetrics.QueueReceived].Add(("QueueName", SqsQueue.NameOf(url)));
            }
            var tasks = resources.Where(r => r.Value.Count > 0).Select(r => MetricAsync(region, r.Key, r.Value.Distinct().ToList(), ct)).ToList();
            await WhenAllOrFirstCancel(tasks).ConfigureAwait(false);
        }

        internal static bool IsWebSocket(ApiV2 api) => string.Equals(api.ProtocolType, "WEBSOCKET", StringComparison.OrdinalIgnoreCase);

        /// <summary>What a list call of this region answered, read through the reader's mapping; null when it did not answer.</summary>
        private T? Listed<T>(string region, SnapshotOperation op, Func<JsonElement, T?> read) where T : class
            => _documents.TryGet(SnapshotDocuments.PathOf(region, op), out var bytes) ? Parse(AwsCallResult.Ok(Encoding.UTF8.GetString(bytes)), read) : null;

        private async Task MetricAsync(string region, ActivityMetric metric, IReadOnlyList<(string Dimension, string Value)> resources, CancellationToken ct)
        {
            var op = Ops.CloudWatchGetMetricData;
            var days = _options.MetricWindowDays;
            var key = metric.Key(days);
            var end = _capturedAt;
            var start = end.AddDays(-days);
            var batches = resources.Select((r, i) => (r, i)).GroupBy(x => x.i / ActivityMetrics.MaxQueriesPerCall, x => x.r).Select(g => g.ToList()).ToList();
            Interlocked.Add(ref _planned, batches.Count);
            var count = _counts.GetOrAdd(region + "|" + op.Label, _ => new OperationCount(region, op));
            var results = await Task.WhenAll(batches.Select(async batch =>
            {
                var result = await _scheduler.RunAsync(new AwsCall(op, region, key, MetricParameters(metric, batch, start, end)), ct).ConfigureAwait(false);
                var completed = Interlocked.Increment(ref _completed);
                Raise(CollectionEventKind.Progress, $"{op.Label} {region} {key}", region, op.Label, completed, Volatile.Read(ref _planned));
                return result;
            })).ConfigureAwait(false);
            // One file per metric: a batch that failed makes the whole metric an error record, so no resource passes on it.
            var failed = results.FirstOrDefault(r => r.Outcome != AwsCallOutcome.Ok || r.Json == null);
            // Always the merged shape (MetricDataResults and Messages), as the CLI snapshot tool writes it, one call or many.
            Record(op, region, key, failed ?? MergeMetricAnswers(results), count);
        }

        /// <summary>Batches of one metric concatenated as the CLI concatenates pages: MetricDataResults and Messages.</summary>
        private static AwsCallResult MergeMetricAnswers(IEnumerable<AwsCallResult> answers)
        {
            var merged = new JsonObject { ["MetricDataResults"] = new JsonArray(), ["Messages"] = new JsonArray() };
            foreach (var answer in answers)
            {
                if (!(JsonNode.Parse(answer.Json!) is JsonObject page)) continue;
                foreach (var member in new[] { "MetricDataResults", "Messages" })
                    if (page[member] is JsonArray items)
                        foreach (var item in items.ToList()) { items.Remove(item); ((JsonArray)merged[member]!).Add(item); }
            }
            return AwsCallResult.Ok(AwsApiCallSource.Print(merged));
        }

        /// <summary>GetMetricData parameters: one MetricStat query per resource (Id m0.., Label = the dimension value), Period 86400, Sum.</summary>
        internal static Dictionary<string, string> MetricParameters(ActivityMetric metric, IReadOnlyList<(string Dimension, string Value)> batch,
            DateTimeOffset start, DateTimeOffset end)
        {
            using var stream = new System.IO.MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartArray();
                for (var i = 0; i < batch.Count; i++)
                {
                    w.WriteStartObject();
                    w.WriteString("Id", "m" + i.ToString(CultureInfo.InvariantCulture));
                    w.WriteString("Label", batch[i].Value);
                    w.WriteStartObject("MetricStat");
                    w.WriteStartObject("Metric");
                    w.WriteString("Namespace", metric.Namespace);
                    w.WriteString("MetricName", metric.MetricName);
                    w.WriteStartArray("Dimensions");
                    w.WriteStartObject();
                    w.WriteString("Name", batch[i].Dimension);
                    w.WriteString("Value", batch[i].Value);
                    w.WriteEndObject();
                    w.WriteEndArray();
                    w.WriteEndObject();
                    w.WriteNumber("Period", ActivityMetrics.PeriodSeconds);
                    w.WriteString("Stat", ActivityMetrics.Statistic);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            return new Dictionary<string, string>
            {
                ["MetricDataQueries"] = Encoding.UTF8.GetString(stream.ToArray()),
                ["StartTime"] = start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["EndTime"] = end.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            };
        }
    }
}
