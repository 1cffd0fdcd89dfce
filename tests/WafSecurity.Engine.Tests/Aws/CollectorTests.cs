// Virtual-clock tests complete synchronously; the few real-clock ones block on purpose with a timeout check.
#pragma warning disable xUnit1031
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WafSecurity.Engine.Aws;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Rules;

namespace WafSecurity.Engine.Tests.Aws
{
    public class CollectorTests
    {
        /// <summary>
        /// Recorded snapshots the collector must reproduce file for file. Cases left out are those whose files a collector
        /// cannot produce: hand-made bad input (truncated JSON, wrong shapes), files deleted to simulate "not collected",
        /// and keys only a hand edit could name.
        /// </summary>
        public static IEnumerable<object[]> RecordedSnapshots()
        {
            yield return new object[] { "examples/demo-account" };
            var root = Path.Combine(TestPaths.Fixtures, "rules");
            foreach (var ruleDir in Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal))
                foreach (var caseDir in Directory.GetDirectories(ruleDir).OrderBy(d => d, StringComparer.Ordinal))
                {
                    var name = Path.GetFileName(caseDir);
                    if (name.Contains("malformed") || name.Contains("not-collected") || name.Contains("bad") || name.Contains("invalid")) continue;
                    // An IN_PROGRESS last-accessed answer: the collector polls until COMPLETED and never writes one.
                    if (name.Contains("in-progress")) continue;
                    // ListFunctions.error.json placed by hand beside per-function answers: after a failed list a collector
                    // cannot know the functions, so it never asks for them.
                    if (Path.GetFileName(ruleDir) == "SEC2.Lambda.SharedExecutionRole" && name == "error") continue;
                    // Code scans come from a package download (or a zip an operator placed), not from a recorded answer.
                    if (Path.GetFileName(ruleDir) == "SEC3.Lambda.SecretsInCode") continue;
                    // Log events as the AWS CLI wrote them (secrets in clear): the collector redacts them, by design.
                    if (name.Contains("cli-raw")) continue;
                    yield return new object[] { Path.GetRelativePath(TestPaths.RepoRoot, caseDir).Replace('\\', '/') };
                }
            // Event source mappings (one list call per region); the not-collected case had its file removed by hand.
            foreach (var caseDir in Directory.GetDirectories(Path.Combine(TestPaths.Fixtures, "least-privilege")).OrderBy(d => d, StringComparer.Ordinal))
                if (!Path.GetFileName(caseDir).Contains("not-collected"))
                    yield return new object[] { Path.GetRelativePath(TestPaths.RepoRoot, caseDir).Replace('\\', '/') };
        }

        [Theory]
        [MemberData(nameof(RecordedSnapshots))]
        public void Collect_RecordedSnapshot_RoundTripsFileForFile(string folder)
        {
            var recorded = SnapshotDocuments.Load(Path.Combine(TestPaths.RepoRoot, folder));
            var result = CollectorTestSupport.Collect(recorded);
            Assert.Empty(CollectorTestSupport.Differences(recorded, result.Documents));
        }

        [Fact]
        public void Collect_ApiGateway_CallsDomainNamesUsagePlansValidatorsAndIntegrations()
        {
            var rules = Path.Combine(TestPaths.Fixtures, "rules");
            var recorded = SnapshotDocuments.Load(Path.Combine(rules, "SEC1.ApiGwV2.PrivateIntegrationTls", "fail"));
            var result = CollectorTestSupport.Collect(recorded);
            Assert.True(result.Documents.Contains("us-east-1/apigateway/GetDomainNames.json"));
            Assert.True(result.Documents.Contains("us-east-1/apigateway/GetUsagePlans.json"));
            Assert.True(result.Documents.Contains("us-east-1/apigatewayv2/GetDomainNames.json"));
            Assert.Contains(result.Documents.Paths, p => p.StartsWith("us-east-1/apigatewayv2/GetIntegrations/", StringComparison.Ordinal));
            var validators = SnapshotDocuments.Load(Path.Combine(rules, "SEC3.ApiGw.RequestValidation", "pass"));
            Assert.Contains(CollectorTestSupport.Collect(validators).Documents.Paths, p => p.StartsWith("us-east-1/apigateway/GetRequestValidators/", StringComparison.Ordinal));
            Assert.All(new[] { "apigateway GetDomainNames", "apigateway GetUsagePlans", "apigatewayv2 GetDomainNames", "apigatewayv2 GetIntegrations" },
                label => Assert.Equal(ApiGroups.ApiGateway, ApiGroups.Of(SnapshotOperations.All.Single(o => o.Label == label))));
        }

