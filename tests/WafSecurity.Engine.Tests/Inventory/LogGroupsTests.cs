using System;
using System.Linq;
using WafSecurity.Engine.Aws;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Tests.Inventory
{
    /// <summary>logs DescribeLogGroups: the CLI document mapped to LogGroup, and how the reader treats a missing or failed file.</summary>
    public class LogGroupsTests
    {
        private const string TwoGroups = @"{""logGroups"": [
  {""logGroupName"": ""/aws/lambda/orders"", ""creationTime"": 1764236400000, ""retentionInDays"": 30, ""metricFilterCount"": 0,
   ""arn"": ""arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/orders:*"", ""storedBytes"": 2048,
   ""logGroupClass"": ""STANDARD"", ""logGroupArn"": ""arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/orders""},
  {""logGroupName"": ""/aws/lambda/payments"", ""creationTime"": 1764236401500,
   ""kmsKeyId"": ""arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"",
   ""arn"": ""arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/payments:*"", ""storedBytes"": 0}
]}";

        [Fact]
        public void Read_DescribeLogGroups_MapsEveryField()
        {
            using var snap = new TempSnapshot().Write("us-east-1/logs/DescribeLogGroups.json", TwoGroups);
            var region = SnapshotReader.Read(snap.Root).Regions.Single();
            Assert.Equal(FetchState.Ok, region.LogGroups.State);
            var groups = region.LogGroups.Value!;
            Assert.Equal(2, groups.Count);

            var orders = groups[0];
            Assert.Equal("/aws/lambda/orders", orders.LogGroupName);
            Assert.Equal("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/orders:*", orders.Arn);
            Assert.Equal(30, orders.RetentionInDays);
            Assert.Null(orders.KmsKeyId);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764236400000), orders.CreationTime);
            Assert.Equal(2048, orders.StoredBytes);

            var payments = groups[1];
            Assert.Null(payments.RetentionInDays);
            Assert.Equal("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", payments.KmsKeyId);
            Assert.Equal(new DateTimeOffset(2025, 11, 27, 9, 40, 1, 500, TimeSpan.Zero), payments.CreationTime);
            Assert.Equal(0, payments.StoredBytes);
        }

        [Fact]
        public void Read_EmptyList_IsOkAndSaysNothing()
        {
            using var snap = new TempSnapshot().Write("us-east-1/logs/DescribeLogGroups.json", "{\"logGroups\": []}")
                .Write("us-east-1/logs/DescribeResourcePolicies.json", "{\"resourcePolicies\": []}");
            var inventory = SnapshotReader.Read(snap.Root);
            Assert.Equal(FetchState.Ok, inventory.Regions.Single().LogGroups.State);
            Assert.Empty(inventory.Regions.Single().LogGroups.Value!);
            Assert.DoesNotContain(inventory.Issues, i => i.Target.Contains("/logs"));
        }

        [Fact]
        public void Read_MissingFile_NotCollectedWarnedOncePerRegion()
        {
            using var snap = new TempSnapshot()
                .Write("us-east-1/dynamodb/ListTables.json", "{\"TableNames\":[]}")
                .Write("eu-west-1/dynamodb/ListTables.json", "{\"TableNames\":[]}")
                .Write("eu-west-1/logs/DescribeLogGroups.json", TwoGroups)
                .Write("eu-west-1/logs/DescribeResourcePolicies.json", "{\"resourcePolicies\": []}");
            var inventory = SnapshotReader.Read(snap.Root);
            var east = inventory.Regions.Single(r => r.Region == "us-east-1");
            Assert.Equal(FetchState.NotCollected, east.LogGroups.State);
            Assert.Equal("logs:DescribeLogGroups", east.LogGroups.Error!.IamAction);
            var warning = Assert.Single(inventory.Issues, i => i.Target.Contains("/logs"));
            Assert.Equal("us-east-1/logs", warning.Target);
            Assert.Equal(IssueKind.Warning, warning.Kind);
            Assert.Equal("WafSecurity.ServiceNotCollected", warning.ErrorId);
            Assert.Equal(FetchState.Ok, inventory.Regions.Single(r => r.Region == "eu-west-1").LogGroups.State);
        }

        [Fact]
        public void Read_ErrorFile_FailedWithTheCallAndItsIamAction()
        {
            using var snap = new TempSnapshot().Write("us-east-1/logs/DescribeLogGroups.error.json",
                "{\"Code\":\"AccessDeniedException\",\"Message\":\"not authorized to perform: logs:DescribeLogGroups\",\"HttpStatus\":400}");
            var inventory = SnapshotReader.Read(snap.Root);
            var groups = inventory.Regions.Single().LogGroups;
            Assert.Equal(FetchState.Failed, groups.State);
            Assert.Equal("AccessDeniedException", groups.Error!.Code);
            Assert.Equal("logs DescribeLogGroups", groups.Error.Operation);
            Assert.Equal("logs:DescribeLogGroups", groups.Error.IamAction);
        }

        [Fact]
        public void Read_GroupWithoutName_IsAnInvalidShapeError()
        {
            using var snap = new TempSnapshot().Write("us-east-1/logs/DescribeLogGroups.json", "{\"logGroups\": [{\"arn\": \"arn:aws:logs:us-east-1:123456789012:log-group:x:*\"}]}");
            var inventory = SnapshotReader.Read(snap.Root);
            Assert.Equal(FetchState.Failed, inventory.Regions.Single().LogGroups.State);
        }

        [Fact]
        public void Operation_IsInTheSnapshotSetWithItsApiGroup()
        {
            var op = SnapshotOperations.LogsDescribeLogGroups;
            Assert.Contains(op, SnapshotOperations.All);
            Assert.Equal("logs DescribeLogGroups", op.Label);
            Assert.Equal("logs:DescribeLogGroups", op.IamAction);
            Assert.Same(ApiGroups.LogsDescribeLogGroups, ApiGroups.Of(op));
            Assert.Contains(ApiGroups.LogsDescribeLogGroups, ApiGroups.All);
        }
    }
}
