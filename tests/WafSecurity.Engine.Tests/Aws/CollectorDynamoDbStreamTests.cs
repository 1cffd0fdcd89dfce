using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WafSecurity.Engine.Aws;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Tests.Aws
{
    /// <summary>The stream's GetResourcePolicy: asked after DescribeTable, only for a table with a LatestStreamArn, with that ARN.</summary>
    public class CollectorDynamoDbStreamTests
    {
        private const string StreamArn = "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-11-01T09:30:00.000";

        private static SnapshotDocuments Recorded()
        {
            var d = new SnapshotDocuments();
            d.Set("account.json", "{\"AccountId\":\"123456789012\",\"Partition\":\"aws\",\"Regions\":[\"us-east-1\"],\"CapturedAt\":\"2026-11-27T10:00:00Z\"}");
            d.Set("us-east-1/dynamodb/ListTables.json", "{\"TableNames\":[\"orders\",\"plain\"]}");
            d.Set("us-east-1/dynamodb/DescribeTable/orders.json", "{\"Table\":{\"TableName\":\"orders\",\"TableArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/orders\"," +
                                                                   "\"LatestStreamLabel\":\"2026-11-01T09:30:00.000\",\"LatestStreamArn\":\"" + StreamArn + "\"}}");
            d.Set("us-east-1/dynamodb/DescribeTable/plain.json", "{\"Table\":{\"TableName\":\"plain\",\"TableArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/plain\"}}");
            foreach (var t in new[] { "orders", "plain" })
                d.Set($"us-east-1/dynamodb/DescribeContinuousBackups/{t}.json", "{\"ContinuousBackupsDescription\":{\"ContinuousBackupsStatus\":\"ENABLED\"}}");
            d.Set("us-east-1/dynamodb/GetResourcePolicy/orders@stream.json",
                "{\"Policy\":\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[]}\",\"RevisionId\":\"1793525400000\"}");
            return d;
        }

        [Fact]
        public void Collect_TableWithStream_AsksTheStreamPolicyWithTheStreamArnAfterDescribeTable()
        {
            var recorded = Recorded();
            var source = new RecordingSource(new SnapshotCallSource(recorded, null, new VirtualClock()));
            var result = CollectorTestSupport.Collect(recorded, source: source);

            var policyCalls = source.Calls.Where(c => c.Call.Operation == SnapshotOperations.DynamoGetResourcePolicy).ToList();
            var stream = Assert.Single(policyCalls, c => c.Call.Key == "orders@stream");
            Assert.Equal(StreamArn, stream.Call.Parameters["ResourceArn"]);
            var describe = source.Calls.Single(c => c.Call.Operation == SnapshotOperations.DynamoDescribeTable && c.Call.Key == "orders");
            Assert.True(describe.Order < stream.Order, "the stream ARN comes from DescribeTable");
            // A table without LatestStreamArn has no stream: only its table policy is asked.
            Assert.DoesNotContain(policyCalls, c => c.Call.Key == "plain@stream");
            Assert.Contains(policyCalls, c => c.Call.Key == "plain");

            Assert.True(result.Documents.Contains("us-east-1/dynamodb/GetResourcePolicy/orders@stream.json"));
            Assert.Empty(CollectorTestSupport.Differences(recorded, result.Documents));
        }

        [Fact]
        public void ParametersOf_StreamKeyWithoutParameters_IsRefusedNotSentWithTheKeyAsArn()
        {
            var call = new AwsCall(SnapshotOperations.DynamoGetResourcePolicy, "us-east-1", DynamoDbTable.StreamPolicyKey("orders"));
            var e = Assert.Throws<ArgumentException>(() => AwsApiCallSource.ParametersOf(call));
            Assert.Contains("ResourceArn", e.Message);
            var explicitArn = new AwsCall(SnapshotOperations.DynamoGetResourcePolicy, "us-east-1", "orders@stream",
                new Dictionary<string, string> { ["ResourceArn"] = StreamArn });
            Assert.Equal(StreamArn, AwsApiCallSource.ParametersOf(explicitArn)["ResourceArn"]);
            var table = new AwsCall(SnapshotOperations.DynamoGetResourcePolicy, "us-east-1", "arn:aws:dynamodb:us-east-1:123456789012:table/orders");
            Assert.Equal("arn:aws:dynamodb:us-east-1:123456789012:table/orders", AwsApiCallSource.ParametersOf(table)["ResourceArn"]);
        }

        private sealed class RecordingSource : IAwsCallSource
        {
            private readonly IAwsCallSource _inner;
            private int _order;
            public RecordingSource(IAwsCallSource inner) { _inner = inner; }
            public ConcurrentBag<(AwsCall Call, int Order)> Calls { get; } = new ConcurrentBag<(AwsCall, int)>();
            public Task<AwsCallResult> CallAsync(AwsCall call, CancellationToken cancellationToken)
            {
                Calls.Add((call, Interlocked.Increment(ref _order)));
                return _inner.CallAsync(call, cancellationToken);
            }
        }
    }
}