        [Fact]
        public void Collect_WithThrottlingServerErrorsAndDrops_EqualsTheFaultFreeCollection()
        {
            var recorded = SnapshotDocuments.Load(CollectorTestSupport.DemoAccount);
            var clean = CollectorTestSupport.Collect(recorded);
            var faults = new CallFaults { ThrottleRate = 0.20, ServerErrorRate = 0.05, DropRate = 0.01, Seed = 42 };
            var source = new SnapshotCallSource(recorded, faults, new VirtualClock());
            var faulty = CollectorTestSupport.Collect(recorded, source: source);

            Assert.Empty(CollectorTestSupport.Differences(clean.Documents, faulty.Documents));
            // The demo account's one recorded AccessDenied stays; nothing else fails.
            Assert.Equal(clean.Failures.Select(f => f.Region + " " + f.Operation.Label), faulty.Failures.Select(f => f.Region + " " + f.Operation.Label));
            Assert.True(faulty.ThrottleRetries > 0 && faulty.TransientRetries > 0, $"faults were injected ({faulty.ThrottleRetries} throttles, {faulty.TransientRetries} transient)");
            Assert.Equal(clean.Calls, faulty.Calls);
        }

        [Theory]
        [InlineData(11)]
        [InlineData(12)]
        [InlineData(13)]
        public void Collect_WithThrottlingAndFailuresAcrossSeeds_EqualsTheFaultFreeCollection(int seed)
        {
            var recorded = SnapshotDocuments.Load(Path.Combine(TestPaths.Fixtures, "rules", "SEC2.Lambda.PublicInvoke", "fail-version-policy"));
            var clean = CollectorTestSupport.Collect(recorded);
            var faulty = CollectorTestSupport.Collect(recorded, new CallFaults { ThrottleRate = 0.20, ServerErrorRate = 0.05, Seed = seed });
            Assert.Empty(CollectorTestSupport.Differences(clean.Documents, faulty.Documents));
        }

        [Fact]
        public void Collect_PersistentAccessDenied_WritesErrorFilesOneFailurePerRegionAndErrorFindings()
        {
            var recorded = SnapshotDocuments.Load(CollectorTestSupport.DemoAccount);
            var faults = new CallFaults();
            faults.PersistentErrors["lambda GetPolicy"] = ("AccessDeniedException", "User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: lambda:GetPolicy", 403);
            var result = CollectorTestSupport.Collect(recorded, faults);

            var functions = result.Documents.Paths.Where(p => p.Contains("/lambda/ListAliases/")).ToList();
            Assert.NotEmpty(functions);
            foreach (var aliases in functions)
            {
                var errorFile = aliases.Replace("/ListAliases/", "/GetPolicy/").Replace(".json", ".error.json");
                Assert.True(result.Documents.TryGet(errorFile, out var bytes), $"no {errorFile}");
                using var document = System.Text.Json.JsonDocument.Parse(bytes);
                Assert.Equal("AccessDeniedException", document.RootElement.GetProperty("Code").GetString());
                Assert.Equal(403, document.RootElement.GetProperty("HttpStatus").GetInt32());
                Assert.False(result.Documents.Contains(errorFile.Replace(".error.json", ".json")));
            }
            var failures = result.Failures.Where(f => f.Operation == SnapshotOperations.LambdaGetPolicy).ToList();
            Assert.Equal(new[] { "eu-west-1", "us-east-1" }, failures.Select(f => f.Region).OrderBy(r => r));
            Assert.All(failures, f => Assert.True(f.IsAccessDenied && f.Count > 1));

            var inventory = SnapshotReader.Read(result.Documents);
            var findings = new AuditEngine(new AuditOptions { Rules = new[] { "SEC2.Lambda.PublicInvoke", "SEC2.Lambda.CrossAccountInvoke" }, IncludePassed = true })
                .Run(inventory).ToList();
            Assert.NotEmpty(findings);
            Assert.All(findings, f => Assert.Equal(FindingStatus.Error, f.Status));
            Assert.Contains(findings, f => f.Reason.Contains("lambda:GetPolicy"));
        }

