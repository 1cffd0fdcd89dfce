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
using WafSecurity.Engine.Secrets;
using Ops = WafSecurity.Engine.Inventory.SnapshotOperations;

namespace WafSecurity.Engine.Aws
{
    public sealed partial class Collector
    {
        /// <summary>CloudWatch Logs: DescribeLogGroups and DescribeResourcePolicies once per region (all pages); nothing they return leads to another call.</summary>
        private Task LogsAsync(string region, CancellationToken ct)
            => WhenAllOrFirstCancel(new[]
            {
                CallAsync(Ops.LogsDescribeLogGroups, region, null, null, ct),
                CallAsync(Ops.LogsDescribeResourcePolicies, region, null, null, ct),
            });

        /// <summary>
        /// One FilterLogEvents page per existing workload log group (WorkloadLogGroupScope over what was collected), at most
        /// SampleEvents events since CapturedAt minus LookbackHours. The documents are read with the snapshot reader itself.
        /// </summary>
        private async Task SampleLogGroupsAsync(IReadOnlyList<string> regions, AccountInfo account, CancellationToken ct)
        {
            var sample = _options.LogSample!;
            var copy = new SnapshotDocuments();
            foreach (var path in _documents.Paths) if (_documents.TryGet(path, out var bytes)) copy.Set(path, bytes);
            account.Regions = regions;
            copy.Set("account.json", AccountJson(account));
            var inventory = SnapshotReader.Read(copy);
            var existing = inventory.Regions.ToDictionary(r => r.Region, r => r.LogGroups.IsOk
                ? new HashSet<string>(r.LogGroups.Value!.Select(g => g.LogGroupName), StringComparer.Ordinal)
                : new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
            var start = (account.CapturedAt ?? DateTimeOffset.UtcNow).AddHours(-sample.LookbackHours).ToUnixTimeMilliseconds();
            var tasks = WorkloadLogGroupScope.Candidates(inventory.Regions)
                .Where(c => existing.TryGetValue(c.Region, out var names) && names.Contains(c.Name))
                .Select(c => CallAsync(Ops.LogsFilterLogEvents, c.Region, c.Name, new Dictionary<string, string>
                {
                    ["logGroupName"] = c.Name,
                    ["startTime"] = start.ToString(CultureInfo.InvariantCulture),
                    ["limit"] = sample.SampleEvents.ToString(CultureInfo.InvariantCulture),
                }, ct)).ToList();
            Raise(CollectionEventKind.Verbose, $"Sampling {tasks.Count} workload log group(s): up to {sample.SampleEvents} events each from the last {sample.LookbackHours} h.", null, Ops.LogsFilterLogEvents.Label);
            await WhenAllOrFirstCancel(tasks).ConfigureAwait(false);
        }

        /// <summary>The FilterLogEvents answer with every detected secret in a message replaced by its redaction marker.</summary>
        internal static byte[] RedactLogEvents(string json)
        {
            JsonNode? root;
            try
            {
                root = JsonNode.Parse(json);
            }
            catch (JsonException)
            {
                // Unreadable: keep nothing of it rather than risk keeping a secret; the reader reports the empty answer.
                return Encoding.UTF8.GetBytes("{\"events\": []}\n");
            }
            if (root is JsonObject answer && answer["events"] is JsonArray events)
                foreach (var item in events.OfType<JsonObject>())
                {
                    if (!(item["message"] is JsonValue value) || !value.TryGetValue<string>(out var message)) continue;
                    var (text, count) = LogMessageScanner.Default.Redact(message);
                    if (count > 0) item["message"] = text;
                }
            return Encoding.UTF8.GetBytes(AwsApiCallSource.Print(root!));
        }
    }
}
