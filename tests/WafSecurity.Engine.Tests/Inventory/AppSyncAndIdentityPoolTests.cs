using System.Linq;
using WafSecurity.Engine.Aws;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Rules;

namespace WafSecurity.Engine.Tests.Inventory
{
    /// <summary>
    /// appsync ListGraphqlApis / GetApiCache and cognito-identity ListIdentityPools / DescribeIdentityPool: the CLI documents
    /// mapped to the model, and how the reader treats missing, failed and incomplete files.
    /// </summary>
    public class AppSyncAndIdentityPoolTests
    {
        private const string TwoApis = @"{""graphqlApis"": [
  {""name"": ""orders-api"", ""apiId"": ""abcd1234"", ""authenticationType"": ""AWS_IAM"", ""apiType"": ""GRAPHQL"",
   ""arn"": ""arn:aws:appsync:us-east-1:123456789012:apis/abcd1234"", ""uris"": {""GRAPHQL"": ""https://x.appsync-api.us-east-1.amazonaws.com/graphql""},
   ""additionalAuthenticationProviders"": [{""authenticationType"": ""API_KEY""}, {""authenticationType"": ""AMAZON_COGNITO_USER_POOLS"",
     ""userPoolConfig"": {""userPoolId"": ""us-east-1_a"", ""awsRegion"": ""us-east-1""}}],
   ""wafWebAclArn"": ""arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/1"", ""xrayEnabled"": true,
   ""logConfig"": {""fieldLogLevel"": ""ALL"", ""cloudWatchLogsRoleArn"": ""arn:aws:iam::123456789012:role/logs"", ""excludeVerboseContent"": true}},
  {""name"": ""merged-api"", ""apiId"": ""efgh5678"", ""authenticationType"": ""AWS_IAM"", ""apiType"": ""MERGED""}
]}";