        [Fact]
        public void Collect_ListAccessDenied_RecordsTheListErrorAndMakesNoPerResourceCalls()
        {
            var recorded = SnapshotDocuments.Load(CollectorTestSupport.DemoAccount);
            var faults = new CallFaults();
            faults.PersistentErrors["dynamodb ListTables"] = ("AccessDeniedException", "not authorized to perform: dynamodb:ListTables", 403);
            var result = CollectorTestSupport.Collect(recorded, faults);
            Assert.True(result.Documents.Contains("us-east-1/dynamodb/ListTables.error.json"));
            Assert.DoesNotContain(result.Documents.Paths, p => p.Contains("/dynamodb/DescribeTable/"));
            var findings = new AuditEngine(new AuditOptions { Rules = new[] { "SEC2.DynamoDB.PITR" }, IncludePassed = true })
                .Run(SnapshotReader.Read(result.Documents)).ToList();
            Assert.DoesNotContain(findings, f => f.Status == FindingStatus.Passed);
        }

        [Fact]
        public void Collect_LiveAuditThroughMemory_GivesTheSameVerdictsAsTheOfflineAudit()
        {
            var recorded = SnapshotDocuments.Load(CollectorTestSupport.DemoAccount);
            var result = CollectorTestSupport.Collect(recorded);
            var engine = new AuditEngine(new AuditOptions { IncludePassed = true });
            string Key(WafFinding f) => $"{f.RuleId}|{f.Region}|{f.ResourceArn}|{f.Status}";
            var offline = engine.Run(SnapshotReader.Read(CollectorTestSupport.DemoAccount)).Select(Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
            var live = engine.Run(SnapshotReader.Read(result.Documents)).Select(Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
            Assert.Equal(offline, live);
        }

        [Fact]
        public void Collect_Cancelled_StopsPromptly()
        {
            var recorded = SnapshotDocuments.Load(CollectorTestSupport.DemoAccount);
            using var cancel = new CancellationTokenSource();
            var inner = new SnapshotCallSource(recorded, null, new VirtualClock());
            var source = new CountingSource(inner, after: 10, cancel);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Assert.ThrowsAny<OperationCanceledException>(() => CollectorTestSupport.Collect(recorded, source: source, cancellationToken: cancel.Token));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
            // Calls already admitted may finish; nothing new starts after the cancellation.
            Assert.True(source.CallsAfterCancel == 0, $"{source.CallsAfterCancel} calls started after cancellation");
        }

        [Fact]
        public void Collect_RealClockWithLatency_CancellationEndsWaitsAtOnce()
        {
            var recorded = SnapshotDocuments.Load(CollectorTestSupport.DemoAccount);
            using var cancel = new CancellationTokenSource();
            var clock = MonotonicClock.Instance;
            // A source that hangs until cancelled: a stop must not wait for AWS.
            var collector = new Collector(new HangingSource(), new CollectorOptions
            {
                Regions = new[] { "us-east-1", "eu-west-1" }, AccountId = "123456789012", Scheduler = new SchedulerOptions { Clock = clock },
            });
            var task = collector.CollectAsync(cancel.Token);
            cancel.CancelAfter(50);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Assert.ThrowsAny<OperationCanceledException>(() => task.GetAwaiter().GetResult());
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        }

        [Fact]
        public void Collect_LogGroups_OneDescribeLogGroupsPerRegionRoundTripsAndReads()
        {
            var recorded = SnapshotDocuments.Load(CollectorTestSupport.DemoAccount);
            var regions = CollectorTestSupport.RegionsOf(recorded);
            foreach (var region in regions)
                recorded.Set($"{region}/logs/DescribeLogGroups.json",
                    $"{{\"logGroups\": [{{\"logGroupName\": \"/aws/lambda/orders-{region}\", \"creationTime\": 1764236400000, \"retentionInDays\": 14, " +
                    $"\"arn\": \"arn:aws:logs:{region}:123456789012:log-group:/aws/lambda/orders-{region}:*\", \"storedBytes\": 10}}]}}\n");
            var admitted = new System.Collections.Concurrent.ConcurrentBag<string>();
            var result = CollectorTestSupport.Collect(recorded, onAdmitted: (group, region, _) => admitted.Add(group.Name + "|" + region));

            Assert.Empty(CollectorTestSupport.Differences(recorded, result.Documents));
            var counts = result.Counts.Where(c => c.Operation == SnapshotOperations.LogsDescribeLogGroups).ToList();
            Assert.Equal(regions.OrderBy(r => r, StringComparer.Ordinal), counts.Select(c => c.Region).OrderBy(r => r, StringComparer.Ordinal));
            Assert.All(counts, c => Assert.Equal(1, c.Calls));
            Assert.Equal(regions.Count, admitted.Count(a => a.StartsWith("logs:DescribeLogGroups|", StringComparison.Ordinal)));
            var inventory = SnapshotReader.Read(result.Documents);
            Assert.All(inventory.Regions.Where(r => regions.Contains(r.Region)), r =>
                Assert.Equal(14, Assert.Single(r.LogGroups.Value!).RetentionInDays));
        }

        [Fact]
        public void Collect_AppSyncAndIdentityPools_ListOncePerRegionThenOneCallPerResource()
        {
            var recorded = SnapshotDocuments.Load(CollectorTestSupport.DemoAccount);
            var regions = CollectorTestSupport.RegionsOf(recorded);
            foreach (var region in regions)
            {
                recorded.Set($"{region}/appsync/ListGraphqlApis.json",
                    "{\"graphqlApis\": [{\"name\": \"cached\", \"apiId\": \"c1\", \"authenticationType\": \"API_KEY\"}, " +
                    "{\"name\": \"plain\", \"apiId\": \"p1\", \"authenticationType\": \"AWS_IAM\"}]}\n");
                // Only the cached API has a GetApiCache answer; the other answers NotFoundException and writes no file.
                recorded.Set($"{region}/appsync/GetApiCache/c1.json",
                    "{\"apiCache\": {\"ttl\": 300, \"atRestEncryptionEnabled\": true, \"transitEncryptionEnabled\": false, \"type\": \"SMALL\", \"status\": \"AVAILABLE\"}}\n");
                recorded.Set($"{region}/cognito-identity/ListIdentityPools.json",
                    "{\"IdentityPools\": [{\"IdentityPoolId\": \"" + region + ":1111\", \"IdentityPoolName\": \"guests\"}]}\n");
                recorded.Set($"{region}/cognito-identity/DescribeIdentityPool/{region}%3A1111.json",
                    "{\"IdentityPoolId\": \"" + region + ":1111\", \"IdentityPoolName\": \"guests\", \"AllowUnauthenticatedIdentities\": true}\n");
            }
            var result = CollectorTestSupport.Collect(recorded);

            Assert.Empty(CollectorTestSupport.Differences(recorded, result.Documents));
            foreach (var region in regions)
            {
                Assert.Equal(1, result.Counts.Single(c => c.Region == region && c.Operation == SnapshotOperations.AppSyncListGraphqlApis).Calls);
                var caches = result.Counts.Single(c => c.Region == region && c.Operation == SnapshotOperations.AppSyncGetApiCache);
                Assert.Equal(2, caches.Calls);
                Assert.Equal(1, caches.NotFound);
                Assert.Equal(1, result.Counts.Single(c => c.Region == region && c.Operation == SnapshotOperations.CognitoDescribeIdentityPool).Calls);
            }
            Assert.DoesNotContain(result.Failures, f => f.Operation.Service == "appsync" || f.Operation.Service == "cognito-identity");
            var inventory = SnapshotReader.Read(result.Documents);
            Assert.All(inventory.Regions.Where(r => regions.Contains(r.Region)), r =>
            {
                Assert.Equal(FetchState.Absent, r.GraphqlApis.Value!.Single(a => a.ApiId == "p1").Cache.State);
                Assert.False(r.GraphqlApis.Value!.Single(a => a.ApiId == "c1").Cache.Value!.TransitEncryptionEnabled);
                Assert.True(Assert.Single(r.IdentityPools.Value!).Description.Value!.AllowUnauthenticatedIdentities);
            });
        }

        [Fact]
        public void Collect_S3_OncePerAccountPerBucketCallsInTheBucketsRegionFiledUnderGlobal()
        {
            var recorded = CollectorTestSupport.Without(SnapshotDocuments.Load(CollectorTestSupport.DemoAccount), "s3api", "s3control");
            recorded.Set("global/s3api/ListBuckets.json", "{\"Buckets\": [{\"Name\": \"orders-data\", \"BucketRegion\": \"eu-west-1\"}, " +
                                                          "{\"Name\": \"images\"}], \"Owner\": {\"ID\": \"abc\"}, \"Prefix\": null}\n");
            recorded.Set("global/s3api/GetBucketLocation/images.json", "{\"LocationConstraint\": \"us-west-2\"}\n");
            foreach (var bucket in new[] { "orders-data", "images" })
                recorded.Set($"global/s3api/GetBucketEncryption/{bucket}.json", "{\"ServerSideEncryptionConfiguration\": {\"Rules\": [" +
                    "{\"ApplyServerSideEncryptionByDefault\": {\"SSEAlgorithm\": \"AES256\"}}]}}\n");
            recorded.Set("global/s3api/GetBucketPolicyStatus/orders-data.json", "{\"PolicyStatus\": {\"IsPublic\": false}}\n");
            recorded.Set("global/s3api/GetPublicAccessBlock/images.error.json", "{\"Code\": \"AccessDenied\", \"Message\": \"denied\", \"HttpStatus\": 403}");
            recorded.Set("global/s3control/GetPublicAccessBlock.json", "{\"PublicAccessBlockConfiguration\": {\"BlockPublicAcls\": true, " +
                "\"IgnorePublicAcls\": true, \"BlockPublicPolicy\": true, \"RestrictPublicBuckets\": true}}\n");
            var admitted = new System.Collections.Concurrent.ConcurrentBag<string>();
            var result = CollectorTestSupport.Collect(recorded, onAdmitted: (group, region, _) => admitted.Add(group.Name + "|" + region));

            Assert.Empty(CollectorTestSupport.Differences(recorded, result.Documents));
            var s3Calls = result.Counts.Where(c => c.Operation.Service == "s3api" || c.Operation.Service == "s3control").ToList();
            Assert.All(s3Calls, c => Assert.Equal("global", c.Region));
            Assert.Equal(1, s3Calls.Single(c => c.Operation == SnapshotOperations.S3ListBuckets).Calls);
            Assert.Equal(1, s3Calls.Single(c => c.Operation == SnapshotOperations.S3GetBucketLocation).Calls); // only images lacks BucketRegion
            Assert.Equal(2, s3Calls.Single(c => c.Operation == SnapshotOperations.S3GetBucketEncryption).Calls);
            Assert.Equal(3, admitted.Count(a => a == "s3:ControlPlane|eu-west-1"));
            Assert.Equal(3, admitted.Count(a => a == "s3:ControlPlane|us-west-2"));
            var s3 = SnapshotReader.Read(result.Documents).S3;
            Assert.Equal("us-west-2", s3.Find("images")!.BucketRegion);
            Assert.Equal(FetchState.Failed, s3.Find("images")!.PublicAccessBlock.State);
            Assert.True(s3.AccountPublicAccessBlock.Value!.AllOn);
        }

        [Fact]
        public void Collect_MakesOnlyTheCallsTheRulesRead()
        {
            var recorded = SnapshotDocuments.Load(CollectorTestSupport.DemoAccount);
            var source = new SnapshotCallSource(recorded, null, new VirtualClock());
            var result = CollectorTestSupport.Collect(recorded, source: source);
            // One call per file but account.json, one per not-found answer, and sts GetCallerIdentity.
            var notFound = result.Counts.Sum(c => c.NotFound);
            Assert.Equal(result.Documents.Count - 1 + notFound + 1, result.Calls);
            Assert.Equal(source.Attempts, result.Requests);
        }

        [Fact]
        public void Collect_EmitsProgressAndOneVerboseLinePerOperationClass()
        {
            var recorded = SnapshotDocuments.Load(CollectorTestSupport.DemoAccount);
            var events = new System.Collections.Concurrent.ConcurrentQueue<CollectionEvent>();
            var clock = new VirtualClock();
            var collector = new Collector(new SnapshotCallSource(recorded, null, clock), new CollectorOptions
            {
                Regions = new[] { "us-east-1", "eu-west-1" }, Scheduler = new SchedulerOptions { Clock = clock }, OnEvent = events.Enqueue,
            });
            var result = collector.CollectAsync(CancellationToken.None).GetAwaiter().GetResult();
            Assert.Equal("123456789012", result.Account.AccountId);
            var progress = events.Where(e => e.Kind == CollectionEventKind.Progress).ToList();
            Assert.Equal(result.Calls - 1, progress.Count); // every call but sts GetCallerIdentity
            Assert.Contains(events, e => e.Kind == CollectionEventKind.Verbose && e.Message.StartsWith("lambda GetPolicy in us-east-1:"));
        }

        [Fact]
        public void Collect_QueuesAndActivity_AfterTheListsRoundTripAndRead()
        {
            var recorded = CollectorTestSupport.Without(SnapshotDocuments.Load(CollectorTestSupport.DemoAccount), "sqs", "cloudwatch");
            var capturedAt = CollectorTestSupport.AccountOf(recorded).CapturedAt!.Value;
            var regions = CollectorTestSupport.RegionsOf(recorded);
            foreach (var region in regions)
            {
                var url = $"https://sqs.{region}.amazonaws.com/123456789012/jobs-{region}";
                recorded.Set($"{region}/sqs/ListQueues.json", $"{{\"QueueUrls\": [\"{url}\"]}}\n");
                recorded.Set($"{region}/sqs/GetQueueAttributes/jobs-{region}.json",
                    $"{{\"Attributes\": {{\"QueueArn\": \"arn:aws:sqs:{region}:123456789012:jobs-{region}\", \"CreatedTimestamp\": \"1764236400\"}}}}\n");
                recorded.Set($"{region}/cloudwatch/GetMetricData/AWS_SQS_NumberOfMessagesSent.90d.json",
                    $"{{\"MetricDataResults\": [{{\"Id\": \"m0\", \"Label\": \"jobs-{region}\", \"Timestamps\": [1795168800], \"Values\": [4.0], \"StatusCode\": \"Complete\"}}], \"Messages\": []}}\n");
            }
            var calls = new System.Collections.Concurrent.ConcurrentQueue<AwsCall>();
            var source = new RecordingSource(new SnapshotCallSource(recorded, null, new VirtualClock()), calls);
            var result = CollectorTestSupport.Collect(recorded, source: source);

            Assert.Empty(CollectorTestSupport.Differences(recorded, result.Documents));
            var metricCalls = calls.Where(c => c.Operation == SnapshotOperations.CloudWatchGetMetricData).ToList();
            // One call per metric a region has resources for; each lists exactly that region's resources.
            var lambdaCall = metricCalls.First(c => c.Region == "us-east-1" && c.Key == "AWS_Lambda_Invocations.90d");
            var functions = SnapshotReader.Read(recorded).Regions.Single(r => r.Region == "us-east-1").Functions.Value!.Select(f => f.FunctionName);
            using (var queries = System.Text.Json.JsonDocument.Parse(lambdaCall.Parameters["MetricDataQueries"]))
            {
                Assert.Equal(functions.OrderBy(n => n, StringComparer.Ordinal),
                    queries.RootElement.EnumerateArray().Select(q => q.GetProperty("Label").GetString()).OrderBy(n => n, StringComparer.Ordinal));
                Assert.All(queries.RootElement.EnumerateArray(), q => Assert.Equal(86400, q.GetProperty("MetricStat").GetProperty("Period").GetInt32()));
            }
            Assert.Equal(capturedAt.AddDays(-90).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), lambdaCall.Parameters["StartTime"]);
            Assert.Equal(capturedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), lambdaCall.Parameters["EndTime"]);
            // Metrics come after every list of their region.
            var order = calls.ToList();
            Assert.All(regions, region => Assert.True(
                order.FindLastIndex(c => c.Region == region && c.Operation != SnapshotOperations.CloudWatchGetMetricData && c.Key == null && c.Operation.Service != "kms")
                < order.FindIndex(c => c.Region == region && c.Operation == SnapshotOperations.CloudWatchGetMetricData), region));

            var inventory = SnapshotReader.Read(result.Documents);
            var east = inventory.Regions.Single(r => r.Region == "us-east-1");
            Assert.Equal("jobs-us-east-1", Assert.Single(east.Queues.Value!).QueueName);
            Assert.Equal(4.0, east.ActivityOf(ActivityMetrics.QueueSent).Value!.ByLabel["jobs-us-east-1"].SumSince(DateTimeOffset.MinValue));
        }

