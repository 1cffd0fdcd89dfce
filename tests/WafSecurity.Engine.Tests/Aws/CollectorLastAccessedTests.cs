#pragma warning disable xUnit1031
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WafSecurity.Engine.Aws;
using WafSecurity.Engine.Inventory;
using Ops = WafSecurity.Engine.Inventory.SnapshotOperations;

namespace WafSecurity.Engine.Tests.Aws
{
    /// <summary>IAM last-accessed jobs, AWS Backup and DAX in the collector: the demo account's answers plus scripted IAM jobs.</summary>
    public sealed class CollectorLastAccessedTests
    {
        private const string Completed = @"{""JobStatus"":""COMPLETED"",""JobType"":""ACTION_LEVEL"",""JobCreationDate"":""2026-11-27T09:58:01+00:00"",
            ""ServicesLastAccessed"":[{""ServiceName"":""Amazon S3"",""ServiceNamespace"":""s3"",""LastAuthenticated"":""2026-11-25T08:15:00+00:00"",
            ""TotalAuthenticatedEntities"":1,""TrackedActionsLastAccessed"":[{""ActionName"":""GetObject"",""LastAccessedTime"":""2026-11-25T08:15:00+00:00""}]}],
            ""JobCompletionDate"":""2026-11-27T09:58:03+00:00""}";
        private const string InProgress = @"{""JobStatus"":""IN_PROGRESS"",""JobType"":""ACTION_LEVEL"",""JobCreationDate"":""2026-11-27T09:58:01+00:00"",""ServicesLastAccessed"":[]}";

        /// <summary>Answers IAM last-accessed calls from a script (per role: how many polls stay IN_PROGRESS, then the final answer); the rest from the demo account.</summary>
        private sealed class ScriptedIam : IAwsCallSource
        {
            private readonly SnapshotCallSource _recorded;
            private readonly int _pollsInProgress;
            private readonly string _final;
            public readonly ConcurrentQueue<AwsCall> Calls = new ConcurrentQueue<AwsCall>();
            private readonly ConcurrentDictionary<string, int> _polls = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);

            public ScriptedIam(SnapshotDocuments recorded, VirtualClock clock, int pollsInProgress, string final)
            {
                _recorded = new SnapshotCallSource(recorded, null, clock); _pollsInProgress = pollsInProgress; _final = final;
            }

