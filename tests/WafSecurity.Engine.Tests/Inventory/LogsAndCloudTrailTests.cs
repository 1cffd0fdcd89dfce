using System;
using System.Linq;
using WafSecurity.Engine.Aws;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Rules.Logs;

namespace WafSecurity.Engine.Tests.Inventory
{
    /// <summary>logs DescribeResourcePolicies / FilterLogEvents and cloudtrail DescribeTrails / GetEventSelectors: CLI documents to the model.</summary>
    public class LogsAndCloudTrailTests
    {
        private const string Policies = @"{""resourcePolicies"": [
  {""policyName"": ""share"", ""policyDocument"": ""{\""Version\"":\""2012-10-17\"",\""Statement\"":[{\""Effect\"":\""Allow\"",\""Principal\"":\""*\"",\""Action\"":\""logs:GetLogEvents\"",\""Resource\"":\""arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/*\""}]}"", ""lastUpdatedTime"": 1764236400000},
  {""policyName"": ""broken"", ""policyDocument"": ""{\""Statement\"": 5}"", ""lastUpdatedTime"": 1764236400000}
]}";

        [Fact]
        public void Read_DescribeResourcePolicies_ParsesEachPolicyAndReportsAnInvalidOne()
        {
            using var snap = new TempSnapshot()
                .Write("us-east-1/logs/DescribeLogGroups.json", "{\"logGroups\": []}")
                .Write("us-east-1/logs/DescribeResourcePolicies.json", Policies);
            var inventory = SnapshotReader.Read(snap.Root);
            var policies = inventory.Regions.Single().LogResourcePolicies;
            Assert.Equal(FetchState.Ok, policies.State);
            Assert.Equal(new[] { "share", "broken" }, policies.Value!.Select(p => p.PolicyName));
            var share = policies.Value![0];
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764236400000), share.LastUpdatedTime);
            Assert.Equal("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/*", Assert.Single(share.Policy.Value!.Document.Statements).Resources.Single());
            Assert.Equal(FetchState.Failed, policies.Value![1].Policy.State);
            Assert.Equal("InvalidPolicy", policies.Value![1].Policy.Error!.Code);
            Assert.Contains(inventory.Issues, i => i.ErrorId == "WafSecurity.InvalidPolicy" && i.Message.Contains("broken"));
        }

        [Fact]
        public void Read_LogGroupsWithoutResourcePolicies_WarnsOnceAndLeavesThemNotCollected()
        {
            using var snap = new TempSnapshot().Write("us-east-1/logs/DescribeLogGroups.json", "{\"logGroups\": []}");
            var inventory = SnapshotReader.Read(snap.Root);
            Assert.Equal(FetchState.NotCollected, inventory.Regions.Single().LogResourcePolicies.State);
            var warning = Assert.Single(inventory.Issues, i => i.Target == "us-east-1/logs/DescribeResourcePolicies");
            Assert.Equal(IssueKind.Warning, warning.Kind);
        }

        [Fact]
        public void Read_FilterLogEvents_SampleByGroupName_MissingOneIsNotCollected()
        {
            using var snap = new TempSnapshot()
                .Write("us-east-1/logs/DescribeLogGroups.json", "{\"logGroups\": []}")
                .Write("us-east-1/logs/FilterLogEvents/%2Faws%2Flambda%2Forders.json",
                    "{\"events\": [{\"logStreamName\": \"s1\", \"timestamp\": 1764236400000, \"message\": \"hello\", \"ingestionTime\": 1764236400050, \"eventId\": \"1\"}], " +
                    "\"searchedLogStreams\": [], \"nextToken\": \"more\"}");
            var region = SnapshotReader.Read(snap.Root).Regions.Single();
            var sample = region.FindLogSample("/aws/lambda/orders");
            Assert.Equal(FetchState.Ok, sample.State);
            var e = Assert.Single(sample.Value!.Events);
            Assert.Equal(("s1", "hello", "1"), (e.LogStreamName, e.Message, e.EventId));
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764236400000), e.Timestamp);
            Assert.True(sample.Value!.Truncated);
            var missing = region.FindLogSample("/aws/lambda/other");
            Assert.Equal(FetchState.NotCollected, missing.State);
            Assert.Equal("logs:FilterLogEvents", missing.Error!.IamAction);
        }

        [Fact]
        public void Read_Trails_SelectorsComeFromTheHomeRegion()
        {
            const string trails = "{\"trailList\": [{\"Name\": \"org-audit\", \"TrailARN\": \"arn:aws:cloudtrail:us-west-2:123456789012:trail/org-audit\", " +
                                  "\"HomeRegion\": \"us-west-2\", \"IsMultiRegionTrail\": true, \"IsOrganizationTrail\": false}]}";
            using var snap = new TempSnapshot()
                .Write("us-east-1/lambda/ListFunctions.json", "{\"Functions\": []}")
                .Write("us-east-1/cloudtrail/DescribeTrails.json", trails)
                .Write("us-west-2/cloudtrail/DescribeTrails.json", trails)
                .Write("us-west-2/cloudtrail/GetEventSelectors/org-audit.json",
                    "{\"TrailARN\": \"arn:aws:cloudtrail:us-west-2:123456789012:trail/org-audit\", \"AdvancedEventSelectors\": [{\"Name\": \"l\", \"FieldSelectors\": [" +
                    "{\"Field\": \"eventCategory\", \"Equals\": [\"Data\"]}, {\"Field\": \"resources.ARN\", \"NotStartsWith\": [\"arn:aws:lambda:us-east-1:123456789012:function:b\"]}]}]}");
            var inventory = SnapshotReader.Read(snap.Root);
            var trail = Assert.Single(inventory.Regions.Single(r => r.Region == "us-east-1").Trails.Value!);
            Assert.True(trail.IsMultiRegionTrail);
            Assert.Equal("us-west-2", trail.HomeRegion);
            var selector = Assert.Single(trail.EventSelectors.Value!.AdvancedEventSelectors);
            Assert.Equal(new[] { "eventCategory", "resources.ARN" }, selector.FieldSelectors.Select(f => f.Field));
            Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:b", selector.FieldSelectors[1].NotStartsWith.Single());
            Assert.DoesNotContain(inventory.Issues, i => i.Target.Contains("cloudtrail"));
        }

        [Fact]
        public void Read_NoTrailsFile_WarnsOnlyWhereFunctionsWereCollected()
        {
            using var snap = new TempSnapshot()
                .Write("us-east-1/lambda/ListFunctions.json", "{\"Functions\": []}")
                .Write("eu-west-1/dynamodb/ListTables.json", "{\"TableNames\": []}");
            var inventory = SnapshotReader.Read(snap.Root);
            Assert.Equal("us-east-1/cloudtrail", Assert.Single(inventory.Issues, i => i.Target.Contains("cloudtrail")).Target);
        }

        [Theory]
        [InlineData("{\"Field\": \"resources.ARN\", \"StartsWith\": [\"arn:aws:lambda:us-east-1:123456789012:function:ord\"]}", true)]
        [InlineData("{\"Field\": \"resources.ARN\", \"NotStartsWith\": [\"arn:aws:lambda:us-east-1:123456789012:function:ord\"]}", false)]
        [InlineData("{\"Field\": \"resources.ARN\", \"Equals\": [\"arn:aws:lambda:us-east-1:123456789012:function:other\"]}", false)]
        [InlineData("{\"Field\": \"resources.ARN\", \"EndsWith\": [\":orders\"], \"NotEquals\": [\"x\"]}", true)]
        [InlineData("{\"Field\": \"readOnly\", \"Equals\": [\"true\"]}", false)]
        [InlineData("{\"Field\": \"eventName\", \"NotEquals\": [\"Invoke\"]}", false)]
        [InlineData("{\"Field\": \"eventCategory\", \"Equals\": [\"Management\"]}", false)]
        [InlineData("{\"Field\": \"userIdentity.arn\", \"StartsWith\": [\"arn:aws:iam::123456789012:role/x\"]}", true)]
        public void Records_AdvancedSelector_HonoursEachOperator(string extraField, bool recorded)
        {
            var json = "{\"AdvancedEventSelectors\": [{\"Name\": \"s\", \"FieldSelectors\": [{\"Field\": \"eventCategory\", \"Equals\": [\"Data\"]}, " +
                       "{\"Field\": \"resources.type\", \"Equals\": [\"AWS::Lambda::Function\"]}, " + extraField + "]}]}";
            using var document = System.Text.Json.JsonDocument.Parse(json);
            var selectors = CliDocuments.GetEventSelectors(document.RootElement);
            var how = LogsLambdaDataEventsRule.Records(selectors, "arn:aws:lambda:us-east-1:123456789012:function:orders", "aws");
            Assert.Equal(recorded, how != null);
        }

        [Theory]
        [InlineData("All", "arn:aws:lambda", true)]
        [InlineData("WriteOnly", "arn:aws:lambda:us-east-1:123456789012:function:orders", true)]
        [InlineData("All", "arn:aws:lambda:us-east-1:123456789012:function:orders:live", true)]
        [InlineData("ReadOnly", "arn:aws:lambda", false)]
        [InlineData("All", "arn:aws:lambda:us-east-1:123456789012:function:order", false)]
        public void Records_ClassicSelector_NeedsTheArnOrThePrefixAndWrites(string readWrite, string value, bool recorded)
        {
            var json = "{\"EventSelectors\": [{\"ReadWriteType\": \"" + readWrite + "\", \"IncludeManagementEvents\": true, " +
                       "\"DataResources\": [{\"Type\": \"AWS::Lambda::Function\", \"Values\": [\"" + value + "\"]}]}]}";
            using var document = System.Text.Json.JsonDocument.Parse(json);
            var how = LogsLambdaDataEventsRule.Records(CliDocuments.GetEventSelectors(document.RootElement), "arn:aws:lambda:us-east-1:123456789012:function:orders", "aws");
            Assert.Equal(recorded, how != null);
        }

        [Theory]
        [InlineData("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/*", true)]
        [InlineData("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/orders:*", true)]
        [InlineData("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/orders:log-stream:abc", true)]
        [InlineData("*", true)]
        [InlineData("arn:aws:logs:us-east-1:123456789012:log-group:/aws/route53/*", false)]
        public void Covers_MatchesTheGroupArnItsStarFormAndItsStreams(string resource, bool covers)
        {
            var statement = new WafSecurity.Engine.Iam.PolicyStatement { Resources = new[] { resource } };
            Assert.Equal(covers, LogsLogGroupPublicRule.Covers(statement, "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/orders"));
        }

        [Fact]
        public void Operations_AreInTheSnapshotSetWithTheirApiGroups()
        {
            Assert.DoesNotContain(null, SnapshotOperations.All);
            foreach (var op in new[] { SnapshotOperations.LogsDescribeResourcePolicies, SnapshotOperations.LogsFilterLogEvents,
                         SnapshotOperations.CloudTrailDescribeTrails, SnapshotOperations.CloudTrailGetEventSelectors })
            {
                Assert.Contains(op, SnapshotOperations.All);
                Assert.Contains(ApiGroups.Of(op), ApiGroups.All);
            }
            Assert.Same(ApiGroups.LogsFilterLogEvents, ApiGroups.Of(SnapshotOperations.LogsFilterLogEvents));
            Assert.Same(ApiGroups.CloudTrail, ApiGroups.Of(SnapshotOperations.CloudTrailGetEventSelectors));
        }
    }
}
