using System;
using System.Linq;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Tests.Inventory
{
    /// <summary>sqs ListQueues/GetQueueAttributes and cloudwatch GetMetricData: CLI documents mapped, and how the reader treats missing or failed files.</summary>
    public class ActivityTests
    {
        private const string Functions = "{\"Functions\": [{\"FunctionName\": \"orders\", \"FunctionArn\": \"arn:aws:lambda:us-east-1:123456789012:function:orders\"}]}";

        // Two pages of one query (the CLI appends them), an idle function, timestamps as CLI v1 prints them (epoch seconds).
        private const string Invocations = @"{""MetricDataResults"": [
  {""Id"": ""m0"", ""Label"": ""orders"", ""Timestamps"": [1795168800, 1794996000], ""Values"": [12.0, 0.0], ""StatusCode"": ""PartialData""},
  {""Id"": ""m1"", ""Label"": ""idle"", ""Timestamps"": [], ""Values"": [], ""StatusCode"": ""Complete""},
  {""Id"": ""m0"", ""Label"": ""orders"", ""Timestamps"": [""2026-09-01T10:00:00+00:00""], ""Values"": [3.5], ""StatusCode"": ""Complete""}
], ""Messages"": []}";

        [Fact]
        public void Read_GetMetricData_SeriesByLabelPagesMergedWindowFromTheKey()
        {
            using var snap = new TempSnapshot().Write("us-east-1/lambda/ListFunctions.json", Functions)
                .Write("us-east-1/cloudwatch/GetMetricData/AWS_Lambda_Invocations.90d.json", Invocations)
                .Write("us-east-1/cloudwatch/GetMetricData/AWS_Lambda_Invocations.30d.json", "{\"MetricDataResults\": []}");
            var inventory = SnapshotReader.Read(snap.Root);
            var region = inventory.Regions.Single();
            Assert.True(region.ActivityCollected);
            var activity = region.ActivityOf(ActivityMetrics.LambdaInvocations);
            Assert.Equal(FetchState.Ok, activity.State);
            Assert.Equal(90, activity.Value!.WindowDays); // the widest window recorded wins
            var orders = activity.Value.ByLabel["orders"];
            Assert.Equal(3, orders.Points.Count);
            Assert.True(orders.IsComplete);
            Assert.Equal(15.5, orders.SumSince(DateTimeOffset.MinValue));
            Assert.Equal(12.0, orders.SumSince(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero)));
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795168800), orders.LastActiveSince(DateTimeOffset.MinValue));
            Assert.Empty(activity.Value.ByLabel["idle"].Points);
            // A metric with no file where others were collected: NotCollected, named for the Error its rules give.
            var table = region.ActivityOf(ActivityMetrics.TableReads);
            Assert.Equal(FetchState.NotCollected, table.State);
            Assert.Contains("AWS_DynamoDB_ConsumedReadCapacityUnits.<days>d.json", table.Error!.Message);
            Assert.Equal("cloudwatch:GetMetricData", table.Error.IamAction);
            Assert.DoesNotContain(inventory.Issues, i => i.Target.Contains("cloudwatch"));
        }

        [Fact]
        public void Read_NoMetricFiles_NotCollectedAndWarnedOnceWhereResourcesAre()
        {
            using var snap = new TempSnapshot().Write("us-east-1/lambda/ListFunctions.json", Functions)
                .Write("eu-west-1/lambda/ListFunctions.json", "{\"Functions\": []}");
            var inventory = SnapshotReader.Read(snap.Root);
            Assert.All(inventory.Regions, r => Assert.False(r.ActivityCollected));
            var warning = Assert.Single(inventory.Issues, i => i.Target.Contains("cloudwatch"));
            Assert.Equal("us-east-1/cloudwatch", warning.Target);
            Assert.Equal(IssueKind.Warning, warning.Kind);
        }

        [Fact]
        public void Read_MetricErrorFileOrBadShape_Failed()
        {
            using var snap = new TempSnapshot()
                .Write("us-east-1/cloudwatch/GetMetricData/AWS_Lambda_Invocations.90d.error.json",
                    "{\"Code\": \"AccessDeniedException\", \"Message\": \"no\", \"HttpStatus\": 403}")
                .Write("us-east-1/cloudwatch/GetMetricData/AWS_SQS_NumberOfMessagesSent.90d.json",
                    "{\"MetricDataResults\": [{\"Id\": \"m0\", \"Label\": \"q\", \"Timestamps\": [1795168800], \"Values\": []}]}");
            var inventory = SnapshotReader.Read(snap.Root);
            var region = inventory.Regions.Single();
            var denied = region.ActivityOf(ActivityMetrics.LambdaInvocations);
            Assert.Equal((FetchState.Failed, "AccessDeniedException"), (denied.State, denied.Error!.Code));
            var bad = region.ActivityOf(ActivityMetrics.QueueSent);
            Assert.Equal((FetchState.Failed, "InvalidShape"), (bad.State, bad.Error!.Code));
            Assert.Contains("1 Timestamps but 0 Values", bad.Error.Message);
        }

        [Theory]
        [InlineData("AWS_Lambda_Invocations.90d", 90)]
        [InlineData("AWS_Lambda_Invocations.455d", 455)]
        [InlineData("AWS_Lambda_Invocations", null)]
        [InlineData("AWS_Lambda_Invocations.0d", null)]
        [InlineData("AWS_Lambda_Invocations.90", null)]
        [InlineData("AWS_SQS_NumberOfMessagesSent.90d", null)]
        public void WindowOf_Key_DaysOnlyForThisMetric(string key, int? days)
            => Assert.Equal(days, ActivityMetrics.LambdaInvocations.WindowOf(key));

        [Fact]
        public void Read_Queues_AttributesByNameEmptyListAndMissingAttributes()
        {
            using var snap = new TempSnapshot()
                .Write("us-east-1/sqs/ListQueues.json", "{\"QueueUrls\": [\"https://sqs.us-east-1.amazonaws.com/123456789012/jobs\", " +
                                                        "\"https://sqs.us-east-1.amazonaws.com/123456789012/lost.fifo\"]}")
                .Write("us-east-1/sqs/GetQueueAttributes/jobs.json", "{\"Attributes\": {\"QueueArn\": \"arn:aws:sqs:us-east-1:123456789012:jobs\", " +
                                                                     "\"CreatedTimestamp\": \"1764236400\", \"ApproximateNumberOfMessages\": \"4\"}}")
                .Write("eu-west-1/sqs/ListQueues.json", "{}");
            var inventory = SnapshotReader.Read(snap.Root);
            var queues = inventory.Regions.Single(r => r.Region == "us-east-1").Queues.Value!;
            Assert.Equal(new[] { "jobs", "lost.fifo" }, queues.Select(q => q.QueueName));
            var jobs = queues[0].Attributes.Value!;
            Assert.Equal("arn:aws:sqs:us-east-1:123456789012:jobs", jobs.QueueArn);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764236400), jobs.CreatedTimestamp);
            Assert.Equal(4, jobs.ApproximateNumberOfMessages);
            Assert.Equal(FetchState.NotCollected, queues[1].Attributes.State);
            Assert.Equal("sqs:GetQueueAttributes", queues[1].Attributes.Error!.IamAction);
            Assert.Empty(inventory.Regions.Single(r => r.Region == "eu-west-1").Queues.Value!);
        }

        [Fact]
        public void Read_ApiCreatedDates_BothForms()
        {
            using var snap = new TempSnapshot()
                .Write("us-east-1/apigateway/GetRestApis.json", "{\"items\": [{\"id\": \"a1\", \"name\": \"orders\", \"createdDate\": 1764236400}]}")
                .Write("us-east-1/apigatewayv2/GetApis.json", "{\"Items\": [{\"ApiId\": \"b2\", \"Name\": \"chat\", \"ProtocolType\": \"WEBSOCKET\", " +
                                                            "\"CreatedDate\": \"2025-11-27T09:40:00+00:00\"}]}");
            var region = SnapshotReader.Read(snap.Root).Regions.Single();
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764236400), region.RestApis.Value!.Single().CreatedDate);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764236400), region.ApisV2.Value!.Single().CreatedDate);
        }
    }
}
