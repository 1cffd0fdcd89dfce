using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Rules.ApiGw;
using static WafSecurity.Engine.Tests.Rules.RuleTestInventory;

namespace WafSecurity.Engine.Tests.Rules
{
    /// <summary>PublicEndpoint, TlsPolicy, PrivateIntegrationTls, and the usage-plan / validator parts of ThrottlingUsagePlan and RequestValidation.</summary>
    public class ApiGwMoreRulesTests
    {
        private static RegionInventory RestRegion(params RestApi[] apis) => new RegionInventory("us-east-1") { RestApis = Fetched<IReadOnlyList<RestApi>>.Ok(apis) };

        private static RestApi Api(string name, string? endpoint, params ApiMethod[] methods) => new RestApi
        {
            Id = name + "id", Name = name, EndpointTypes = endpoint == null ? Array.Empty<string>() : new[] { endpoint },
            Resources = Fetched<IReadOnlyList<ApiResource>>.Ok(new[] { new ApiResource { Id = "r1", Path = "/pets", Methods = methods } }),
        };

        private static ApiMethod Method(string verb, string auth = "NONE") => new ApiMethod { HttpMethod = verb, AuthorizationType = auth };

        // ---------------- PublicEndpoint

        [Fact]
        public void PublicEndpoint_OpenMethod_RaisesToMediumAndNamesIt()
        {
            var findings = Run("SEC1.ApiGwRest.PublicEndpoint", Snapshot(RestRegion(
                Api("open", "REGIONAL", Method("GET"), Method("OPTIONS")), Api("closed", "EDGE", Method("GET", "AWS_IAM"), Method("OPTIONS")),
                Api("default", null, Method("GET", "CUSTOM")), Api("internal", "PRIVATE", Method("GET")))));

            var open = Single(findings, "open");
            Assert.Equal(("Failed", "Medium"), (open.Status, open.Severity));
            Assert.Contains("GET /pets", open.Reason);
            Assert.DoesNotContain("OPTIONS", open.Reason);
            var closed = Single(findings, "closed");
            Assert.Equal(("Failed", "Low"), (closed.Status, closed.Severity));
            Assert.Contains("treats it as EDGE", Single(findings, "default").Reason);
            Assert.Equal("Passed", Single(findings, "internal").Status);
            Assert.Equal("AWS::ApiGateway::RestApi", open.ResourceType);
        }

        [Fact]
        public void PublicEndpoint_MethodsUnreadable_StaysLowAndSaysWhy()
        {
            var api = Api("pets", "REGIONAL");
            api.Resources = Fetched<IReadOnlyList<ApiResource>>.Failed(AccessDenied("apigateway GetResources", "apigateway:GET"));
            var finding = Run("SEC1.ApiGwRest.PublicEndpoint", Snapshot(RestRegion(api))).Single();
            Assert.Equal(("Failed", "Low"), (finding.Status, finding.Severity));
            Assert.Contains("AccessDeniedException", finding.Reason);
        }

        // ---------------- TlsPolicy

        private static ApiDomainName Domain(string name, string source, params (string? Type, string? Policy)[] endpoints) => new ApiDomainName
        {
            DomainName = name, Source = source, Endpoints = endpoints.Select(e => new DomainNameEndpoint(e.Type, e.Policy)).ToList(),
        };

        private static RegionInventory Domains(ApiDomainName[] v1, ApiDomainName[]? v2 = null) => new RegionInventory("us-east-1")
        {
            RestDomainNames = Fetched<IReadOnlyList<ApiDomainName>>.Ok(v1),
            V2DomainNames = v2 == null ? Fetched<IReadOnlyList<ApiDomainName>>.NotCollected(AccessDenied("apigatewayv2 GetDomainNames", "apigateway:GET"))
                : Fetched<IReadOnlyList<ApiDomainName>>.Ok(v2),
        };

