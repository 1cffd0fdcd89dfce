using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using WafSecurity.Engine.Aws;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Tests.Aws
{
    /// <summary>The call source against an in-process listener: signing per region, retries, error mapping, paging.</summary>
    public sealed class AwsApiCallSourceTests
    {
        private static AwsApiCallSource Source(string url, params string[] regions)
            => new AwsApiCallSource(new AwsConnection(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), regions, "test", "test", url,
                new AwsRetrySettings { MaxErrorRetry = 3 }, _ => null));

        private static (int, string, Dictionary<string, string>?) Json(int status, string body, string? errorType = null)
            => (status, body, errorType == null ? null : new Dictionary<string, string> { ["x-amzn-ErrorType"] = errorType });

        [Fact]
        public async Task CallAsync_CustomEndpoint_SignsEachRegionForItselfAndIamForUsEast1()
        {
            using var fake = new FakeAwsListener(r => r.Service == "iam"
                ? (200, "<GetAccountAuthorizationDetailsResponse><GetAccountAuthorizationDetailsResult><IsTruncated>false</IsTruncated></GetAccountAuthorizationDetailsResult></GetAccountAuthorizationDetailsResponse>", null)
                : r.Service == "dynamodb" ? Json(200, @"{""TableNames"":[]}") : Json(200, @"{""Functions"":[]}"));
            using var source = Source(fake.Url, "eu-west-1", "ap-southeast-2");

            foreach (var region in new[] { "eu-west-1", "ap-southeast-2" })
            {
                Assert.Equal(AwsCallOutcome.Ok, (await source.CallAsync(new AwsCall(SnapshotOperations.LambdaListFunctions, region), CancellationToken.None)).Outcome);
                Assert.Equal(AwsCallOutcome.Ok, (await source.CallAsync(new AwsCall(SnapshotOperations.DynamoListTables, region), CancellationToken.None)).Outcome);
            }
            Assert.Equal(AwsCallOutcome.Ok, (await source.CallAsync(new AwsCall(SnapshotOperations.IamAuthorizationDetails, AwsEndpoints.Global), CancellationToken.None)).Outcome);

            var scopes = fake.Requests.Select(r => r.Service + "/" + r.Region).ToList();
            Assert.Equal(new[] { "lambda/eu-west-1", "dynamodb/eu-west-1", "lambda/ap-southeast-2", "dynamodb/ap-southeast-2", "iam/us-east-1" }, scopes);
            Assert.All(fake.Requests, r => Assert.Matches("^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/[a-z0-9-]+/[a-z]+/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$", r.Authorization));
        }

        [Fact]
        public async Task CallAsync_ThrottledTwiceThenOk_RetriesAndCountsThrottles()
        {
            var n = 0;
            using var fake = new FakeAwsListener(_ => Interlocked.Increment(ref n) <= 2
                ? Json(429, @"{""message"":""Rate exceeded""}", "TooManyRequestsException")
                : Json(200, @"{""Functions"":[{""FunctionName"":""f""}]}"));
            using var source = Source(fake.Url, "eu-west-1");

            var r = await source.CallAsync(new AwsCall(SnapshotOperations.LambdaListFunctions, "eu-west-1"), CancellationToken.None);

            Assert.Equal(AwsCallOutcome.Ok, r.Outcome);
            Assert.Equal(3, r.Requests);
            Assert.Equal(2, r.Throttles);
        }

        [Fact]
        public async Task CallAsync_AccessDenied_FailedWithCodeAndStatusAfterOneRequest()
        {
            using var fake = new FakeAwsListener(_ => Json(403, @"{""__type"":""AccessDeniedException"",""Message"":""not authorized to perform secretsmanager:ListSecrets""}"));
            using var source = Source(fake.Url, "eu-west-1");

            var r = await source.CallAsync(new AwsCall(SnapshotOperations.SecretsListSecrets, "eu-west-1"), CancellationToken.None);

            Assert.Equal(AwsCallOutcome.Failed, r.Outcome);
            Assert.Equal("AccessDeniedException", r.ErrorCode);
            Assert.Equal(403, r.HttpStatus);
            Assert.Contains("secretsmanager:ListSecrets", r.ErrorMessage);
            Assert.Equal(1, r.Requests);
        }

        [Fact]
        public async Task CallAsync_PersistentServerError_FailedAfterAllRetries()
        {
            using var fake = new FakeAwsListener(_ => (503, "<ErrorResponse><Error><Code>ServiceUnavailable</Code><Message>down</Message></Error></ErrorResponse>", null));
            using var source = Source(fake.Url, "eu-west-1");

            var r = await source.CallAsync(new AwsCall(SnapshotOperations.IamAuthorizationDetails, AwsEndpoints.Global), CancellationToken.None);

            Assert.Equal(AwsCallOutcome.Failed, r.Outcome);
            Assert.Equal("ServiceUnavailable", r.ErrorCode);
            Assert.Equal(503, r.HttpStatus);
            Assert.Equal(4, r.Requests);
        }

        [Fact]
        public async Task CallAsync_GetPolicyWithoutPolicy_NotFound()
        {
            using var fake = new FakeAwsListener(_ => Json(404, @"{""Type"":""User"",""Message"":""The resource you requested does not exist.""}", "ResourceNotFoundException"));
            using var source = Source(fake.Url, "eu-west-1");

            var r = await source.CallAsync(new AwsCall(SnapshotOperations.LambdaGetPolicy, "eu-west-1", "fn@live"), CancellationToken.None);

            Assert.Equal(AwsCallOutcome.NotFound, r.Outcome);
            Assert.Equal("/2015-03-31/functions/fn/policy?Qualifier=live", fake.Requests.Single().PathAndQuery);
        }

        [Fact]
        public async Task CallAsync_TwoPages_MergedWithMarkerSentAndTokenDropped()
        {
            using var fake = new FakeAwsListener(r => r.PathAndQuery.Contains("Marker=m2")
                ? Json(200, @"{""Functions"":[{""FunctionName"":""b""}],""NextMarker"":null}")
                : Json(200, @"{""Functions"":[{""FunctionName"":""a""}],""NextMarker"":""m2""}"));
            using var source = Source(fake.Url, "eu-west-1");

            var r = await source.CallAsync(new AwsCall(SnapshotOperations.LambdaListFunctions, "eu-west-1"), CancellationToken.None);

            var doc = JsonDocument.Parse(r.Json!).RootElement;
            Assert.Equal(new[] { "a", "b" }, doc.GetProperty("Functions").EnumerateArray().Select(f => f.GetProperty("FunctionName").GetString()));
            Assert.False(doc.TryGetProperty("NextMarker", out _));
            Assert.Equal(2, r.Requests);
            Assert.Contains("MaxItems=50", fake.Requests.First().PathAndQuery);
        }

        [Fact]
        public async Task CallAsync_S3RestXml_PathStyleSignedForTheBucketsRegionWithPayloadHash_XmlToCliJson()
        {
            using var fake = new FakeAwsListener(r => r.PathAndQuery.StartsWith("/orders-data?encryption", StringComparison.Ordinal)
                ? (200, "<?xml version=\"1.0\"?><ServerSideEncryptionConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule>" +
                        "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms:dsse</SSEAlgorithm><KMSMasterKeyID>k1</KMSMasterKeyID>" +
                        "</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>", null)
                : r.PathAndQuery.StartsWith("/orders-data?policyStatus", StringComparison.Ordinal)
                    ? (404, "<Error><Code>NoSuchBucketPolicy</Code><Message>The bucket policy does not exist</Message><BucketName>orders-data</BucketName></Error>", null)
                    : (403, "<Error><Code>AccessDenied</Code><Message>not authorized to perform: s3:GetBucketPublicAccessBlock</Message></Error>", null));
            using var source = Source(fake.Url, "us-east-1");

            var encryption = await source.CallAsync(new AwsCall(SnapshotOperations.S3GetBucketEncryption, "eu-west-1", "orders-data"), CancellationToken.None);
            var status = await source.CallAsync(new AwsCall(SnapshotOperations.S3GetBucketPolicyStatus, "eu-west-1", "orders-data"), CancellationToken.None);
            var block = await source.CallAsync(new AwsCall(SnapshotOperations.S3GetPublicAccessBlock, "eu-west-1", "orders-data"), CancellationToken.None);

            Assert.Equal(AwsCallOutcome.Ok, encryption.Outcome);
            var rule = JsonDocument.Parse(encryption.Json!).RootElement.GetProperty("ServerSideEncryptionConfiguration").GetProperty("Rules").EnumerateArray().Single();
            Assert.Equal("aws:kms:dsse", rule.GetProperty("ApplyServerSideEncryptionByDefault").GetProperty("SSEAlgorithm").GetString());
            Assert.Equal(JsonValueKind.True, rule.GetProperty("BucketKeyEnabled").ValueKind);
            Assert.Equal(AwsCallOutcome.NotFound, status.Outcome);
            Assert.Equal(AwsCallOutcome.Failed, block.Outcome);
            Assert.Equal(("AccessDenied", 403), (block.ErrorCode, block.HttpStatus));
            Assert.All(fake.Requests, r => Assert.Equal("s3/eu-west-1", r.Service + "/" + r.Region));
            Assert.All(fake.Requests, r => Assert.Contains("x-amz-content-sha256", r.Authorization));
            Assert.Equal("GET", fake.Requests.First().Method);
        }

        [Fact]
        public async Task CallAsync_S3ControlGetPublicAccessBlock_AccountIdHeaderAndPayloadMember()
        {
            using var fake = new FakeAwsListener(_ => (200, "<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>false</IgnorePublicAcls>" +
                                                           "<BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>", null));
            using var source = Source(fake.Url, "us-east-1");

            var r = await source.CallAsync(new AwsCall(SnapshotOperations.S3ControlGetPublicAccessBlock, AwsEndpoints.Global, null,
                new Dictionary<string, string> { ["AccountId"] = "123456789012" }), CancellationToken.None);

            Assert.Equal(AwsCallOutcome.Ok, r.Outcome);
            var config = JsonDocument.Parse(r.Json!).RootElement.GetProperty("PublicAccessBlockConfiguration");
            Assert.False(config.GetProperty("IgnorePublicAcls").GetBoolean());
            Assert.True(config.GetProperty("RestrictPublicBuckets").GetBoolean());
            var request = fake.Requests.Single();
            Assert.Equal("/v20180820/configuration/publicAccessBlock", request.PathAndQuery);
            Assert.Equal("s3/us-east-1", request.Service + "/" + request.Region);
            Assert.Contains("x-amz-account-id", request.Authorization);
        }

        [Fact]
        public void HostPrefix_S3Control_FilledFromTheInputAndRefusedWhenNotAHostLabel()
        {
            var operation = WafSecurity.Engine.Aws.Protocol.AwsServiceModel.Get("s3control").Operation("GetPublicAccessBlock");
            Assert.Equal("123456789012.", AwsApiCallSource.HostPrefix(operation, new Dictionary<string, string> { ["AccountId"] = "123456789012" }));
            Assert.Throws<ArgumentException>(() => AwsApiCallSource.HostPrefix(operation, new Dictionary<string, string> { ["AccountId"] = "evil.com/x" }));
            Assert.Throws<ArgumentException>(() => AwsApiCallSource.HostPrefix(operation, new Dictionary<string, string> { ["AccountId"] = "attacker.example" }));
            Assert.Throws<ArgumentException>(() => AwsApiCallSource.HostPrefix(operation, new Dictionary<string, string>()));
            Assert.Null(AwsApiCallSource.HostPrefix(WafSecurity.Engine.Aws.Protocol.AwsServiceModel.Get("s3").Operation("ListBuckets"), new Dictionary<string, string>()));
        }

        [Fact]
        public async Task CallAsync_CancelledDuringRetries_ThrowsOperationCanceled()
        {
            using var cts = new CancellationTokenSource();
            using var fake = new FakeAwsListener(_ => { cts.Cancel(); return Json(503, "{}", "ServiceUnavailableException"); });
            using var source = Source(fake.Url, "eu-west-1");

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => source.CallAsync(new AwsCall(SnapshotOperations.LambdaListFunctions, "eu-west-1"), cts.Token));
        }

        [Fact]
        public async Task CallAsync_NothingListening_FailedConnectionErrorNotThrown()
        {
            using var source = Source("http://127.0.0.1:9", "eu-west-1");
            var r = await source.CallAsync(new AwsCall(SnapshotOperations.LambdaListFunctions, "eu-west-1"), CancellationToken.None);
            Assert.Equal(AwsCallOutcome.Failed, r.Outcome);
            Assert.Null(r.HttpStatus);
        }
    }
}
