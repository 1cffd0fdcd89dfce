using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Inventory;
using static WafSecurity.Engine.Tests.Rules.RuleTestInventory;

namespace WafSecurity.Engine.Tests.Rules
{
    public class ApiGwRestMethodAuthorizationRuleTests
    {
        private const string RuleId = "SEC1.ApiGwRest.MethodAuthorization";

        private static ApiMethod Method(string verb, string? type, bool apiKey = false, string? authorizerId = null)
            => new ApiMethod { HttpMethod = verb, AuthorizationType = type, ApiKeyRequired = apiKey, AuthorizerId = authorizerId };

        private static RestApi Api(string name, string endpoint, params ApiResource[] resources) => new RestApi
        {
            Id = name + "id", Name = name, EndpointTypes = new[] { endpoint },
            Resources = Fetched<IReadOnlyList<ApiResource>>.Ok(resources),
            Authorizers = Fetched<IReadOnlyList<ApiAuthorizer>>.Ok(new[] { new ApiAuthorizer { Id = "auth1", Name = "jwt-check", Type = "TOKEN" } }),
        };

        private static RegionInventory Region(params RestApi[] apis)
            => new RegionInventory("us-east-1") { RestApis = Fetched<IReadOnlyList<RestApi>>.Ok(apis) };

        [Fact]
        public void Evaluate_OpenMethodOnApiWithAuthorizer_FailsAndOptionsIsExempt()
        {
            var api = Api("pets", "REGIONAL", new ApiResource
            {
                Id = "r1", Path = "/pets",
                Methods = new[] { Method("GET", "NONE"), Method("POST", "CUSTOM", authorizerId: "auth1"), Method("OPTIONS", "NONE") },
            });

            var findings = Run(RuleId, Snapshot(Region(api)));

            Assert.Equal(2, findings.Count);
            var open = Single(findings, "pets GET /pets");
            Assert.Equal("Failed", open.Status);
            Assert.Equal("High", open.Severity);
            Assert.Equal("AWS::ApiGateway::Method", open.ResourceType);
            Assert.Equal("arn:aws:apigateway:us-east-1::/restapis/petsid/resources/r1/methods/GET", open.ResourceArn);
            Assert.Contains("NONE", open.Reason);
            Assert.Contains("jwt-check", open.Reason);
            Assert.Contains("Update-AGMethod", open.RepairCommand);
            var closed = Single(findings, "pets POST /pets");
            Assert.Equal("Passed", closed.Status);
            Assert.Contains("jwt-check", closed.Reason);
        }

        [Fact]
        public void Evaluate_ApiKeyOnlyOnPrivateApi_FailsAtMedium()
        {
            var api = Api("internal", "PRIVATE", new ApiResource { Id = "r", Path = "/", Methods = new[] { Method("GET", "NONE", apiKey: true) } });
            var finding = Run(RuleId, Snapshot(Region(api))).Single();
            Assert.Equal("Failed", finding.Status);
            Assert.Equal("Medium", finding.Severity);
            Assert.Contains("API key", finding.Reason);
        }

        [Fact]
        public void Evaluate_MissingAuthorizationType_IsError()
        {
            var api = Api("bare", "EDGE", new ApiResource { Id = "r", Path = "/x", Methods = new[] { Method("PUT", null) } });
            var finding = Run(RuleId, Snapshot(Region(api))).Single();
            Assert.Equal("Error", finding.Status);
            Assert.Contains("--embed methods", finding.Reason);
        }

        [Fact]
        public void Evaluate_ResourcesFailed_OneErrorForTheApi()
        {
            var api = Api("locked", "REGIONAL");
            api.Resources = Fetched<IReadOnlyList<ApiResource>>.Failed(AccessDenied("apigateway GetResources", "apigateway:GET"));
            var finding = Run(RuleId, Snapshot(Region(api))).Single();
            Assert.Equal("Error", finding.Status);
            Assert.Equal("locked", finding.ResourceName);
            Assert.Equal("AWS::ApiGateway::RestApi", finding.ResourceType);
        }

