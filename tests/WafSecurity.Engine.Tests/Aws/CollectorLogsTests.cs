using System;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WafSecurity.Engine.Aws;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Tests.Aws
{
    /// <summary>The collector's CloudWatch Logs and CloudTrail calls: resource policies, log samples (redacted) and trail selectors.</summary>
    public class CollectorLogsTests
    {
        private const string AccessKey = "AKIAIOSFODNN7EXAMPLE";

        private static SnapshotDocuments Recorded()
        {
            var d = new SnapshotDocuments();
            d.Set("account.json", "{\"AccountId\":\"123456789012\",\"Partition\":\"aws\",\"Regions\":[\"us-east-1\",\"us-west-2\"],\"CapturedAt\":\"2026-11-27T10:00:00Z\"}");
            foreach (var region in new[] { "us-east-1", "us-west-2" })
            {
                d.Set($"{region}/lambda/ListFunctions.json", region == "us-east-1"
                    ? "{\"Functions\":[{\"FunctionName\":\"orders\",\"FunctionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:orders\"}," +
                      "{\"FunctionName\":\"no-logs\",\"FunctionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:no-logs\"}]}"
                    : "{\"Functions\":[]}");
                d.Set($"{region}/lambda/ListEventSourceMappings.json", "{\"EventSourceMappings\":[]}");
                d.Set($"{region}/logs/DescribeLogGroups.json", region == "us-east-1"
                    ? "{\"logGroups\":[{\"logGroupName\":\"/aws/lambda/orders\"},{\"logGroupName\":\"/aws/lambda/gone\"}]}" : "{\"logGroups\":[]}");
                d.Set($"{region}/logs/DescribeResourcePolicies.json", "{\"resourcePolicies\":[]}");
                // The multi-region trail homed in us-west-2 shows up in both regions.
                d.Set($"{region}/cloudtrail/DescribeTrails.json", "{\"trailList\":[{\"Name\":\"org-audit\",\"TrailARN\":\"arn:aws:cloudtrail:us-west-2:123456789012:trail/org-audit\"," +
                                                                 "\"HomeRegion\":\"us-west-2\",\"IsMultiRegionTrail\":true}]}");
            }
            d.Set("us-west-2/cloudtrail/GetEventSelectors/org-audit.json", "{\"TrailARN\":\"arn:aws:cloudtrail:us-west-2:123456789012:trail/org-audit\",\"EventSelectors\":[]}");
            d.Set("us-east-1/logs/FilterLogEvents/%2Faws%2Flambda%2Forders.json",
                "{\"events\":[{\"logStreamName\":\"s\",\"timestamp\":1795770000000,\"message\":\"key " + AccessKey + " used\",\"eventId\":\"1\"}],\"searchedLogStreams\":[]}");
            return d;
        }

        private static CollectionResult Collect(SnapshotDocuments recorded, LogSampleOptions? sample, SnapshotCallSource? source = null)
        {
            var clock = new VirtualClock();
            var collector = new Collector(source ?? new SnapshotCallSource(recorded, null, clock), new CollectorOptions
            {
                Regions = new[] { "us-east-1", "us-west-2" }, AccountId = "123456789012", CapturedAt = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero),
                Services = new[] { "lambda", "logs", "cloudtrail" }, IncludeIam = false, Scheduler = new SchedulerOptions { Clock = clock }, LogSample = sample,
            });
            return Task.Run(() => collector.CollectAsync(CancellationToken.None)).GetAwaiter().GetResult();
        }

        [Fact]
        public void Collect_WithoutLogSample_ReadsNoLogEvents_AndAsksSelectorsOncePerTrailInItsHomeRegion()
        {
            var result = Collect(Recorded(), null);
            Assert.DoesNotContain(result.Documents.Paths, p => p.Contains("FilterLogEvents"));
            Assert.DoesNotContain(result.Counts, c => c.Operation == SnapshotOperations.LogsFilterLogEvents);
            var selectors = Assert.Single(result.Counts, c => c.Operation == SnapshotOperations.CloudTrailGetEventSelectors);
            Assert.Equal(("us-west-2", 1), (selectors.Region, selectors.Calls));
            Assert.Contains("us-east-1/logs/DescribeResourcePolicies.json", result.Documents.Paths);
            var inventory = SnapshotReader.Read(result.Documents);
            var trail = Assert.Single(inventory.Regions.Single(r => r.Region == "us-east-1").Trails.Value!);
            Assert.Equal(FetchState.Ok, trail.EventSelectors.State);
        }

        [Fact]
        public void Collect_WithLogSample_SamplesOnlyExistingWorkloadGroups_BoundedAndRedacted()
        {
            var recorded = Recorded();
            var calls = new System.Collections.Concurrent.ConcurrentBag<AwsCall>();
            var inner = new SnapshotCallSource(recorded, null, new VirtualClock());
            var result = Collect(recorded, new LogSampleOptions { SampleEvents = 50, LookbackHours = 2 }, inner);
            var path = "us-east-1/logs/FilterLogEvents/%2Faws%2Flambda%2Forders.json";
            Assert.Equal(new[] { path }, result.Documents.Paths.Where(p => p.Contains("FilterLogEvents")));
            Assert.True(result.Documents.TryGet(path, out var bytes));
            var text = Encoding.UTF8.GetString(bytes);
            Assert.DoesNotContain(AccessKey, text);
            Assert.Contains("[REDACTED:AwsAccessKeyId:", text);
            // One call: no-logs has no group, /aws/lambda/gone belongs to no function.
            Assert.Equal(1, Assert.Single(result.Counts, c => c.Operation == SnapshotOperations.LogsFilterLogEvents).Calls);
        }

        [Fact]
        public void LogSampleCall_CarriesTheLimitAndTheStartTime()
        {
            var recorded = Recorded();
            var source = new RecordingSource(new SnapshotCallSource(recorded, null, new VirtualClock()));
            var clock = new VirtualClock();
            var collector = new Collector(source, new CollectorOptions
            {
                Regions = new[] { "us-east-1" }, AccountId = "123456789012", CapturedAt = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero),
                Services = new[] { "lambda", "logs" }, IncludeIam = false, Scheduler = new SchedulerOptions { Clock = clock },
                LogSample = new LogSampleOptions { SampleEvents = 50, LookbackHours = 2 },
            });
            Task.Run(() => collector.CollectAsync(CancellationToken.None)).GetAwaiter().GetResult();
            var call = Assert.Single(source.Calls, c => c.Operation == SnapshotOperations.LogsFilterLogEvents);
            Assert.Equal("/aws/lambda/orders", call.Parameters["logGroupName"]);
            Assert.Equal("50", call.Parameters["limit"]);
            Assert.Equal(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds().ToString(), call.Parameters["startTime"]);
        }

        [Fact]
        public void RedactLogEvents_UnreadableAnswer_KeepsNothing()
        {
            Assert.Equal("{\"events\": []}\n", Encoding.UTF8.GetString(Collector.RedactLogEvents("{not json " + AccessKey)));
        }

        private sealed class RecordingSource : IAwsCallSource
        {
            private readonly IAwsCallSource _inner;
            public RecordingSource(IAwsCallSource inner) { _inner = inner; }
            public System.Collections.Concurrent.ConcurrentBag<AwsCall> Calls { get; } = new System.Collections.Concurrent.ConcurrentBag<AwsCall>();
            public Task<AwsCallResult> CallAsync(AwsCall call, CancellationToken cancellationToken) { Calls.Add(call); return _inner.CallAsync(call, cancellationToken); }
        }
    }
}