        [Theory]
        [InlineData("TLS_1_0", true)]
        [InlineData("tls_1_0", true)]
        [InlineData("TLS_1_1", true)]
        [InlineData("SecurityPolicy_TLS11_2020", true)]
        [InlineData("TLS_1_2", false)]
        [InlineData("SecurityPolicy_TLS13_1_2_2021_06", false)]
        [InlineData("SecurityPolicy_TLS13_1_3_2025_09", false)]
        [InlineData("SecurityPolicy_TLS13_1_2_PQ_2025_09", false)]
        [InlineData("SecurityPolicy_TLS12_2018_EDGE", false)]
        [InlineData("SecurityPolicy_TLS13_2025_EDGE", false)]
        public void TlsPolicy_PolicyName_LegacyOnlyForTls10And11(string policy, bool legacy)
            => Assert.Equal(legacy, ApiGwTlsPolicyRule.IsLegacy(policy));

        [Fact]
        public void TlsPolicy_DomainInBothListings_IsJudgedOnceOnEveryEndpoint()
        {
            var findings = Run("SEC1.ApiGw.TlsPolicy", Snapshot(Domains(
                new[] { Domain("api.example.com", "apigateway", ("REGIONAL", "TLS_1_2")), Domain("old.example.com", "apigateway", ("EDGE", "TLS_1_0")) },
                new[] { Domain("API.example.com", "apigatewayv2", ("REGIONAL", "TLS_1_2")) })));
            Assert.Equal(2, findings.Count);
            Assert.Equal("Passed", Single(findings, "api.example.com").Status);
            var old = Single(findings, "old.example.com");
            Assert.Equal(("Failed", "Medium"), (old.Status, old.Severity));
            Assert.Contains("EDGE endpoint: TLS_1_0", old.Reason);
            Assert.Equal("arn:aws:apigateway:us-east-1::/domainnames/old.example.com", old.ResourceArn);
        }

        [Fact]
        public void TlsPolicy_RequirePostQuantum_FailsClassicalAtLowAndMatchesWildcards()
        {
            var findings = Run("SEC1.ApiGw.TlsPolicy", Snapshot(Domains(new[]
            {
                Domain("classic.example.com", "apigateway", ("REGIONAL", "SecurityPolicy_TLS13_1_2_2021_06")),
                Domain("pq.example.com", "apigateway", ("REGIONAL", "SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09")),
            })), new Dictionary<string, object?> { ["SEC1.ApiGw.TlsPolicy.RequirePostQuantum"] = true });
            var classic = Single(findings, "classic.example.com");
            Assert.Equal(("Failed", "Low"), (classic.Status, classic.Severity));
            Assert.Contains("SecurityPolicy_TLS13_1_2_*PQ_2025_09", classic.Reason);
            Assert.Equal("Passed", Single(findings, "pq.example.com").Status);
        }

        [Fact]
        public void TlsPolicy_NoPolicyInAnswer_IsErrorAndFailedListingIsErrorForTheRegion()
        {
            var region = Domains(new[] { Domain("api.example.com", "apigateway", ("REGIONAL", null)) });
            region.V2DomainNames = Fetched<IReadOnlyList<ApiDomainName>>.Failed(AccessDenied("apigatewayv2 GetDomainNames", "apigateway:GET"));
            var findings = Run("SEC1.ApiGw.TlsPolicy", Snapshot(region));
            Assert.Equal("Error", Single(findings, "api.example.com").Status);
            var listing = Single(findings, "apigatewayv2 GetDomainNames (us-east-1)");
            Assert.Equal("Error", listing.Status);
            Assert.Contains("AccessDeniedException", listing.Reason);
        }

        [Fact]
        public void TlsPolicy_RequirePostQuantumWithoutPolicies_IsRejectedUpFront()
        {
            var ex = Assert.ThrowsAny<ArgumentException>(() => Run("SEC1.ApiGw.TlsPolicy", Snapshot(Domains(Array.Empty<ApiDomainName>())),
                new Dictionary<string, object?> { ["SEC1.ApiGw.TlsPolicy.RequirePostQuantum"] = true, ["SEC1.ApiGw.TlsPolicy.PostQuantumPolicies"] = new[] { " " } }));
            Assert.Contains("PostQuantumPolicies", ex.Message);
        }

        // ---------------- PrivateIntegrationTls