        [Fact]
        public void Evaluate_ApiWithoutMethods_NoFinding()
            => Assert.Empty(Run(RuleId, Snapshot(Region(Api("empty", "REGIONAL", new ApiResource { Id = "root", Path = "/" })))));
    }

    public class ApiGwV2RouteAuthorizationRuleTests
    {
        private const string RuleId = "SEC1.ApiGwV2.RouteAuthorization";

        private static ApiRoute Route(string key, string type, string? authorizerId = null)
            => new ApiRoute { RouteId = "id" + Math.Abs(key.GetHashCode() % 10000), RouteKey = key, AuthorizationType = type, AuthorizerId = authorizerId };

        private static ApiV2 Api(string name, string protocol, params ApiRoute[] routes) => new ApiV2
        {
            ApiId = name + "id", Name = name, ProtocolType = protocol, Routes = Fetched<IReadOnlyList<ApiRoute>>.Ok(routes),
            Authorizers = Fetched<IReadOnlyList<ApiAuthorizer>>.Ok(new[] { new ApiAuthorizer { Id = "a1", Name = "cognito", Type = "JWT" } }),
        };

        private static RegionInventory Region(params ApiV2[] apis)
            => new RegionInventory("us-east-1") { ApisV2 = Fetched<IReadOnlyList<ApiV2>>.Ok(apis) };

        [Fact]
        public void Evaluate_HttpApi_EveryRouteJudged()
        {
            var findings = Run(RuleId, Snapshot(Region(Api("shop", "HTTP", Route("GET /items", "NONE"), Route("POST /items", "JWT", "a1"), Route("$default", "AWS_IAM")))));
            Assert.Equal(3, findings.Count);
            var open = Single(findings, "shop GET /items");
            Assert.Equal("Failed", open.Status);
            Assert.Contains("cognito", open.Reason);
            Assert.StartsWith("arn:aws:apigateway:us-east-1::/apis/shopid/routes/", open.ResourceArn);
            Assert.Equal("Passed", Single(findings, "shop POST /items").Status);
            Assert.Equal("Passed", Single(findings, "shop $default").Status);
        }

        [Fact]
        public void Evaluate_WebSocketApi_OnlyConnectJudged()
        {
            var findings = Run(RuleId, Snapshot(Region(Api("chat", "WEBSOCKET", Route("$connect", "NONE"), Route("$default", "NONE"), Route("sendMessage", "NONE")))));
            var finding = findings.Single();
            Assert.Equal("chat $connect", finding.ResourceName);
            Assert.Equal("Failed", finding.Status);
        }

        [Fact]
        public void Evaluate_AllowedTypes_RejectOtherTypes()
        {
            var findings = Run(RuleId, Snapshot(Region(Api("shop", "HTTP", Route("GET /a", "AWS_IAM"), Route("GET /b", "JWT", "a1")))),
                new Dictionary<string, object?> { ["AllowedAuthorizationTypes"] = new[] { "jwt" } });
            var iam = Single(findings, "shop GET /a");
            Assert.Equal("Failed", iam.Status);
            Assert.Contains("AllowedAuthorizationTypes", iam.Reason);
            Assert.Equal("Passed", Single(findings, "shop GET /b").Status);
        }

        [Fact]
        public void Evaluate_RoutesNotCollected_ErrorForTheApi()
        {
            var api = Api("x", "HTTP");
            api.Routes = Fetched<IReadOnlyList<ApiRoute>>.NotCollected(new CallError("NotCollected", "missing", "apigatewayv2 GetRoutes", "apigateway:GET", null));
            var finding = Run(RuleId, Snapshot(Region(api))).Single();
            Assert.Equal("Error", finding.Status);
            Assert.Equal("AWS::ApiGatewayV2::Api", finding.ResourceType);
        }
    }
}