            public Task<AwsCallResult> CallAsync(AwsCall call, CancellationToken cancellationToken)
            {
                Calls.Enqueue(call);
                if (call.Operation == Ops.IamGenerateServiceLastAccessedDetails)
                    return Task.FromResult(AwsCallResult.Ok($"{{\"JobId\":\"job-{call.Parameters["Arn"].Split('/').Last()}\"}}"));
                if (call.Operation == Ops.IamGetServiceLastAccessedDetails)
                {
                    var n = _polls.AddOrUpdate(call.Parameters["JobId"], 1, (_, v) => v + 1);
                    return Task.FromResult(AwsCallResult.Ok(n <= _pollsInProgress ? InProgress : _final));
                }
                return _recorded.CallAsync(call, cancellationToken);
            }
        }

        private static (CollectionResult Result, ScriptedIam Source, VirtualClock Clock) Collect(int pollsInProgress, string final, SnapshotDocuments? recorded = null)
        {
            recorded ??= SnapshotDocuments.Load(CollectorTestSupport.DemoAccount);
            var clock = new VirtualClock();
            var source = new ScriptedIam(recorded, clock, pollsInProgress, final);
            return (CollectorTestSupport.Collect(recorded, clock: clock, source: source), source, clock);
        }

        private static string Text(SnapshotDocuments documents, string path)
        {
            Assert.True(documents.TryGet(path, out var bytes), path + " was not written");
            return Encoding.UTF8.GetString(bytes);
        }

        [Fact]
        public void Collect_JobInProgressTwice_PollsUntilCompletedAndWritesOnlyTheCompletedAnswer()
        {
            var (result, source, clock) = Collect(2, Completed);

            var document = Text(result.Documents, "global/iam/GetServiceLastAccessedDetails/orders-api-role.json");
            Assert.Contains("\"COMPLETED\"", document);
            var polls = source.Calls.Where(c => c.Operation == Ops.IamGetServiceLastAccessedDetails && c.Parameters["JobId"] == "job-orders-api-role").ToList();
            Assert.Equal(3, polls.Count);
            Assert.True(clock.Now >= TimeSpan.FromTicks(Collector.LastAccessedPollInterval.Ticks * 2), $"waited {clock.Now} between polls");
            var generate = source.Calls.Single(c => c.Operation == Ops.IamGenerateServiceLastAccessedDetails && c.Key == "orders-api-role");
            Assert.Equal("ACTION_LEVEL", generate.Parameters["Granularity"]);
            Assert.Equal("arn:aws:iam::123456789012:role/orders-api-role", generate.Parameters["Arn"]);
            var report = SnapshotReader.Read(result.Documents).LastAccessedOf("orders-api-role");
            Assert.Equal("s3", Assert.Single(report.Value!.Services).ServiceNamespace);
        }

        [Fact]
        public void Collect_RoleUsedInTwoRegions_OneJobPerRoleOnlyForRolesFunctionsUse()
        {
            var recorded = SnapshotDocuments.Load(CollectorTestSupport.DemoAccount);
            var (result, source, _) = Collect(0, Completed, recorded);

            var roles = CollectorTestSupport.RegionsOf(recorded)
                .Where(r => recorded.TryGet($"{r}/lambda/ListFunctions.json", out _))
                .SelectMany(r =>
                {
                    recorded.TryGet($"{r}/lambda/ListFunctions.json", out var bytes);
                    using var document = System.Text.Json.JsonDocument.Parse(bytes);
                    return document.RootElement.GetProperty("Functions").EnumerateArray().Select(f => f.GetProperty("Role").GetString()!.Split('/').Last()).ToList();
                }).Distinct().OrderBy(r => r, StringComparer.Ordinal).ToList();
            var started = source.Calls.Where(c => c.Operation == Ops.IamGenerateServiceLastAccessedDetails).Select(c => c.Key!).OrderBy(k => k, StringComparer.Ordinal).ToList();
            Assert.Equal(roles, started);
            Assert.Equal(roles, result.Documents.Paths.Where(p => p.StartsWith("global/iam/GetServiceLastAccessedDetails/", StringComparison.Ordinal))
                .Select(p => p.Substring("global/iam/GetServiceLastAccessedDetails/".Length).Replace(".json", "")).OrderBy(k => k, StringComparer.Ordinal));
        }

        [Fact]
        public void Collect_JobFailed_WritesTheRolesErrorFileAndTheRuleSaysError()
        {
            var failed = @"{""JobStatus"":""FAILED"",""JobType"":""ACTION_LEVEL"",""JobCreationDate"":""2026-11-27T09:58:01+00:00"",""ServicesLastAccessed"":[],
                ""Error"":{""Message"":""The job could not complete."",""Code"":""ServiceFailure""}}";
            var (result, _, _) = Collect(1, failed);

            var error = Text(result.Documents, "global/iam/GetServiceLastAccessedDetails/orders-api-role.error.json");
            Assert.Contains("JobFailed", error);
            Assert.Contains("ServiceFailure", error);
            Assert.Contains(result.Failures, f => f.Operation == Ops.IamGetServiceLastAccessedDetails && f.ErrorCode == "JobFailed");
            var report = SnapshotReader.Read(result.Documents).LastAccessedOf("orders-api-role");
            Assert.Equal(FetchState.Failed, report.State);
            Assert.Equal("JobFailed", report.Error!.Code);
        }

        [Fact]
        public void Collect_JobNeverCompletes_StopsAfterTheLastPollWithJobTimeout()
        {
            var (result, source, _) = Collect(int.MaxValue, Completed);

            Assert.Contains("JobTimeout", Text(result.Documents, "global/iam/GetServiceLastAccessedDetails/orders-api-role.error.json"));
            Assert.Equal(Collector.LastAccessedMaxPolls,
                source.Calls.Count(c => c.Operation == Ops.IamGetServiceLastAccessedDetails && c.Parameters["JobId"] == "job-orders-api-role"));
        }

        [Fact]
        public void Collect_WithoutIam_StartsNoLastAccessedJob()
        {
            var recorded = SnapshotDocuments.Load(CollectorTestSupport.DemoAccount);
            var clock = new VirtualClock();
            var source = new ScriptedIam(recorded, clock, 0, Completed);
            var collector = new Collector(source, new CollectorOptions
            {
                Regions = CollectorTestSupport.RegionsOf(recorded), Scheduler = new SchedulerOptions { Clock = clock }, IncludeIam = false,
            });
            var result = Task.Run(() => collector.CollectAsync(CancellationToken.None)).GetAwaiter().GetResult();

            Assert.DoesNotContain(source.Calls, c => c.Operation.Service == "iam");
            // S3 answers live under global/ too; without IAM no IAM document may be written.
            Assert.DoesNotContain(result.Documents.Paths, p => p.StartsWith("global/iam/", StringComparison.Ordinal));
        }

        [Fact]
        public void Collect_BackupAndDax_OneListCallPerRegionRoundTripsAndReads()
        {
            var recorded = SnapshotDocuments.Load(CollectorTestSupport.DemoAccount);
            var regions = CollectorTestSupport.RegionsOf(recorded);
            foreach (var region in regions)
            {
                recorded.Set($"{region}/backup/ListProtectedResources.json",
                    $"{{\"Results\": [{{\"ResourceArn\": \"arn:aws:dynamodb:{region}:123456789012:table/orders\", \"ResourceType\": \"DynamoDB\", \"LastBackupTime\": 1795752000.0}}]}}\n");
                recorded.Set($"{region}/dax/DescribeClusters.json",
                    $"{{\"Clusters\": [{{\"ClusterName\": \"cache-{region}\", \"ClusterArn\": \"arn:aws:dax:{region}:123456789012:cache/cache-{region}\", " +
                    "\"SSEDescription\": {\"Status\": \"ENABLED\"}, \"ClusterEndpointEncryptionType\": \"TLS\"}]}\n");
            }
            var admitted = new ConcurrentBag<string>();
            var result = CollectorTestSupport.Collect(recorded, onAdmitted: (group, region, _) => admitted.Add(group.Name + "|" + region));

            Assert.Empty(CollectorTestSupport.Differences(recorded, result.Documents));
            foreach (var op in new[] { Ops.BackupListProtectedResources, Ops.DaxDescribeClusters })
            {
                var counts = result.Counts.Where(c => c.Operation == op).ToList();
                Assert.Equal(regions.OrderBy(r => r, StringComparer.Ordinal), counts.Select(c => c.Region).OrderBy(r => r, StringComparer.Ordinal));
                Assert.All(counts, c => Assert.Equal(1, c.Calls));
            }
            Assert.Equal(regions.Count, admitted.Count(a => a.StartsWith(ApiGroups.Backup.Name + "|", StringComparison.Ordinal)));
            Assert.Equal(regions.Count, admitted.Count(a => a.StartsWith(ApiGroups.Dax.Name + "|", StringComparison.Ordinal)));
            var inventory = SnapshotReader.Read(result.Documents);
            Assert.All(inventory.Regions.Where(r => regions.Contains(r.Region)), r =>
            {
                Assert.Equal("DynamoDB", Assert.Single(r.ProtectedResources.Value!).ResourceType);
                Assert.Equal("TLS", Assert.Single(r.DaxClusters.Value!).EndpointEncryptionType);
            });
        }
    }
}