        private static RegionInventory V2Region(string protocol, Fetched<IReadOnlyList<ApiIntegration>> integrations) => new RegionInventory("us-east-1")
        {
            ApisV2 = Fetched<IReadOnlyList<ApiV2>>.Ok(new[] { new ApiV2 { ApiId = "a1", Name = "orders", ProtocolType = protocol, Integrations = integrations } }),
        };

        [Fact]
        public void PrivateIntegrationTls_OnlyVpcLinkIntegrationsOfHttpApisAreJudged()
        {
            var integrations = Fetched<IReadOnlyList<ApiIntegration>>.Ok(new[]
            {
                new ApiIntegration { IntegrationId = "plain", ConnectionType = "VPC_LINK", ConnectionId = "vl1", IntegrationUri = "arn:aws:elasticloadbalancing:listener/x" },
                new ApiIntegration { IntegrationId = "tls", ConnectionType = "VPC_LINK", HasTlsConfig = true, TlsServerNameToVerify = "b.example.com" },
                new ApiIntegration { IntegrationId = "internet", ConnectionType = "INTERNET" },
            });
            var findings = Run("SEC1.ApiGwV2.PrivateIntegrationTls", Snapshot(V2Region("HTTP", integrations)));
            Assert.Equal(2, findings.Count);
            var plain = Single(findings, "orders/plain");
            Assert.Equal(("Failed", "Low"), (plain.Status, plain.Severity));
            Assert.Equal("arn:aws:apigateway:us-east-1::/apis/a1/integrations/plain", plain.ResourceArn);
            Assert.Contains("vl1", plain.Reason);
            Assert.Contains("b.example.com", Single(findings, "orders/tls").Reason);
            Assert.Empty(Run("SEC1.ApiGwV2.PrivateIntegrationTls", Snapshot(V2Region("WEBSOCKET", integrations))));
        }

        [Fact]
        public void PrivateIntegrationTls_IntegrationsNotCollected_IsErrorNamingTheIamAction()
        {
            var finding = Run("SEC1.ApiGwV2.PrivateIntegrationTls", Snapshot(V2Region("HTTP", Fetched<IReadOnlyList<ApiIntegration>>.Absent()))).Single();
            Assert.Equal("Error", finding.Status);
            Assert.Contains("apigateway:GET", finding.Reason);
            Assert.Equal("AWS::ApiGatewayV2::Api", finding.ResourceType);
        }

        // ---------------- ThrottlingUsagePlan with usage plans

        private static RegionInventory StageRegion(Fetched<IReadOnlyList<UsagePlan>> plans)
        {
            var api = new RestApi { Id = "a1", Name = "pets", Stages = Fetched<IReadOnlyList<RestStage>>.Ok(new[] { new RestStage { StageName = "prod" } }) };
            return new RegionInventory("us-east-1") { RestApis = Fetched<IReadOnlyList<RestApi>>.Ok(new[] { api }), UsagePlans = plans };
        }

        private static UsagePlan Plan(string name, double? rate, string apiId = "a1", string stage = "prod", IReadOnlyDictionary<string, UsagePlanThrottle>? methods = null)
            => new UsagePlan
            {
                Id = name + "id", Name = name, RateLimit = rate, BurstLimit = rate == null ? null : 10,
                ApiStages = new[] { new UsagePlanStage { ApiId = apiId, Stage = stage, MethodThrottles = methods ?? new Dictionary<string, UsagePlanThrottle>() } },
            };

        [Fact]
        public void Throttling_UsagePlanWithThrottle_Passes()
        {
            var finding = Run("SEC1.ApiGw.ThrottlingUsagePlan", Snapshot(StageRegion(Fetched<IReadOnlyList<UsagePlan>>.Ok(new[] { Plan("gold", 25) })))).Single();
            Assert.Equal("Passed", finding.Status);
            Assert.Contains("usage plan gold", finding.Reason);
        }