        private const string Cache = @"{""apiCache"": {""ttl"": 300, ""apiCachingBehavior"": ""FULL_REQUEST_CACHING"", ""transitEncryptionEnabled"": false,
  ""atRestEncryptionEnabled"": true, ""type"": ""SMALL"", ""status"": ""AVAILABLE"", ""healthMetricsConfig"": ""DISABLED""}}";

        [Fact]
        public void Read_ListGraphqlApis_MapsEveryFieldAndTheCache()
        {
            using var snap = new TempSnapshot().Write("us-east-1/appsync/ListGraphqlApis.json", TwoApis)
                .Write("us-east-1/appsync/GetApiCache/abcd1234.json", Cache);
            var apis = SnapshotReader.Read(snap.Root).Regions.Single().GraphqlApis;
            Assert.Equal(FetchState.Ok, apis.State);
            var orders = apis.Value![0];
            Assert.Equal("abcd1234", orders.ApiId);
            Assert.Equal("orders-api", orders.Name);
            Assert.Equal("arn:aws:appsync:us-east-1:123456789012:apis/abcd1234", orders.Arn);
            Assert.False(orders.IsMerged);
            Assert.Equal("AWS_IAM", orders.AuthenticationType);
            Assert.Equal(new[] { "API_KEY", "AMAZON_COGNITO_USER_POOLS" }, orders.AdditionalAuthenticationTypes);
            Assert.Equal("arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/1", orders.WafWebAclArn);
            Assert.Equal("ALL", orders.LogConfig!.FieldLogLevel);
            Assert.True(orders.LogConfig.ExcludeVerboseContent);
            Assert.Equal("arn:aws:iam::123456789012:role/logs", orders.LogConfig.CloudWatchLogsRoleArn);
            var cache = orders.Cache.Value!;
            Assert.True(cache.AtRestEncryptionEnabled);
            Assert.False(cache.TransitEncryptionEnabled);
            Assert.Equal("SMALL", cache.Type);
            Assert.Equal("AVAILABLE", cache.Status);
            Assert.Equal(300, cache.Ttl);

            var merged = apis.Value[1];
            Assert.True(merged.IsMerged);
            Assert.Null(merged.LogConfig);
            Assert.Null(merged.WafWebAclArn);
            Assert.Empty(merged.AdditionalAuthenticationTypes);
            // No GetApiCache file: the API has no cache (get-api-cache answered NotFoundException).
            Assert.Equal(FetchState.Absent, merged.Cache.State);
        }

        [Fact]
        public void Read_GetApiCacheErrorFile_FailedWithTheIamAction()
        {
            using var snap = new TempSnapshot().Write("us-east-1/appsync/ListGraphqlApis.json", TwoApis)
                .Write("us-east-1/appsync/GetApiCache/abcd1234.error.json", "{\"Code\":\"AccessDeniedException\",\"Message\":\"no\",\"HttpStatus\":403}");
            var cache = SnapshotReader.Read(snap.Root).Regions.Single().GraphqlApis.Value![0].Cache;
            Assert.Equal(FetchState.Failed, cache.State);
            Assert.Equal("appsync:GetApiCache", cache.Error!.IamAction);
        }

        [Theory]
        [InlineData("{\"graphqlApis\": [{\"name\": \"x\"}]}")]
        [InlineData("{\"graphqlApis\": [{\"name\": \"x\", \"apiId\": \"1\", \"logConfig\": \"ALL\"}]}")]
        [InlineData("{\"graphqlApis\": [{\"name\": \"x\", \"apiId\": \"1\", \"additionalAuthenticationProviders\": [{}]}]}")]
        [InlineData("{\"graphqlApis\": {}}")]
        public void Read_BadListGraphqlApisShape_IsAnInvalidShapeIssue(string json)
        {
            using var snap = new TempSnapshot().Write("us-east-1/appsync/ListGraphqlApis.json", json);
            var inventory = SnapshotReader.Read(snap.Root);
            Assert.Equal(FetchState.Failed, inventory.Regions.Single().GraphqlApis.State);
            Assert.Equal("InvalidShape", inventory.Regions.Single().GraphqlApis.Error!.Code);
            Assert.Contains(inventory.Issues, i => i.Target == "us-east-1/appsync/ListGraphqlApis.json");
        }

        [Fact]
        public void Read_MissingLists_NotCollectedWarnedOncePerRegionAndService()
        {
            using var snap = new TempSnapshot().Write("us-east-1/dynamodb/ListTables.json", "{\"TableNames\":[]}");
            var inventory = SnapshotReader.Read(snap.Root);
            var region = inventory.Regions.Single();
            Assert.Equal(FetchState.NotCollected, region.GraphqlApis.State);
            Assert.Equal(FetchState.NotCollected, region.IdentityPools.State);
            Assert.Single(inventory.Issues, i => i.Target == "us-east-1/appsync" && i.ErrorId == "WafSecurity.ServiceNotCollected");
            Assert.Single(inventory.Issues, i => i.Target == "us-east-1/cognito-identity" && i.ErrorId == "WafSecurity.ServiceNotCollected");
        }

        [Fact]
        public void Read_IdentityPools_DescribedPerPoolByEscapedId()
        {
            using var snap = new TempSnapshot()
                .Write("us-east-1/cognito-identity/ListIdentityPools.json",
                    "{\"IdentityPools\": [{\"IdentityPoolId\": \"us-east-1:1111\", \"IdentityPoolName\": \"guests\"}, " +
                    "{\"IdentityPoolId\": \"us-east-1:2222\", \"IdentityPoolName\": \"missing\"}, {\"IdentityPoolId\": \"us-east-1:3333\", \"IdentityPoolName\": \"bad\"}]}")
                .Write("us-east-1/cognito-identity/DescribeIdentityPool/us-east-1%3A1111.json",
                    "{\"IdentityPoolId\": \"us-east-1:1111\", \"IdentityPoolName\": \"guests\", \"AllowUnauthenticatedIdentities\": true, \"AllowClassicFlow\": true}")
                .Write("us-east-1/cognito-identity/DescribeIdentityPool/us-east-1%3A3333.json",
                    "{\"IdentityPoolId\": \"us-east-1:3333\", \"IdentityPoolName\": \"bad\"}");
            var pools = SnapshotReader.Read(snap.Root).Regions.Single().IdentityPools.Value!;
            var guests = pools[0].Description.Value!;
            Assert.True(guests.AllowUnauthenticatedIdentities);
            Assert.True(guests.AllowClassicFlow);
            // A pool listed but not described is "not collected" (Error), never "no guests".
            Assert.Equal(FetchState.NotCollected, pools[1].Description.State);
            Assert.Equal("cognito-identity:DescribeIdentityPool", pools[1].Description.Error!.IamAction);
            // AllowUnauthenticatedIdentities is required by the service model: an answer without it is not one.
            Assert.Equal(FetchState.Failed, pools[2].Description.State);
            Assert.Equal("InvalidShape", pools[2].Description.Error!.Code);
        }

        [Fact]
        public void Operations_AreInTheSnapshotSetWithTheirApiGroups()
        {
            Assert.Contains(SnapshotOperations.AppSyncListGraphqlApis, SnapshotOperations.All);
            Assert.Contains(SnapshotOperations.AppSyncGetApiCache, SnapshotOperations.All);
            Assert.Contains(SnapshotOperations.CognitoListIdentityPools, SnapshotOperations.All);
            Assert.Contains(SnapshotOperations.CognitoDescribeIdentityPool, SnapshotOperations.All);
            Assert.True(SnapshotOperations.AppSyncGetApiCache.AbsentWhenMissing);
            Assert.False(SnapshotOperations.CognitoDescribeIdentityPool.AbsentWhenMissing);
            Assert.Same(ApiGroups.AppSyncControlPlane, ApiGroups.Of(SnapshotOperations.AppSyncGetApiCache));
            Assert.Same(ApiGroups.CognitoIdentityPools, ApiGroups.Of(SnapshotOperations.CognitoDescribeIdentityPool));
            Assert.Contains(ApiGroups.AppSyncControlPlane, ApiGroups.All);
            Assert.Contains(ApiGroups.CognitoIdentityPools, ApiGroups.All);
        }

        [Fact]
        public void FieldLogging_AllWithVerboseContent_FailsAtLowSeverity()
        {
            using var snap = new TempSnapshot().Write("us-east-1/appsync/ListGraphqlApis.json",
                "{\"graphqlApis\": [{\"name\": \"v\", \"apiId\": \"1\", \"authenticationType\": \"AWS_IAM\", " +
                "\"logConfig\": {\"fieldLogLevel\": \"ALL\", \"cloudWatchLogsRoleArn\": \"arn:aws:iam::123456789012:role/l\"}}, " +
                "{\"name\": \"n\", \"apiId\": \"2\", \"authenticationType\": \"AWS_IAM\"}]}");
            var findings = new AuditEngine(new AuditOptions { Rules = new[] { "SEC2.Logs.AppSyncFieldLogging" }, IncludePassed = true })
                .Run(SnapshotReader.Read(snap.Root)).ToList();
            var verbose = findings.Single(f => f.ResourceName == "v");
            Assert.Equal(FindingStatus.Failed, verbose.Status);
            Assert.Equal(Severity.Low, verbose.Severity);
            Assert.Contains("not set", verbose.Reason);
            var silent = findings.Single(f => f.ResourceName == "n");
            Assert.Equal(Severity.Medium, silent.Severity);
        }

        [Theory]
        [InlineData("NONE")]
        [InlineData("VERBOSE")]
        public void FieldLogging_BadLevelParameter_IsAnArgumentError(string level)
        {
            var rule = RuleRegistry.All.Single(r => r.Descriptor.Id == "SEC2.Logs.AppSyncFieldLogging");
            var values = new RuleParameterValues(rule.Descriptor, new System.Collections.Generic.Dictionary<string, object?> { ["FieldLogLevels"] = new[] { "ERROR", level } });
            Assert.Throws<System.ArgumentException>(() => rule.ValidateParameters(values));
        }
    }
}
