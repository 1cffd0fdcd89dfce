using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using WafSecurity.Engine.Aws;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Json;

namespace WafSecurity.Engine.Tests.Aws
{
    /// <summary>
    /// The live path of the operations moto 5.2.1 lacks (iam GenerateServiceLastAccessedDetails and
    /// GetServiceLastAccessedDetails, backup ListProtectedResources) and of dax DescribeClusters, against an in-process
    /// listener answering with the wire shapes of botocore's service models and the API references' examples.
    /// </summary>
    public sealed class AwsApiCallSourceNewServicesTests
    {
        private static AwsApiCallSource Source(string url)
            => new AwsApiCallSource(new AwsConnection(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new[] { "eu-west-1" }, "test", "test", url,
                new AwsRetrySettings { MaxErrorRetry = 1 }, _ => null));

        private static (int, string, Dictionary<string, string>?) Ok(string body) => (200, body, null);

        private static string Form(string body, string name)
            => body.Split('&').Select(p => p.Split('=')).Where(p => p[0] == name).Select(p => Uri.UnescapeDataString(p[1])).SingleOrDefault() ?? "";

        private const string GenerateXml =
            "<GenerateServiceLastAccessedDetailsResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GenerateServiceLastAccessedDetailsResult>" +
            "<JobId>examplef-1305-c245-eba4-71fe298bcda7</JobId></GenerateServiceLastAccessedDetailsResult>" +
            "<ResponseMetadata><RequestId>f1c0fb3b-3e27-4ab2-b5e8-7e1b1f4a1a2c</RequestId></ResponseMetadata></GenerateServiceLastAccessedDetailsResponse>";

        private static string GetXml(bool truncated, string members) =>
            "<GetServiceLastAccessedDetailsResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetServiceLastAccessedDetailsResult>" +
            $"<IsTruncated>{(truncated ? "true" : "false")}</IsTruncated>" + (truncated ? "<Marker>page-2</Marker>" : "") +
            "<JobCompletionDate>2026-11-27T09:58:03.456Z</JobCompletionDate><JobCreationDate>2026-11-27T09:58:01.123Z</JobCreationDate>" +
            "<JobType>ACTION_LEVEL</JobType><ServicesLastAccessed>" + members + "</ServicesLastAccessed><JobStatus>COMPLETED</JobStatus>" +
            "</GetServiceLastAccessedDetailsResult><ResponseMetadata><RequestId>0a1b</RequestId></ResponseMetadata></GetServiceLastAccessedDetailsResponse>";

        private const string S3Member =
            "<member><LastAuthenticated>2026-11-25T08:15:00Z</LastAuthenticated><LastAuthenticatedEntity>arn:aws:iam::123456789012:role/orders-api-role</LastAuthenticatedEntity>" +
            "<ServiceName>Amazon S3</ServiceName><ServiceNamespace>s3</ServiceNamespace><TotalAuthenticatedEntities>1</TotalAuthenticatedEntities>" +
            "<TrackedActionsLastAccessed><member><ActionName>GetObject</ActionName><LastAccessedTime>2026-11-25T08:15:00Z</LastAccessedTime>" +
            "<LastAccessedRegion>eu-west-1</LastAccessedRegion></member><member><ActionName>PutObject</ActionName></member></TrackedActionsLastAccessed></member>";

        private const string SqsMember =
            "<member><ServiceName>Amazon SQS</ServiceName><ServiceNamespace>sqs</ServiceNamespace><TotalAuthenticatedEntities>0</TotalAuthenticatedEntities></member>";

        [Fact]
        public async Task CallAsync_IamGenerateServiceLastAccessedDetails_SendsArnAndGranularityReturnsJobId()
        {
            using var fake = new FakeAwsListener(_ => Ok(GenerateXml));
            using var source = Source(fake.Url);

            var r = await source.CallAsync(new AwsCall(SnapshotOperations.IamGenerateServiceLastAccessedDetails, AwsEndpoints.Global, "orders-api-role",
                new Dictionary<string, string> { ["Arn"] = "arn:aws:iam::123456789012:role/orders-api-role", ["Granularity"] = "ACTION_LEVEL" }), CancellationToken.None);

            Assert.Equal(AwsCallOutcome.Ok, r.Outcome);
            Assert.Equal("examplef-1305-c245-eba4-71fe298bcda7", JsonDocument.Parse(r.Json!).RootElement.GetProperty("JobId").GetString());
            var request = fake.Requests.Single();
            Assert.Equal("iam", request.Service);
            Assert.Equal("GenerateServiceLastAccessedDetails", Form(request.Body, "Action"));
            Assert.Equal("arn:aws:iam::123456789012:role/orders-api-role", Form(request.Body, "Arn"));
            Assert.Equal("ACTION_LEVEL", Form(request.Body, "Granularity"));
        }

