using System.Linq;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Tests.Inventory
{
    /// <summary>apigateway GetDomainNames, GetUsagePlans, GetRequestValidators; apigatewayv2 GetDomainNames, GetIntegrations: CLI shapes and missing files.</summary>
    public class ApiGatewayListsTests
    {
        private const string RestApis = @"{""items"": [{""id"": ""a1"", ""name"": ""pets"", ""endpointConfiguration"": {""types"": [""REGIONAL""]}}]}";
        private const string HttpApis = @"{""Items"": [{""ApiId"": ""h1"", ""Name"": ""orders"", ""ProtocolType"": ""HTTP""}]}";

        [Fact]
        public void Read_AllFiveOperations_MapTheirMembers()
        {
            using var snap = new TempSnapshot()
                .Write("us-east-1/apigateway/GetRestApis.json", RestApis)
                .Write("us-east-1/apigateway/GetRequestValidators/a1.json",
                    @"{""items"": [{""id"": ""v1"", ""name"": ""body"", ""validateRequestBody"": true, ""validateRequestParameters"": false}]}")
                .Write("us-east-1/apigateway/GetDomainNames.json",
                    @"{""items"": [{""domainName"": ""api.example.com"", ""domainNameArn"": ""arn:aws:apigateway:us-east-1::/domainnames/api.example.com"",
                        ""securityPolicy"": ""TLS_1_0"", ""endpointConfiguration"": {""types"": [""EDGE""]}}]}")
                .Write("us-east-1/apigateway/GetUsagePlans.json",
                    @"{""items"": [{""id"": ""p1"", ""name"": ""gold"", ""throttle"": {""rateLimit"": 50.0, ""burstLimit"": 20},
                        ""apiStages"": [{""apiId"": ""a1"", ""stage"": ""prod"", ""throttle"": {""/pets/GET"": {""rateLimit"": 5.0, ""burstLimit"": 2}}}]}]}")
                .Write("us-east-1/apigatewayv2/GetApis.json", HttpApis)
                .Write("us-east-1/apigatewayv2/GetIntegrations/h1.json",
                    @"{""Items"": [{""IntegrationId"": ""i1"", ""IntegrationType"": ""HTTP_PROXY"", ""ConnectionType"": ""VPC_LINK"", ""ConnectionId"": ""vl1"",
                        ""IntegrationUri"": ""arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/1/2"", ""TlsConfig"": {""ServerNameToVerify"": ""b.example.com""}},
                        {""IntegrationId"": ""i2"", ""ConnectionType"": ""INTERNET""}]}")
                .Write("us-east-1/apigatewayv2/GetDomainNames.json",
                    @"{""Items"": [{""DomainName"": ""v2.example.com"", ""DomainNameConfigurations"": [{""EndpointType"": ""REGIONAL"", ""SecurityPolicy"": ""TLS_1_2""}]}]}");
            var inventory = SnapshotReader.Read(snap.Root);
            var region = inventory.Regions.Single();
            Assert.DoesNotContain(inventory.Issues, i => i.Target.Contains("apigateway"));

            var validator = region.RestApis.Value!.Single().RequestValidators.Value!.Single();
            Assert.Equal(("v1", "body", true, false), (validator.Id, validator.Name, validator.ValidateRequestBody, validator.ValidateRequestParameters));

            var domain = region.RestDomainNames.Value!.Single();
            Assert.Equal(("api.example.com", "apigateway"), (domain.DomainName, domain.Source));
            Assert.Equal("arn:aws:apigateway:us-east-1::/domainnames/api.example.com", domain.Arn);
            Assert.Equal(("EDGE", "TLS_1_0"), (domain.Endpoints.Single().EndpointType, domain.Endpoints.Single().SecurityPolicy));
            var v2Domain = region.V2DomainNames.Value!.Single();
            Assert.Equal(("REGIONAL", "TLS_1_2"), (v2Domain.Endpoints.Single().EndpointType, v2Domain.Endpoints.Single().SecurityPolicy));

            var plan = region.UsagePlans.Value!.Single();
            Assert.Equal(("p1", "gold", 50.0, 20L), (plan.Id, plan.Name, plan.RateLimit, plan.BurstLimit));
            var stage = plan.ApiStages.Single();
            Assert.Equal(("a1", "prod"), (stage.ApiId, stage.Stage));
            Assert.Equal(5.0, stage.MethodThrottles["/pets/GET"].RateLimit);

            var integrations = region.ApisV2.Value!.Single().Integrations.Value!;
            Assert.True(integrations[0].IsPrivate);
            Assert.True(integrations[0].HasTlsConfig);
            Assert.Equal("b.example.com", integrations[0].TlsServerNameToVerify);
            Assert.False(integrations[1].IsPrivate);
            Assert.False(integrations[1].HasTlsConfig);
        }

        [Fact]
        public void Read_ListsMissingWhereApisWereCollected_NotCollectedAndWarnedPerOperation()
        {
            using var snap = new TempSnapshot().Write("us-east-1/apigateway/GetRestApis.json", RestApis).Write("us-east-1/apigatewayv2/GetApis.json", HttpApis);
            var inventory = SnapshotReader.Read(snap.Root);
            var region = inventory.Regions.Single();
            Assert.Equal(FetchState.NotCollected, region.UsagePlans.State);
            Assert.Equal(FetchState.NotCollected, region.RestDomainNames.State);
            Assert.Equal(FetchState.NotCollected, region.V2DomainNames.State);
            Assert.Equal(FetchState.NotCollected, region.RestApis.Value!.Single().RequestValidators.State);
            Assert.Equal("apigateway:GET", region.ApisV2.Value!.Single().Integrations.Error!.IamAction);
            Assert.Contains(inventory.Issues, i => i.Target == "us-east-1/apigateway/GetUsagePlans" && i.Kind == IssueKind.Warning);
            Assert.Contains(inventory.Issues, i => i.Target == "us-east-1/apigatewayv2/GetDomainNames" && i.Kind == IssueKind.Warning);
        }

        [Fact]
        public void Read_NoApiGatewayAtAll_NoExtraWarningsForItsLists()
        {
            using var snap = new TempSnapshot().Write("us-east-1/dynamodb/ListTables.json", "{\"TableNames\":[]}");
            var inventory = SnapshotReader.Read(snap.Root);
            Assert.DoesNotContain(inventory.Issues, i => i.Target.Contains("GetUsagePlans") || i.Target.Contains("GetDomainNames"));
        }

        [Fact]
        public void Read_BadShapes_FailWithTheFileNamed()
        {
            using var snap = new TempSnapshot().Write("us-east-1/apigateway/GetRestApis.json", RestApis)
                .Write("us-east-1/apigateway/GetUsagePlans.json", @"{""items"": [{""id"": ""p1"", ""apiStages"": [{""stage"": ""prod""}]}]}")
                .Write("us-east-1/apigateway/GetDomainNames.json", @"{""items"": {}}");
            var inventory = SnapshotReader.Read(snap.Root);
            var region = inventory.Regions.Single();
            Assert.Equal(FetchState.Failed, region.UsagePlans.State);
            Assert.Equal(FetchState.Failed, region.RestDomainNames.State);
            Assert.Contains(inventory.Issues, i => i.Target.Contains("GetUsagePlans.json") && i.Kind == IssueKind.Error);
        }

        [Fact]
        public void Operations_All_HoldsEveryNewOperationOnce()
        {
            Assert.DoesNotContain(null, SnapshotOperations.All);
            Assert.Equal(SnapshotOperations.All.Count, SnapshotOperations.All.Select(o => o.Label).Distinct().Count());
            foreach (var op in new[] { SnapshotOperations.RestGetDomainNames, SnapshotOperations.RestGetUsagePlans, SnapshotOperations.RestGetRequestValidators,
                         SnapshotOperations.V2GetDomainNames, SnapshotOperations.V2GetIntegrations })
                Assert.Contains(op, SnapshotOperations.All);
        }
    }
}
