using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using WafSecurity.Engine.Aws;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Tests.Aws
{
    /// <summary>
    /// AwsApiCallSource against moto_server, compared with what the AWS CLI prints for the same calls (semantically
    /// equal JSON, timestamps as instants), in two regions behind one endpoint.
    /// </summary>
    [Collection("moto")]
    public sealed class AwsApiCallSourceMotoTests : IDisposable
    {
        private static readonly Dictionary<string, string> NoEnvironment = new Dictionary<string, string>();
        private readonly MotoFixture _moto;
        private readonly AwsApiCallSource? _source;

        public AwsApiCallSourceMotoTests(MotoFixture moto)
        {
            _moto = moto;
            if (moto.SkipReason != null) return;
            var connection = AwsConnectionResolver.Resolve(new AwsConnectionOptions
            {
                AccessKey = "testing", SecretKey = "testing", Regions = MotoFixture.Regions, EndpointUrl = moto.Endpoint,
                Retry = new AwsRetrySettings { MaxErrorRetry = 2 },
            }, name => NoEnvironment.TryGetValue(name, out var v) ? v : null);
            _source = new AwsApiCallSource(connection);
        }

        public void Dispose() => _source?.Dispose();

        private void SkipWithoutMoto() => Skip.If(_moto.SkipReason != null, _moto.SkipReason);

        private static string Kebab(string pascal) => Regex.Replace(pascal, "(?<=[a-z0-9])([A-Z])", "-$1").ToLowerInvariant();

        private static string[] CliArgs(AwsCall call)
        {
            var args = new List<string> { call.Operation.Service, Kebab(call.Operation.Operation) };
            foreach (var kv in call.Parameters) { args.Add("--" + Kebab(kv.Key)); args.Add(kv.Value); }
            if (call.Operation == SnapshotOperations.RestGetResources) { args.Add("--embed"); args.Add("methods"); }
            return args.ToArray();
        }

        private static AwsCall Call(SnapshotOperation op, string region, params (string Key, string Value)[] parameters)
            => new AwsCall(op, region, parameters.Length == 0 ? null : parameters[0].Value, parameters.ToDictionary(p => p.Key, p => p.Value));

        /// <summary>Runs the calls through the CLI and the source; returns the differences, one line per problem.</summary>
        private async Task<(List<string> Problems, List<(AwsCall Call, AwsCallResult Ours, MotoFixture.CliResult Cli)> Results)> CompareAsync(IReadOnlyList<AwsCall> calls)
        {
            var cli = _moto.RunCli(calls.Select(c => (c.Region == AwsEndpoints.Global ? MotoFixture.Regions[0] : c.Region, CliArgs(c))).ToList());
            var ours = await Task.WhenAll(calls.Select(c => _source!.CallAsync(c, CancellationToken.None)));
            var problems = new List<string>();
            var results = new List<(AwsCall, AwsCallResult, MotoFixture.CliResult)>();
            for (var i = 0; i < calls.Count; i++)
            {
                results.Add((calls[i], ours[i], cli[i]));
                var expected = ExpectedOutcome(calls[i], cli[i], out var code);
                if (ours[i].Outcome != expected)
                {
                    problems.Add($"{calls[i]}: outcome {ours[i].Outcome} ({ours[i].ErrorCode} {ours[i].ErrorMessage}), the CLI gave {expected} ({code}) {cli[i].Stderr.Trim()}");
                    continue;
                }
                if (expected == AwsCallOutcome.Failed && ours[i].ErrorCode != code)
                    problems.Add($"{calls[i]}: error code {ours[i].ErrorCode}, the CLI printed {code}");
                if (expected != AwsCallOutcome.Ok) continue;
                foreach (var d in JsonSemantics.Differences(cli[i].Stdout, ours[i].Json!)) problems.Add($"{calls[i]}: {d}");
            }
            return (problems, results);
        }

        private static AwsCallOutcome ExpectedOutcome(AwsCall call, MotoFixture.CliResult cli, out string? code)
        {
            code = null;
            if (cli.ExitCode == 0)
            {
                if (call.Operation == SnapshotOperations.SecretsGetResourcePolicy && JsonNode.Parse(cli.Stdout)?["ResourcePolicy"] == null) return AwsCallOutcome.NotFound;
                return AwsCallOutcome.Ok;
            }
            var m = Regex.Match(cli.Stderr, @"An error occurred \((?<code>[^)]+)\)");
            code = m.Success ? m.Groups["code"].Value : "CliError";
            return AwsApiCallSource.NotFoundCodes.Contains(code) ? AwsCallOutcome.NotFound : AwsCallOutcome.Failed;
        }

        private static void AssertNoProblems(List<string> problems)
            => Assert.True(problems.Count == 0, "Differences from the AWS CLI:\n" + string.Join("\n", problems));

        private async Task<JsonElement> OkJsonAsync(AwsCall call)
        {
            var r = await _source!.CallAsync(call, CancellationToken.None);
            Assert.True(r.Outcome == AwsCallOutcome.Ok, $"{call}: {r.Outcome} {r.ErrorCode} {r.ErrorMessage}");
            return JsonDocument.Parse(r.Json!).RootElement.Clone();
        }

        [SkippableFact]
        public async Task CallAsync_LambdaOperations_EqualAwsCliOutput()
        {
            SkipWithoutMoto();
            var calls = new List<AwsCall>();
            foreach (var region in MotoFixture.Regions)
            {
                calls.Add(Call(SnapshotOperations.LambdaListFunctions, region));
                calls.Add(Call(SnapshotOperations.LambdaListEventSourceMappings, region));
                var mappings = (await OkJsonAsync(Call(SnapshotOperations.LambdaListEventSourceMappings, region))).GetProperty("EventSourceMappings");
                Assert.Equal(2, mappings.GetArrayLength());
                var functions = (await OkJsonAsync(Call(SnapshotOperations.LambdaListFunctions, region))).GetProperty("Functions").EnumerateArray()
                    .Select(f => f.GetProperty("FunctionName").GetString()!).ToList();
                Assert.NotEmpty(functions);
                foreach (var fn in functions)
                {
                    calls.Add(Call(SnapshotOperations.LambdaGetPolicy, region, ("FunctionName", fn)));
                    calls.Add(Call(SnapshotOperations.LambdaListAliases, region, ("FunctionName", fn)));
                    calls.Add(Call(SnapshotOperations.LambdaListFunctionUrlConfigs, region, ("FunctionName", fn)));
                    calls.Add(Call(SnapshotOperations.LambdaListVersionsByFunction, region, ("FunctionName", fn)));
                    // moto answers no code signing config (CodeSigningConfigArn null, which the CLI omits); it has no GetCodeSigningConfig.
                    calls.Add(Call(SnapshotOperations.LambdaGetFunctionCodeSigningConfig, region, ("FunctionName", fn)));
                    calls.Add(Call(SnapshotOperations.LambdaGetPolicy, region, ("FunctionName", fn), ("Qualifier", "live")));
                    calls.Add(Call(SnapshotOperations.LambdaGetPolicy, region, ("FunctionName", fn), ("Qualifier", "1")));
                }
                calls.Add(Call(SnapshotOperations.LambdaGetPolicy, region, ("FunctionName", "arn:aws:lambda:" + region + ":123456789012:function:waf-a-" + region)));
                calls.Add(Call(SnapshotOperations.LambdaGetPolicy, region, ("FunctionName", "no-such-function")));
            }
            var (problems, _) = await CompareAsync(calls);
            AssertNoProblems(problems);
        }

        [SkippableFact]
        public async Task CallAsync_LambdaGetFunction_EqualsAwsCliOutputAndCollectorStoresItRedacted()
        {
            SkipWithoutMoto();
            var calls = new List<AwsCall>();
            foreach (var region in MotoFixture.Regions)
            {
                var functions = (await OkJsonAsync(Call(SnapshotOperations.LambdaListFunctions, region))).GetProperty("Functions").EnumerateArray()
                    .Select(f => f.GetProperty("FunctionName").GetString()!).ToList();
                Assert.NotEmpty(functions);
                foreach (var fn in functions) calls.Add(Call(SnapshotOperations.LambdaGetFunction, region, ("FunctionName", fn)));
                calls.Add(Call(SnapshotOperations.LambdaGetFunction, region, ("FunctionName", "no-such-function")));
            }
            var (problems, results) = await CompareAsync(calls);
            AssertNoProblems(problems);
            // The answer carries the package's presigned URL; what the collector stores has it redacted, the rest intact.
            var answered = results.First(r => r.Ours.Outcome == AwsCallOutcome.Ok);
            var code = CliDocuments.GetFunctionCode(JsonDocument.Parse(answered.Ours.Json!).RootElement);
            Assert.StartsWith("https://", code.Location);
            Assert.Equal("Zip", code.PackageType);
            var redacted = JsonNode.Parse(CliDocuments.RedactCodeLocation(answered.Ours.Json!))!;
            Assert.Equal(CliDocuments.RedactedCodeLocation, (string?)redacted["Code"]!["Location"]);
            Assert.Equal(code.CodeSha256, (string?)redacted["Configuration"]!["CodeSha256"]);
        }

        [SkippableFact]
        public async Task CallAsync_DynamoDbOperations_EqualAwsCliOutput()
        {
            SkipWithoutMoto();
            var calls = new List<AwsCall>();
            foreach (var region in MotoFixture.Regions)
            {
                calls.Add(Call(SnapshotOperations.DynamoListTables, region));
                var tables = (await OkJsonAsync(Call(SnapshotOperations.DynamoListTables, region))).GetProperty("TableNames").EnumerateArray().Select(t => t.GetString()!).ToList();
                Assert.Equal(2, tables.Count);
                foreach (var t in tables)
                {
                    calls.Add(Call(SnapshotOperations.DynamoDescribeTable, region, ("TableName", t)));
                    calls.Add(Call(SnapshotOperations.DynamoDescribeContinuousBackups, region, ("TableName", t)));
                    calls.Add(Call(SnapshotOperations.DynamoGetResourcePolicy, region, ("ResourceArn", $"arn:aws:dynamodb:{region}:123456789012:table/{t}")));
                }
                calls.Add(Call(SnapshotOperations.DynamoDescribeTable, region, ("TableName", "no-such-table")));
                // A stream ARN: moto 5.2.1 keeps no stream policies (it takes the stream label for a table name), so both
                // sides must agree on its ResourceNotFoundException (NotFound: no file, as for a stream without a policy).
                calls.Add(Call(SnapshotOperations.DynamoGetResourcePolicy, region,
                    ("ResourceArn", $"arn:aws:dynamodb:{region}:123456789012:table/{tables[0]}/stream/2026-11-01T09:30:00.000")));
            }
            var (problems, _) = await CompareAsync(calls);
            AssertNoProblems(problems);
        }

        [SkippableFact]
        public async Task CallAsync_KmsStsAndEc2Operations_EqualAwsCliOutput()
        {
            SkipWithoutMoto();
            var calls = new List<AwsCall>();
            foreach (var region in MotoFixture.Regions)
            {
                calls.Add(Call(SnapshotOperations.KmsDescribeKey, region, ("KeyId", _moto.Seed["keys"]![region]!.GetValue<string>())));
                calls.Add(Call(SnapshotOperations.KmsDescribeKey, region, ("KeyId", "00000000-0000-0000-0000-000000000000")));
                calls.Add(Call(SnapshotOperations.StsGetCallerIdentity, region));
                calls.Add(Call(SnapshotOperations.Ec2DescribeRegions, region));
            }
            var (problems, _) = await CompareAsync(calls);
            AssertNoProblems(problems);
        }

        [SkippableFact]
        public async Task CallAsync_SecretsManagerOperations_EqualAwsCliOutput()
        {
            SkipWithoutMoto();
            var calls = new List<AwsCall>();
            foreach (var region in MotoFixture.Regions)
            {
                calls.Add(Call(SnapshotOperations.SecretsListSecrets, region));
                var secrets = (await OkJsonAsync(Call(SnapshotOperations.SecretsListSecrets, region))).GetProperty("SecretList").EnumerateArray()
                    .Select(s => s.GetProperty("Name").GetString()!).ToList();
                Assert.Equal(3, secrets.Count);
                foreach (var s in secrets) calls.Add(Call(SnapshotOperations.SecretsGetResourcePolicy, region, ("SecretId", s)));
            }
            var (problems, results) = await CompareAsync(calls);
            AssertNoProblems(problems);
            Assert.Contains(results, r => r.Call.Operation == SnapshotOperations.SecretsGetResourcePolicy && r.Ours.Outcome == AwsCallOutcome.Ok);
            Assert.Contains(results, r => r.Call.Operation == SnapshotOperations.SecretsGetResourcePolicy && r.Ours.Outcome == AwsCallOutcome.NotFound);
        }

        [SkippableFact]
        public async Task CallAsync_ApiGatewayOperations_EqualAwsCliOutput()
        {
            SkipWithoutMoto();
            var calls = new List<AwsCall>();
            foreach (var region in MotoFixture.Regions)
            {
                calls.Add(Call(SnapshotOperations.RestGetRestApis, region));
                foreach (var api in (await OkJsonAsync(Call(SnapshotOperations.RestGetRestApis, region))).GetProperty("items").EnumerateArray())
                {
                    var id = api.GetProperty("id").GetString()!;
                    calls.Add(Call(SnapshotOperations.RestGetResources, region, ("RestApiId", id)));
                    calls.Add(Call(SnapshotOperations.RestGetStages, region, ("RestApiId", id)));
                    calls.Add(Call(SnapshotOperations.RestGetAuthorizers, region, ("RestApiId", id)));
                    calls.Add(Call(SnapshotOperations.RestGetRequestValidators, region, ("RestApiId", id)));
                }
                calls.Add(Call(SnapshotOperations.RestGetDomainNames, region));
                calls.Add(Call(SnapshotOperations.RestGetUsagePlans, region));
                calls.Add(Call(SnapshotOperations.V2GetDomainNames, region));
                calls.Add(Call(SnapshotOperations.V2GetApis, region));
                foreach (var api in (await OkJsonAsync(Call(SnapshotOperations.V2GetApis, region))).GetProperty("Items").EnumerateArray())
                {
                    var id = api.GetProperty("ApiId").GetString()!;
                    calls.Add(Call(SnapshotOperations.V2GetRoutes, region, ("ApiId", id)));
                    calls.Add(Call(SnapshotOperations.V2GetStages, region, ("ApiId", id)));
                    calls.Add(Call(SnapshotOperations.V2GetAuthorizers, region, ("ApiId", id)));
                    calls.Add(Call(SnapshotOperations.V2GetIntegrations, region, ("ApiId", id)));
                }
                calls.Add(Call(SnapshotOperations.RestGetStages, region, ("RestApiId", "nosuchapi")));
            }
            var (problems, _) = await CompareAsync(calls);
            AssertNoProblems(problems);
        }

        [SkippableFact]
        public async Task CallAsync_LogsDescribeLogGroups_EqualsAwsCliOutputAllPagesMerged()
        {
            SkipWithoutMoto();
            var calls = MotoFixture.Regions.Select(region => Call(SnapshotOperations.LogsDescribeLogGroups, region)).ToList();
            var (problems, results) = await CompareAsync(calls);
            AssertNoProblems(problems);
            foreach (var (call, ours, _) in results)
            {
                var groups = JsonDocument.Parse(ours.Json!).RootElement.GetProperty("logGroups").EnumerateArray().ToList();
                Assert.Equal(new[] { "logGroups" }, JsonDocument.Parse(ours.Json!).RootElement.EnumerateObject().Select(p => p.Name));
                var retained = groups.Single(g => g.GetProperty("logGroupName").GetString() == "/aws/lambda/waf-a-" + call.Region);
                Assert.Equal(30, retained.GetProperty("retentionInDays").GetInt32());
                Assert.Contains(groups, g => g.GetProperty("logGroupName").GetString() == "/waf/plain-" + call.Region);
                if (call.Region == MotoFixture.Regions[0])
                {
                    // 58 groups: more than one page of 50, merged into one list as the CLI merges them.
                    Assert.Equal(58, groups.Count);
                    Assert.True(ours.Requests >= 2, $"{ours.Requests} request(s)");
                }
                else Assert.All(groups, g => Assert.EndsWith(call.Region, g.GetProperty("logGroupName").GetString()));
            }
            // The group created with a key keeps it (when moto accepted the key at creation).
            if (!_moto.Seed["warnings"]!.AsArray().Any(w => w!.GetValue<string>().StartsWith("create_log_group kms", StringComparison.Ordinal)))
                foreach (var (call, ours, _) in results)
                {
                    var kms = JsonDocument.Parse(ours.Json!).RootElement.GetProperty("logGroups").EnumerateArray()
                        .Single(g => g.GetProperty("logGroupName").GetString() == "/waf/kms-" + call.Region);
                    Assert.Contains(":" + call.Region + ":", kms.GetProperty("kmsKeyId").GetString());
                }
        }

        [SkippableFact]
        public async Task CallAsync_AppSyncOperations_EqualAwsCliOutputAndNoCacheIsNotFound()
        {
            SkipWithoutMoto();
            var calls = new List<AwsCall>();
            foreach (var region in MotoFixture.Regions)
            {
                calls.Add(Call(SnapshotOperations.AppSyncListGraphqlApis, region));
                var ids = _moto.Seed["graphqlApis"]![region]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
                foreach (var id in ids) calls.Add(Call(SnapshotOperations.AppSyncGetApiCache, region, ("apiId", id)));
            }
            var (problems, results) = await CompareAsync(calls);
            AssertNoProblems(problems);
            foreach (var region in MotoFixture.Regions)
            {
                var list = results.Single(r => r.Call.Region == region && r.Call.Operation == SnapshotOperations.AppSyncListGraphqlApis).Ours;
                var apis = JsonDocument.Parse(list.Json!).RootElement.GetProperty("graphqlApis").EnumerateArray().ToList();
                var keyed = apis.Single(a => a.GetProperty("name").GetString() == "waf-keyed-" + region);
                Assert.Equal("API_KEY", keyed.GetProperty("authenticationType").GetString());
                Assert.Equal("ALL", keyed.GetProperty("logConfig").GetProperty("fieldLogLevel").GetString());
                Assert.Contains(":" + region + ":", keyed.GetProperty("arn").GetString());
                var caches = results.Where(r => r.Call.Region == region && r.Call.Operation == SnapshotOperations.AppSyncGetApiCache).ToList();
                // The keyed API has a cache; the IAM API has none, which is "nothing to return", not a failure.
                Assert.Equal(new[] { AwsCallOutcome.Ok, AwsCallOutcome.NotFound }, caches.Select(c => c.Ours.Outcome));
                var cache = JsonDocument.Parse(caches[0].Ours.Json!).RootElement.GetProperty("apiCache");
                Assert.False(cache.GetProperty("transitEncryptionEnabled").GetBoolean());
            }
        }

        [SkippableFact]
        public async Task CallAsync_CognitoIdentityPools_EqualAwsCliOutputAllPagesMerged()
        {
            SkipWithoutMoto();
            var calls = new List<AwsCall>();
            foreach (var region in MotoFixture.Regions)
            {
                calls.Add(Call(SnapshotOperations.CognitoListIdentityPools, region, ("MaxResults", "60")));
                foreach (var id in _moto.Seed["identityPools"]![region]!.AsArray().Select(i => i!.GetValue<string>()))
                    calls.Add(Call(SnapshotOperations.CognitoDescribeIdentityPool, region, ("IdentityPoolId", id)));
            }
            var (problems, results) = await CompareAsync(calls);
            AssertNoProblems(problems);
            // Without MaxResults (the collector's call) the source sends its page size itself: the API requires one.
            var first = MotoFixture.Regions[0];
            var listed = await _source!.CallAsync(Call(SnapshotOperations.CognitoListIdentityPools, first), CancellationToken.None);
            Assert.Equal(AwsCallOutcome.Ok, listed.Outcome);
            var pools = JsonDocument.Parse(listed.Json!).RootElement.GetProperty("IdentityPools").EnumerateArray().ToList();
            Assert.Equal(64, pools.Count);
            Assert.Equal(64, pools.Select(p => p.GetProperty("IdentityPoolId").GetString()).Distinct().Count());
            var guest = results.First(r => r.Call.Region == first && r.Call.Operation == SnapshotOperations.CognitoDescribeIdentityPool).Ours;
            Assert.True(JsonDocument.Parse(guest.Json!).RootElement.GetProperty("AllowUnauthenticatedIdentities").GetBoolean());
        }

        [SkippableFact]
        public async Task CallAsync_LogsResourcePoliciesAndLogEvents_EqualAwsCliOutput()
        {
            SkipWithoutMoto();
            var calls = MotoFixture.Regions.SelectMany(region => new[]
            {
                Call(SnapshotOperations.LogsDescribeResourcePolicies, region),
                Call(SnapshotOperations.LogsFilterLogEvents, region, ("logGroupName", "/aws/lambda/waf-a-" + region), ("startTime", "0"), ("limit", "50")),
            }).ToList();
            var (problems, results) = await CompareAsync(calls);
            AssertNoProblems(problems);
            foreach (var (call, ours, _) in results.Where(r => r.Call.Operation == SnapshotOperations.LogsFilterLogEvents))
            {
                var events = JsonDocument.Parse(ours.Json!).RootElement.GetProperty("events").EnumerateArray().ToList();
                Assert.Equal(3, events.Count);
                Assert.All(events, e => Assert.EndsWith(call.Region, e.GetProperty("message").GetString()));
                Assert.Equal(1, ours.Requests);
            }
            foreach (var (call, ours, _) in results.Where(r => r.Call.Operation == SnapshotOperations.LogsDescribeResourcePolicies))
                Assert.Contains("waf-delivery-" + call.Region, ours.Json);
        }

        [SkippableFact]
        public async Task CallAsync_CloudTrailTrailsAndSelectors_EqualAwsCliOutput()
        {
            SkipWithoutMoto();
            var calls = MotoFixture.Regions.SelectMany(region => new[]
            {
                Call(SnapshotOperations.CloudTrailDescribeTrails, region),
                Call(SnapshotOperations.CloudTrailGetEventSelectors, region, ("TrailName", "waf-trail-" + region)),
            }).ToList();
            var (problems, results) = await CompareAsync(calls);
            AssertNoProblems(problems);
            using var first = JsonDocument.Parse(results[1].Ours.Json!);
            Assert.Equal("arn:aws:lambda", first.RootElement.GetProperty("EventSelectors")[0].GetProperty("DataResources")[0].GetProperty("Values")[0].GetString());
            using var second = JsonDocument.Parse(results[3].Ours.Json!);
            Assert.Equal("lambda", second.RootElement.GetProperty("AdvancedEventSelectors")[0].GetProperty("Name").GetString());
            // The first region's trail is multi-region: the second region lists it as a shadow trail beside its own.
            using var trails = JsonDocument.Parse(results[2].Ours.Json!);
            Assert.Contains(trails.RootElement.GetProperty("trailList").EnumerateArray(), t => t.GetProperty("Name").GetString() == "waf-trail-" + MotoFixture.Regions[0]);
        }

        [SkippableFact]
        public async Task CallAsync_S3AndS3Control_EqualAwsCliOutput()
        {
            SkipWithoutMoto();
            var list = await OkJsonAsync(new AwsCall(SnapshotOperations.S3ListBuckets, AwsEndpoints.Global));
            var names = list.GetProperty("Buckets").EnumerateArray().Select(b => b.GetProperty("Name").GetString()!).ToList();
            Assert.Contains("waf-s3-kms", names);
            var calls = new List<AwsCall>
            {
                new AwsCall(SnapshotOperations.S3ListBuckets, AwsEndpoints.Global),
                Call(SnapshotOperations.S3ControlGetPublicAccessBlock, MotoFixture.Regions[0], ("AccountId", "123456789012")),
            };
            foreach (var bucket in new[] { "waf-s3-kms", "waf-s3-plain", "waf-s3-" + MotoFixture.Regions[1] })
            {
                var region = bucket.EndsWith(MotoFixture.Regions[1], StringComparison.Ordinal) ? MotoFixture.Regions[1] : MotoFixture.Regions[0];
                calls.Add(Call(SnapshotOperations.S3GetBucketLocation, region, ("Bucket", bucket)));
                calls.Add(Call(SnapshotOperations.S3GetBucketEncryption, region, ("Bucket", bucket)));
                calls.Add(Call(SnapshotOperations.S3GetPublicAccessBlock, region, ("Bucket", bucket)));
                calls.Add(Call(SnapshotOperations.S3GetBucketPolicyStatus, region, ("Bucket", bucket)));
            }
            calls.Add(Call(SnapshotOperations.S3GetBucketEncryption, MotoFixture.Regions[0], ("Bucket", "waf-s3-no-such-bucket")));
            var (problems, results) = await CompareAsync(calls);
            AssertNoProblems(problems);

            // What the reader needs came through: the KMS rule, the flattened Rule list, the four BPA booleans, the location.
            string Ours(SnapshotOperation op, string? key) => results.First(r => r.Call.Operation == op && r.Call.Key == key).Ours.Json!;
            var rule = JsonDocument.Parse(Ours(SnapshotOperations.S3GetBucketEncryption, "waf-s3-kms")).RootElement
                .GetProperty("ServerSideEncryptionConfiguration").GetProperty("Rules")[0];
            Assert.Equal("aws:kms", rule.GetProperty("ApplyServerSideEncryptionByDefault").GetProperty("SSEAlgorithm").GetString());
            Assert.True(rule.GetProperty("BucketKeyEnabled").GetBoolean());
            Assert.True(JsonDocument.Parse(Ours(SnapshotOperations.S3GetPublicAccessBlock, "waf-s3-kms")).RootElement
                .GetProperty("PublicAccessBlockConfiguration").GetProperty("RestrictPublicBuckets").GetBoolean());
            Assert.Equal(MotoFixture.Regions[1], JsonDocument.Parse(Ours(SnapshotOperations.S3GetBucketLocation, "waf-s3-" + MotoFixture.Regions[1])).RootElement
                .GetProperty("LocationConstraint").GetString());
            Assert.Equal(AwsCallOutcome.NotFound, results.First(r => r.Call.Operation == SnapshotOperations.S3GetPublicAccessBlock && r.Call.Key == "waf-s3-plain").Ours.Outcome);
            Assert.Equal("NoSuchBucket", results.Last().Ours.ErrorCode);
        }

        [SkippableFact]
        public async Task CallAsync_IamAuthorizationDetails_EqualsAwsCliOutputWithDecodedPolicies()
        {
            SkipWithoutMoto();
            var (problems, results) = await CompareAsync(new[] { new AwsCall(SnapshotOperations.IamAuthorizationDetails, AwsEndpoints.Global) });
            AssertNoProblems(problems);
            var doc = JsonDocument.Parse(results[0].Ours.Json!).RootElement;
            var role = doc.GetProperty("RoleDetailList").EnumerateArray().Single(r => r.GetProperty("RoleName").GetString() == "waf-fn-role");
            Assert.Equal(JsonValueKind.Object, role.GetProperty("AssumeRolePolicyDocument").ValueKind);
            Assert.False(doc.TryGetProperty("IsTruncated", out _));
        }

        [SkippableFact]
        public async Task CallAsync_TwoRegionsOneEndpoint_EachRegionSignedForItself()
        {
            SkipWithoutMoto();
            foreach (var region in MotoFixture.Regions)
            {
                var names = (await OkJsonAsync(Call(SnapshotOperations.LambdaListFunctions, region))).GetProperty("Functions").EnumerateArray()
                    .Select(f => f.GetProperty("FunctionName").GetString()!).ToList();
                Assert.Equal(new[] { "waf-a-" + region, "waf-b-" + region }, names.OrderBy(n => n, StringComparer.Ordinal));
                var tables = (await OkJsonAsync(Call(SnapshotOperations.DynamoListTables, region))).GetProperty("TableNames").EnumerateArray().Select(t => t.GetString()).ToList();
                Assert.All(tables, t => Assert.EndsWith(region, t));
                var secrets = (await OkJsonAsync(Call(SnapshotOperations.SecretsListSecrets, region))).GetProperty("SecretList").EnumerateArray().Select(t => t.GetProperty("Name").GetString()).ToList();
                Assert.All(secrets, t => Assert.EndsWith(region, t));
                var key = _moto.Seed["keys"]![region]!.GetValue<string>();
                var keyArn = (await OkJsonAsync(Call(SnapshotOperations.KmsDescribeKey, region, ("KeyId", key)))).GetProperty("KeyMetadata").GetProperty("Arn").GetString();
                Assert.Contains(":" + region + ":", keyArn);
                var identity = await OkJsonAsync(Call(SnapshotOperations.StsGetCallerIdentity, region));
                Assert.Equal("123456789012", identity.GetProperty("Account").GetString());
            }
        }

        [SkippableFact]
        public async Task CallAsync_CancelledToken_ThrowsOperationCanceled()
        {
            SkipWithoutMoto();
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _source!.CallAsync(Call(SnapshotOperations.LambdaListFunctions, "us-east-1"), cts.Token));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _source!.CallAsync(Call(SnapshotOperations.DynamoListTables, "us-east-1"), cts.Token));
        }

        [SkippableFact]
        public async Task CallAsync_KeyOnly_UsesTheUsualParameter()
        {
            SkipWithoutMoto();
            var r = await _source!.CallAsync(new AwsCall(SnapshotOperations.LambdaGetPolicy, "eu-west-1", "waf-a-eu-west-1@live"), CancellationToken.None);
            Assert.Equal(AwsCallOutcome.Ok, r.Outcome);
            Assert.Contains("alias-api", r.Json);
        }

        [SkippableFact]
        public async Task CallAsync_StepFunctionsOperations_EqualAwsCliOutput()
        {
            SkipWithoutMoto();
            var calls = new List<AwsCall>();
            foreach (var region in MotoFixture.Regions)
            {
                calls.Add(Call(SnapshotOperations.StepFunctionsListStateMachines, region));
                var machines = (await OkJsonAsync(Call(SnapshotOperations.StepFunctionsListStateMachines, region))).GetProperty("stateMachines").EnumerateArray()
                    .Select(m => (Arn: m.GetProperty("stateMachineArn").GetString()!, Name: m.GetProperty("name").GetString()!)).ToList();
                Assert.Equal(new[] { "waf-express-" + region, "waf-flow-" + region }, machines.Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal));
                foreach (var (arn, _) in machines) calls.Add(Call(SnapshotOperations.StepFunctionsDescribeStateMachine, region, ("stateMachineArn", arn)));
            }
            var (problems, results) = await CompareAsync(calls);
            AssertNoProblems(problems);
            foreach (var (call, ours, _) in results.Where(r => r.Call.Operation == SnapshotOperations.StepFunctionsDescribeStateMachine))
            {
                // The definition stays JSON text, as the CLI prints it.
                var definition = JsonDocument.Parse(ours.Json!).RootElement.GetProperty("definition").GetString()!;
                Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(definition).RootElement.GetProperty("States").ValueKind);
            }
        }

        [SkippableFact]
        public async Task CallAsync_DaxDescribeClusters_EqualsAwsCliOutput()
        {
            SkipWithoutMoto();
            var calls = MotoFixture.Regions.Select(region => Call(SnapshotOperations.DaxDescribeClusters, region)).ToList();
            var (problems, results) = await CompareAsync(calls);
            AssertNoProblems(problems);
            foreach (var (call, ours, _) in results)
            {
                var clusters = CliDocuments.DescribeDaxClusters(JsonDocument.Parse(ours.Json!).RootElement).ToDictionary(c => c.ClusterName);
                Assert.Equal(("ENABLED", "TLS"), (clusters["waf-tls-" + call.Region].SseStatus, clusters["waf-tls-" + call.Region].EndpointEncryptionType));
                Assert.Equal(("DISABLED", "NONE"), (clusters["waf-plain-" + call.Region].SseStatus, clusters["waf-plain-" + call.Region].EndpointEncryptionType));
                Assert.All(clusters.Values, c => Assert.Contains(":" + call.Region + ":", c.ClusterArn));
            }
        }

        [SkippableFact]
        public async Task CallAsync_SqsListQueuesAndGetQueueAttributes_EqualAwsCliOutput()
        {
            SkipWithoutMoto();
            var lists = MotoFixture.Regions.Select(region => Call(SnapshotOperations.SqsListQueues, region)).ToList();
            var (problems, results) = await CompareAsync(lists);
            AssertNoProblems(problems);
            var attributes = new List<AwsCall>();
            foreach (var (call, ours, _) in results)
            {
                var urls = JsonDocument.Parse(ours.Json!).RootElement.GetProperty("QueueUrls").EnumerateArray().Select(u => u.GetString()!).ToList();
                Assert.Contains(urls, u => u.EndsWith("/waf-idle-" + call.Region, StringComparison.Ordinal));
                attributes.AddRange(urls.Select(url => new AwsCall(SnapshotOperations.SqsGetQueueAttributes, call.Region, SqsQueue.NameOf(url),
                    new Dictionary<string, string> { ["QueueUrl"] = url, ["AttributeNames"] = "[\"All\"]" })));
            }
            var (attributeProblems, attributeResults) = await CompareAsync(attributes);
            AssertNoProblems(attributeProblems);
            Assert.All(attributeResults, r => Assert.NotNull(JsonDocument.Parse(r.Ours.Json!).RootElement.GetProperty("Attributes").GetProperty("CreatedTimestamp").GetString()));
        }

        [SkippableFact]
        public async Task CallAsync_SqsGetQueueAttributesOfMissingQueue_FailsWithTheCliErrorCode()
        {
            SkipWithoutMoto();
            var url = _moto.Endpoint.TrimEnd('/') + "/123456789012/waf-no-such-queue";
            var (problems, results) = await CompareAsync(new[] { new AwsCall(SnapshotOperations.SqsGetQueueAttributes, "us-east-1", "waf-no-such-queue",
                new Dictionary<string, string> { ["QueueUrl"] = url, ["AttributeNames"] = "[\"All\"]" }) });
            AssertNoProblems(problems);
            Assert.Equal(AwsCallOutcome.Failed, results[0].Ours.Outcome);
        }

        [SkippableFact]
        public async Task CallAsync_CloudWatchGetMetricData_EqualsAwsCliOutput()
        {
            SkipWithoutMoto();
            var end = DateTimeOffset.UtcNow;
            var calls = MotoFixture.Regions.SelectMany(region => new[]
            {
                new AwsCall(SnapshotOperations.CloudWatchGetMetricData, region, ActivityMetrics.LambdaInvocations.Key(90),
                    Collector.MetricParameters(ActivityMetrics.LambdaInvocations, new[] { ("FunctionName", "waf-a-" + region), ("FunctionName", "waf-b-" + region) }, end.AddDays(-90), end)),
                new AwsCall(SnapshotOperations.CloudWatchGetMetricData, region, ActivityMetrics.QueueSent.Key(90),
                    Collector.MetricParameters(ActivityMetrics.QueueSent, new[] { ("QueueName", "waf-jobs-" + region) }, end.AddDays(-90), end)),
            }).ToList();
            var (problems, results) = await CompareAsync(calls);
            AssertNoProblems(problems);
            foreach (var (call, ours, _) in results)
            {
                var series = JsonDocument.Parse(ours.Json!).RootElement.GetProperty("MetricDataResults").EnumerateArray().ToList();
                var active = series.First();
                Assert.Equal(call.Key!.Contains("Lambda") ? 7.0 : 3.0, active.GetProperty("Values").EnumerateArray().Sum(v => v.GetDouble()));
                // Timestamps stay epoch seconds, as the CLI prints a json-protocol timestamp.
                Assert.Equal(JsonValueKind.Number, active.GetProperty("Timestamps")[0].ValueKind);
                if (call.Key!.Contains("Lambda")) Assert.Empty(series[1].GetProperty("Values").EnumerateArray());
            }
        }
    }
}