        [Fact]
        public void Collect_ManyResources_500QueriesACallMergedIntoOneFile()
        {
            var names = Enumerable.Range(0, 1201).Select(i => $"fn-{i:0000}").ToList();
            var source = new MetricEchoSource(names);
            var clock = new VirtualClock();
            var collector = new Collector(source, new CollectorOptions
            {
                Regions = new[] { "us-east-1" }, AccountId = "123456789012", CapturedAt = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero),
                Services = new[] { "lambda", "cloudwatch" }, IncludeIam = false, MetricWindowDays = 120,
                Scheduler = new SchedulerOptions { Clock = clock },
            });
            var result = Task.Run(() => collector.CollectAsync(CancellationToken.None)).GetAwaiter().GetResult();

            Assert.Equal(new[] { 500, 500, 201 }, source.BatchSizes.OrderByDescending(n => n));
            Assert.True(result.Documents.TryGet("us-east-1/cloudwatch/GetMetricData/AWS_Lambda_Invocations.120d.json", out var bytes));
            using var document = System.Text.Json.JsonDocument.Parse(bytes);
            Assert.Equal(names, document.RootElement.GetProperty("MetricDataResults").EnumerateArray().Select(r => r.GetProperty("Label").GetString()).OrderBy(n => n, StringComparer.Ordinal));
            var activity = SnapshotReader.Read(result.Documents).Regions.Single().ActivityOf(ActivityMetrics.LambdaInvocations);
            Assert.Equal((FetchState.Ok, 120, 1201), (activity.State, activity.Value!.WindowDays, activity.Value.ByLabel.Count));
        }

        [Fact]
        public void Collect_OneMetricBatchFails_TheWholeMetricIsAnErrorFile()
        {
            var source = new MetricEchoSource(Enumerable.Range(0, 600).Select(i => $"fn-{i}").ToList()) { FailBatchOf = 100 };
            var collector = new Collector(source, new CollectorOptions
            {
                Regions = new[] { "us-east-1" }, AccountId = "123456789012", Services = new[] { "lambda", "cloudwatch" }, IncludeIam = false,
                Scheduler = new SchedulerOptions { Clock = new VirtualClock() },
            });
            var result = Task.Run(() => collector.CollectAsync(CancellationToken.None)).GetAwaiter().GetResult();
            Assert.False(result.Documents.Contains("us-east-1/cloudwatch/GetMetricData/AWS_Lambda_Invocations.90d.json"));
            Assert.True(result.Documents.Contains("us-east-1/cloudwatch/GetMetricData/AWS_Lambda_Invocations.90d.error.json"));
            Assert.Contains(result.Failures, f => f.Operation == SnapshotOperations.CloudWatchGetMetricData && f.IsAccessDenied);
        }

        private sealed class RecordingSource : IAwsCallSource
        {
            private readonly IAwsCallSource _inner;
            private readonly System.Collections.Concurrent.ConcurrentQueue<AwsCall> _calls;
            public RecordingSource(IAwsCallSource inner, System.Collections.Concurrent.ConcurrentQueue<AwsCall> calls) { _inner = inner; _calls = calls; }
            public Task<AwsCallResult> CallAsync(AwsCall call, CancellationToken cancellationToken)
            {
                _calls.Enqueue(call);
                return _inner.CallAsync(call, cancellationToken);
            }
        }

        /// <summary>Lists the given functions; answers GetMetricData with one empty series per query; nothing else exists.</summary>
        private sealed class MetricEchoSource : IAwsCallSource
        {
            private readonly List<string> _functions;
            public MetricEchoSource(List<string> functions) { _functions = functions; }
            public System.Collections.Concurrent.ConcurrentBag<int> BatchSizes { get; } = new System.Collections.Concurrent.ConcurrentBag<int>();
            /// <summary>Answer AccessDenied to the batch of this size.</summary>
            public int? FailBatchOf { get; set; }

            public Task<AwsCallResult> CallAsync(AwsCall call, CancellationToken cancellationToken)
            {
                if (call.Operation == SnapshotOperations.LambdaListFunctions)
                    return Task.FromResult(AwsCallResult.Ok("{\"Functions\": [" + string.Join(",", _functions.Select(f =>
                        $"{{\"FunctionName\": \"{f}\", \"FunctionArn\": \"arn:aws:lambda:us-east-1:123456789012:function:{f}\"}}")) + "]}"));
                if (call.Operation != SnapshotOperations.CloudWatchGetMetricData)
                    return Task.FromResult(AwsCallResult.NotFound("ResourceNotFoundException", "none"));
                using var queries = System.Text.Json.JsonDocument.Parse(call.Parameters["MetricDataQueries"]);
                var labels = queries.RootElement.EnumerateArray().Select(q => q.GetProperty("Label").GetString()!).ToList();
                BatchSizes.Add(labels.Count);
                if (labels.Count == FailBatchOf) return Task.FromResult(AwsCallResult.Failed("AccessDeniedException", "denied", 400));
                return Task.FromResult(AwsCallResult.Ok("{\"MetricDataResults\": [" + string.Join(",", labels.Select((l, i) =>
                    $"{{\"Id\": \"m{i}\", \"Label\": \"{l}\", \"Timestamps\": [], \"Values\": [], \"StatusCode\": \"Complete\"}}")) + "], \"Messages\": []}"));
            }
        }

        private sealed class CountingSource : IAwsCallSource
        {
            private readonly IAwsCallSource _inner;
            private readonly int _after;
            private readonly CancellationTokenSource _cancel;
            private int _calls;
            public CountingSource(IAwsCallSource inner, int after, CancellationTokenSource cancel) { _inner = inner; _after = after; _cancel = cancel; }
            public int CallsAfterCancel;
            public Task<AwsCallResult> CallAsync(AwsCall call, CancellationToken cancellationToken)
            {
                if (_cancel.IsCancellationRequested) Interlocked.Increment(ref CallsAfterCancel);
                if (Interlocked.Increment(ref _calls) == _after) _cancel.Cancel();
                return _inner.CallAsync(call, cancellationToken);
            }
        }

        private sealed class HangingSource : IAwsCallSource
        {
            public async Task<AwsCallResult> CallAsync(AwsCall call, CancellationToken cancellationToken)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new InvalidOperationException("unreachable");
            }
        }

        [Fact]
        public void Collect_CodeSigning_PerZipFunctionThenOncePerSharedConfig()
        {
            var fail = SnapshotDocuments.Load(Path.Combine(TestPaths.Fixtures, "rules", "SEC2.Lambda.CodeSigning", "fail"));
            var result = CollectorTestSupport.Collect(fail);
            Assert.Empty(CollectorTestSupport.Differences(fail, result.Documents));
            // Three .zip functions asked; the container-image function never is.
            Assert.Equal(3, result.Counts.Single(c => c.Operation == SnapshotOperations.LambdaGetFunctionCodeSigningConfig).Calls);
            Assert.Equal(2, result.Counts.Single(c => c.Operation == SnapshotOperations.LambdaGetCodeSigningConfig).Calls);

            var shared = SnapshotDocuments.Load(Path.Combine(TestPaths.Fixtures, "rules", "SEC2.Lambda.CodeSigning", "pass"));
            var sharedResult = CollectorTestSupport.Collect(shared);
            Assert.Empty(CollectorTestSupport.Differences(shared, sharedResult.Documents));
            Assert.Equal(1, sharedResult.Counts.Single(c => c.Operation == SnapshotOperations.LambdaGetCodeSigningConfig).Calls);
        }

        [Fact]
        public void Collect_StateMachines_ListOncePerRegionThenDescribeEachByName()
        {
            var recorded = SnapshotDocuments.Load(Path.Combine(TestPaths.Fixtures, "rules", "SEC3.StepFunctions.NoSecretsInDefinition", "error"));
            var result = CollectorTestSupport.Collect(recorded);
            Assert.Empty(CollectorTestSupport.Differences(recorded, result.Documents));
            Assert.Equal(1, result.Counts.Single(c => c.Operation == SnapshotOperations.StepFunctionsListStateMachines).Calls);
            Assert.Equal(2, result.Counts.Single(c => c.Operation == SnapshotOperations.StepFunctionsDescribeStateMachine).Calls);
            var machines = SnapshotReader.Read(result.Documents).Regions.Single(r => r.Region == "us-east-1").StateMachines.Value!;
            Assert.Equal(FetchState.Failed, machines.Single(m => m.Name == "denied-flow").Description.State);
            Assert.Equal(FetchState.Ok, machines.Single(m => m.Name == "readable-flow").Description.State);
        }
    }
}
