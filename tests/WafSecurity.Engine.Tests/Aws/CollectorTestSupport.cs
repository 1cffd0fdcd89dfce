using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using WafSecurity.Engine.Aws;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Tests.Aws
{
    internal static class CollectorTestSupport
    {
        public static string DemoAccount => Path.Combine(TestPaths.RepoRoot, "examples", "demo-account");

        /// <summary>The documents without those of the named services (the folder after the region or global/), so a test can
        /// lay down its own answers for them without the demo's left over beside them.</summary>
        public static SnapshotDocuments Without(SnapshotDocuments documents, params string[] services)
        {
            var copy = new SnapshotDocuments();
            foreach (var path in documents.Paths)
            {
                var parts = path.Split('/');
                if (parts.Length > 2 && services.Contains(parts[1], StringComparer.Ordinal)) continue;
                documents.TryGet(path, out var content);
                copy.Set(path, content);
            }
            return copy;
        }

        public static AccountInfo AccountOf(SnapshotDocuments documents)
        {
            documents.TryGet("account.json", out var bytes);
            using var document = System.Text.Json.JsonDocument.Parse(bytes);
            return CliDocuments.Account(document.RootElement);
        }

        /// <summary>Regions of a recorded snapshot: account.json's, or its region folders.</summary>
        public static List<string> RegionsOf(SnapshotDocuments documents)
        {
            var fromFolders = documents.Paths.Select(p => p.Split('/')[0]).Where(p => p.Contains('-')).Distinct().OrderBy(r => r, StringComparer.Ordinal).ToList();
            var declared = AccountOf(documents).Regions;
            return declared.Count > 0 ? declared.Union(fromFolders).ToList() : fromFolders;
        }

        /// <summary>Collects a recorded snapshot through the replaying call source, on virtual time.</summary>
        public static CollectionResult Collect(SnapshotDocuments recorded, CallFaults? faults = null, VirtualClock? clock = null,
            Action<ApiGroup, string, TimeSpan>? onAdmitted = null, CancellationToken cancellationToken = default, IAwsCallSource? source = null)
        {
            clock ??= new VirtualClock();
            var account = AccountOf(recorded);
            var collector = new Collector(source ?? new SnapshotCallSource(recorded, faults, clock), new CollectorOptions
            {
                Regions = RegionsOf(recorded),
                CapturedAt = account.CapturedAt,
                Scheduler = new SchedulerOptions { Clock = clock, OnAdmitted = onAdmitted },
                IncludeIam = recorded.Paths.Any(p => p.StartsWith("global/iam/", StringComparison.Ordinal)),
                // Log samples are opt-in: replay them when the recording holds some.
                LogSample = recorded.Paths.Any(p => p.Contains("/logs/FilterLogEvents/")) ? new LogSampleOptions() : null,
            });
            return Task.Run(() => collector.CollectAsync(cancellationToken)).GetAwaiter().GetResult();
        }

        /// <summary>Paths that differ between two snapshots (missing on one side, or not semantically equal JSON).</summary>
        public static List<string> Differences(SnapshotDocuments expected, SnapshotDocuments actual, bool compareAccount = false)
        {
            var differences = new List<string>();
            var paths = expected.Paths.Union(actual.Paths).Where(p => compareAccount || p != "account.json").OrderBy(p => p, StringComparer.Ordinal);
            foreach (var path in paths)
            {
                var inExpected = expected.TryGet(path, out var a);
                var inActual = actual.TryGet(path, out var b);
                if (!inExpected) { differences.Add("extra " + path); continue; }
                if (!inActual) { differences.Add("missing " + path); continue; }
                if (!JsonNode.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b))) differences.Add("differs " + path);
            }
            return differences;
        }
    }
}
