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
