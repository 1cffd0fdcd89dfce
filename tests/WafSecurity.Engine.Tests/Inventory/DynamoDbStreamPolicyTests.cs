using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Tests.Rules;
using static WafSecurity.Engine.Tests.Rules.RuleTestInventory;

namespace WafSecurity.Engine.Tests.Inventory
{
    /// <summary>A DynamoDB table's stream policy: GetResourcePolicy/&lt;TableName&gt;@stream.json, read and judged.</summary>
    public class DynamoDbStreamPolicyTests
    {
        private const string StreamArn = "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-11-01T09:30:00.000";
        private const string RuleId = "SEC2.DynamoDB.ResourcePolicyPublicOrCrossAccount";

        private static string Described(string name, string? streamArn) =>
            "{\"Table\":{\"TableName\":\"" + name + "\",\"TableArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/" + name + "\"" +
            (streamArn == null ? "" : ",\"StreamSpecification\":{\"StreamEnabled\":true,\"StreamViewType\":\"NEW_IMAGE\"}," +
                                      "\"LatestStreamLabel\":\"2026-11-01T09:30:00.000\",\"LatestStreamArn\":\"" + streamArn + "\"") + "}}";

        private static string PolicyAnswer(string principal) =>
            "{\"Policy\":\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Sid\\\":\\\"StreamRead\\\",\\\"Effect\\\":\\\"Allow\\\"," +
            "\\\"Principal\\\":" + principal.Replace("\"", "\\\"") + ",\\\"Action\\\":\\\"dynamodb:GetRecords\\\",\\\"Resource\\\":\\\"" + StreamArn + "\\\"}]}\"," +
            "\"RevisionId\":\"1793525400000\"}";

        private static TempSnapshot Tables(params string[] names)
            => new TempSnapshot().Write("us-east-1/dynamodb/ListTables.json", "{\"TableNames\":[" + string.Join(",", names.Select(n => "\"" + n + "\"")) + "]}");

        [Fact]
        public void Read_DescribeTable_MapsLatestStreamArn()
        {
            using var snap = Tables("orders", "plain")
                .Write("us-east-1/dynamodb/DescribeTable/orders.json", Described("orders", StreamArn))
                .Write("us-east-1/dynamodb/DescribeTable/plain.json", Described("plain", null));
            var tables = SnapshotReader.Read(snap.Root).Regions.Single().Tables.Value!;
            Assert.Equal(StreamArn, tables.Single(t => t.TableName == "orders").Description.Value!.LatestStreamArn);
            Assert.Null(tables.Single(t => t.TableName == "plain").Description.Value!.LatestStreamArn);
        }

        [Fact]
        public void Read_StreamPolicyFile_IsTheStreamsPolicyNotTheTables()
        {
            using var snap = Tables("orders")
                .Write("us-east-1/dynamodb/DescribeTable/orders.json", Described("orders", StreamArn))
                .Write("us-east-1/dynamodb/GetResourcePolicy/orders@stream.json", PolicyAnswer("{\"AWS\":\"*\"}"));
            var table = SnapshotReader.Read(snap.Root).Regions.Single().Tables.Value!.Single();
            Assert.Equal(FetchState.Absent, table.ResourcePolicy.State);
            Assert.Equal(FetchState.Ok, table.StreamResourcePolicy.State);
            Assert.Contains("StreamRead", table.StreamResourcePolicy.Value!.Source);
        }

        [Fact]
        public void Read_MissingStreamPolicy_IsAbsentAndErrorFileIsFailed()
        {
            using var snap = Tables("orders", "denied")
                .Write("us-east-1/dynamodb/DescribeTable/orders.json", Described("orders", StreamArn))
                .Write("us-east-1/dynamodb/DescribeTable/denied.json", Described("denied", StreamArn.Replace("orders", "denied")))
                .Write("us-east-1/dynamodb/GetResourcePolicy/denied@stream.error.json",
                    "{\"Code\":\"AccessDeniedException\",\"Message\":\"not allowed\",\"HttpStatus\":403}");
            var inventory = SnapshotReader.Read(snap.Root);
            var tables = inventory.Regions.Single().Tables.Value!;
            Assert.Equal(FetchState.Absent, tables.Single(t => t.TableName == "orders").StreamResourcePolicy.State);
            var denied = tables.Single(t => t.TableName == "denied").StreamResourcePolicy;
            Assert.Equal(FetchState.Failed, denied.State);
            Assert.Equal("dynamodb:GetResourcePolicy", denied.Error!.IamAction);
            Assert.DoesNotContain(inventory.Issues, i => i.Kind == IssueKind.Error);
        }

        [Fact]
        public void Rule_StreamWithPolicy_IsAFindingOfItsOwnWithTheStreamArn()
        {
            using var snap = Tables("orders", "quiet")
                .Write("us-east-1/dynamodb/DescribeTable/orders.json", Described("orders", StreamArn))
                .Write("us-east-1/dynamodb/GetResourcePolicy/orders@stream.json", PolicyAnswer("{\"AWS\":\"arn:aws:iam::111122223333:root\"}"))
                .Write("us-east-1/dynamodb/DescribeTable/quiet.json", Described("quiet", StreamArn.Replace("orders", "quiet")));
            var findings = Run(RuleId, SnapshotReader.Read(snap.Root));
            var stream = Single(findings, "orders stream");
            Assert.Equal(("Failed", "Medium"), (stream.Status, stream.Severity));
            Assert.Equal(StreamArn, stream.ResourceArn);
            Assert.Contains("stream of table 'orders'", stream.Reason);
            Assert.Equal($"Remove-DDBResourcePolicy -ResourceArn '{StreamArn}' -Region us-east-1 -Force", stream.RepairCommand);
            Assert.Equal("Passed", Single(findings, "orders").Status);
            // A stream without a policy adds nothing; its table's finding stands.
            Assert.Equal(new[] { "orders", "orders stream", "quiet" }, findings.Select(f => f.ResourceName).OrderBy(n => n));

            var trusted = Run(RuleId, SnapshotReader.Read(snap.Root), new Dictionary<string, object?> { ["TrustedAccountIds"] = new[] { "111122223333" } });
            Assert.Equal("Passed", Single(trusted, "orders stream").Status);
        }

        [Fact]
        public void Rule_FailedDescribeTable_StreamIsUnknownSoError()
        {
            using var snap = Tables("orders")
                .Write("us-east-1/dynamodb/DescribeTable/orders.error.json", "{\"Code\":\"AccessDeniedException\",\"Message\":\"not allowed\",\"HttpStatus\":403}");
            var findings = Run(RuleId, SnapshotReader.Read(snap.Root));
            Assert.Equal("Passed", Single(findings, "orders").Status);
            var stream = Single(findings, "orders stream");
            Assert.Equal("Error", stream.Status);
            Assert.Contains("dynamodb:DescribeTable", stream.Reason);
        }
    }
}