        [Fact]
        public void Throttling_EveryMethodThrottleInPlan_PassesButOtherStageDoesNot()
        {
            var methods = new Dictionary<string, UsagePlanThrottle> { ["/*/*"] = new UsagePlanThrottle(5, 2) };
            Assert.Equal("Passed", Run("SEC1.ApiGw.ThrottlingUsagePlan", Snapshot(StageRegion(Fetched<IReadOnlyList<UsagePlan>>.Ok(new[] { Plan("m", null, methods: methods) })))).Single().Status);
            var other = Run("SEC1.ApiGw.ThrottlingUsagePlan", Snapshot(StageRegion(Fetched<IReadOnlyList<UsagePlan>>.Ok(new[] { Plan("gold", 25, stage: "dev") })))).Single();
            Assert.Equal("Failed", other.Status);
            Assert.Contains("no usage plan covers the stage", other.Reason);
        }

        [Fact]
        public void Throttling_PlanWithoutThrottleOrPlansFailed_FailsSayingSo()
        {
            var quota = Run("SEC1.ApiGw.ThrottlingUsagePlan", Snapshot(StageRegion(Fetched<IReadOnlyList<UsagePlan>>.Ok(new[] { Plan("quota", null) })))).Single();
            Assert.Equal("Failed", quota.Status);
            Assert.Contains("quota (quotaid)", quota.Reason);
            var failed = Run("SEC1.ApiGw.ThrottlingUsagePlan", Snapshot(StageRegion(
                Fetched<IReadOnlyList<UsagePlan>>.Failed(AccessDenied("apigateway GetUsagePlans", "apigateway:GET"))))).Single();
            Assert.Equal("Failed", failed.Status);
            Assert.Contains("Usage plans were not checked", failed.Reason);
            Assert.Contains("AccessDeniedException", failed.Reason);
        }

        // ---------------- RequestValidation with validators

        private static RegionInventory ValidatedRegion(ApiMethod method, Fetched<IReadOnlyList<RequestValidator>> validators)
        {
            var api = Api("pets", "REGIONAL", method);
            api.RequestValidators = validators;
            return RestRegion(api);
        }

        private static Fetched<IReadOnlyList<RequestValidator>> Validators(bool body, bool parameters)
            => Fetched<IReadOnlyList<RequestValidator>>.Ok(new[] { new RequestValidator { Id = "v1", Name = "check", ValidateRequestBody = body, ValidateRequestParameters = parameters } });

        [Theory]
        [InlineData("POST", false, true, false, "Failed")]
        [InlineData("POST", true, false, false, "Passed")]
        [InlineData("GET", true, false, true, "Failed")]
        [InlineData("GET", false, true, true, "Passed")]
        [InlineData("PUT", true, true, true, "Passed")]
        public void RequestValidation_Validator_MustValidateWhatTheMethodTakes(string verb, bool body, bool parameters, bool requiredParameter, string status)
        {
            var method = new ApiMethod
            {
                HttpMethod = verb, AuthorizationType = "NONE", RequestValidatorId = "v1",
                RequestParameters = new Dictionary<string, bool> { ["method.request.querystring.limit"] = requiredParameter },
            };
            var finding = Run("SEC3.ApiGw.RequestValidation", Snapshot(ValidatedRegion(method, Validators(body, parameters)))).Single();
            Assert.Equal(status, finding.Status);
            if (status == "Failed") Assert.Contains("check (v1)", finding.Reason);
        }

        [Fact]
        public void RequestValidation_UnknownValidatorFailsAndUnreadableValidatorsAreError()
        {
            var method = new ApiMethod { HttpMethod = "POST", AuthorizationType = "NONE", RequestValidatorId = "gone" };
            var unknown = Run("SEC3.ApiGw.RequestValidation", Snapshot(ValidatedRegion(method, Validators(true, true)))).Single();
            Assert.Equal("Failed", unknown.Status);
            Assert.Contains("gone", unknown.Reason);
            var error = Run("SEC3.ApiGw.RequestValidation", Snapshot(ValidatedRegion(method,
                Fetched<IReadOnlyList<RequestValidator>>.NotCollected(new CallError("NotCollected", "no answer recorded", "apigateway GetRequestValidators", "apigateway:GET", null))))).Single();
            Assert.Equal("Error", error.Status);
            Assert.Contains("apigateway:GET", error.Reason);
        }
    }
}