        [Fact]
        public async Task CallAsync_IamGetServiceLastAccessedDetailsTwoPages_MergedAsTheCliShapeTheReaderReads()
        {
            using var fake = new FakeAwsListener(r => Ok(Form(r.Body, "Marker") == "page-2" ? GetXml(false, SqsMember) : GetXml(true, S3Member)));
            using var source = Source(fake.Url);

            var r = await source.CallAsync(new AwsCall(SnapshotOperations.IamGetServiceLastAccessedDetails, AwsEndpoints.Global, "orders-api-role",
                new Dictionary<string, string> { ["JobId"] = "examplef-1305-c245-eba4-71fe298bcda7" }), CancellationToken.None);

            Assert.Equal(AwsCallOutcome.Ok, r.Outcome);
            Assert.Equal(2, r.Requests);
            Assert.All(fake.Requests, q => Assert.Equal("examplef-1305-c245-eba4-71fe298bcda7", Form(q.Body, "JobId")));
            Assert.Equal("1000", Form(fake.Requests.First().Body, "MaxItems"));
            var root = JsonDocument.Parse(r.Json!).RootElement;
            Assert.False(root.TryGetProperty("IsTruncated", out _));
            Assert.False(root.TryGetProperty("Marker", out _));
            Assert.Equal("COMPLETED", root.GetProperty("JobStatus").GetString());
            var services = root.GetProperty("ServicesLastAccessed").EnumerateArray().ToList();
            Assert.Equal(new[] { "s3", "sqs" }, services.Select(s => s.GetProperty("ServiceNamespace").GetString()));
            Assert.Equal(new[] { "GetObject", "PutObject" },
                services[0].GetProperty("TrackedActionsLastAccessed").EnumerateArray().Select(a => a.GetProperty("ActionName").GetString()));
            Assert.Equal(1, services[0].GetProperty("TotalAuthenticatedEntities").GetInt32());

            var report = CliDocuments.GetServiceLastAccessedDetails(root);
            Assert.Equal(new DateTimeOffset(2026, 11, 25, 8, 15, 0, TimeSpan.Zero), report.Services[0].LastAuthenticated);
            Assert.Null(report.Services[0].TrackedActions[1].LastAccessedTime);
            Assert.Null(report.Services[1].LastAuthenticated);
            Assert.Equal(new DateTimeOffset(2026, 11, 27, 9, 58, 3, 456, TimeSpan.Zero), report.JobCompletionDate);
        }

        [Fact]
        public async Task CallAsync_IamLastAccessedAccessDenied_FailedWithTheIamCode()
        {
            using var fake = new FakeAwsListener(_ => (403, "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type>" +
                "<Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: iam:GenerateServiceLastAccessedDetails</Message>" +
                "</Error><RequestId>1</RequestId></ErrorResponse>", null));
            using var source = Source(fake.Url);

            var r = await source.CallAsync(new AwsCall(SnapshotOperations.IamGenerateServiceLastAccessedDetails, AwsEndpoints.Global, "r",
                new Dictionary<string, string> { ["Arn"] = "arn:aws:iam::123456789012:role/r", ["Granularity"] = "ACTION_LEVEL" }), CancellationToken.None);

            Assert.Equal(AwsCallOutcome.Failed, r.Outcome);
            Assert.Equal("AccessDenied", r.ErrorCode);
            Assert.Equal(403, r.HttpStatus);
        }

        [Fact]
        public async Task CallAsync_BackupListProtectedResourcesTwoPages_MergedWithTokenSentInTheQuery()
        {
            using var fake = new FakeAwsListener(r => r.PathAndQuery.Contains("nextToken=t2")
                ? Ok(@"{""Results"":[{""ResourceArn"":""arn:aws:dynamodb:eu-west-1:123456789012:table/payments"",""ResourceType"":""DynamoDB"",""LastBackupTime"":1795752000.5}]}")
                : Ok(@"{""NextToken"":""t2"",""Results"":[{""ResourceArn"":""arn:aws:dynamodb:eu-west-1:123456789012:table/orders"",""ResourceType"":""DynamoDB"",""ResourceName"":""orders"",""LastBackupTime"":1795700000}]}"));
            using var source = Source(fake.Url);

            var r = await source.CallAsync(new AwsCall(SnapshotOperations.BackupListProtectedResources, "eu-west-1"), CancellationToken.None);

            Assert.Equal(AwsCallOutcome.Ok, r.Outcome);
            Assert.Equal(2, r.Requests);
            var first = fake.Requests.First();
            Assert.Equal("GET", first.Method);
            Assert.StartsWith("/resources/", first.PathAndQuery);
            Assert.Contains("maxResults=1000", first.PathAndQuery);
            Assert.Equal(("backup", "eu-west-1"), (first.Service, first.Region));
            var root = JsonDocument.Parse(r.Json!).RootElement;
            Assert.False(root.TryGetProperty("NextToken", out _));
            var resources = CliDocuments.ListProtectedResources(root);
            Assert.Equal(new[] { "orders", "payments" }, resources.Select(x => x.ResourceArn.Split('/').Last()));
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795700000), resources[0].LastBackupTime);
        }

        [Fact]
        public async Task CallAsync_DaxDescribeClusters_AwsJsonTargetPageSizeAndCliShape()
        {
            using var fake = new FakeAwsListener(_ => Ok(@"{""Clusters"":[{""ClusterName"":""orders-cache"",""ClusterArn"":""arn:aws:dax:eu-west-1:123456789012:cache/orders-cache"",
                ""Status"":""available"",""SSEDescription"":{""Status"":""ENABLED""},""ClusterEndpointEncryptionType"":""TLS"",""TotalNodes"":3}]}"));
            using var source = Source(fake.Url);

            var r = await source.CallAsync(new AwsCall(SnapshotOperations.DaxDescribeClusters, "eu-west-1"), CancellationToken.None);

            Assert.Equal(AwsCallOutcome.Ok, r.Outcome);
            var request = fake.Requests.Single();
            Assert.Equal("AmazonDAXV3.DescribeClusters", request.Target);
            Assert.Equal(100, JsonDocument.Parse(request.Body).RootElement.GetProperty("MaxResults").GetInt32());
            Assert.Equal(("dax", "eu-west-1"), (request.Service, request.Region));
            var cluster = Assert.Single(CliDocuments.DescribeDaxClusters(JsonDocument.Parse(r.Json!).RootElement));
            Assert.Equal(("ENABLED", "TLS"), (cluster.SseStatus, cluster.EndpointEncryptionType));
        }
    }
}
