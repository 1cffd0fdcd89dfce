using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Rules.ApiGw;
using WafSecurity.Engine.Rules.ApiGwRest;
using static WafSecurity.Engine.Tests.Rules.RuleTestInventory;

namespace WafSecurity.Engine.Tests.Rules
{
    public class ApiGwStageParsingTests
    {
        [Fact]
        public void GetRestStages_CliOutput_ReadsMethodSettingsAccessLogsAndVariables()
        {
            const string json = @"{""item"":[{""stageName"":""prod"",""deploymentId"":""d1"",""cacheClusterEnabled"":true,""tracingEnabled"":false,
                ""webAclArn"":""arn:aws:wafv2:us-east-1:123456789012:regional/webacl/a/1"",""clientCertificateId"":""c1"",
                ""methodSettings"":{""*/*"":{""loggingLevel"":""INFO"",""dataTraceEnabled"":true,""throttlingBurstLimit"":50,""throttlingRateLimit"":100.0,
                  ""cachingEnabled"":true,""cacheDataEncrypted"":false},""~1pets~1{id}/GET"":{""loggingLevel"":""OFF""}},
                ""accessLogSettings"":{""format"":""$context.requestId"",""destinationArn"":""arn:aws:logs:us-east-1:123456789012:log-group:a""},
                ""variables"":{""alias"":""live""}}]}";
            using var doc = JsonDocument.Parse(json);

            var stage = CliDocuments.GetRestStages(doc.RootElement).Single();

            Assert.Equal(2, stage.MethodSettings.Count);
            var all = stage.MethodSettings[0];
            Assert.True(all.IsStageDefault);
            Assert.Equal("INFO", all.LoggingLevel);
            Assert.Equal(100.0, all.ThrottlingRateLimit);
            Assert.Equal(50, all.ThrottlingBurstLimit);
            Assert.True(all.DataTraceEnabled);
            Assert.False(all.CacheDataEncrypted);
            Assert.Equal("GET /pets/{id}", stage.MethodSettings[1].Describe());
            Assert.Equal("/~1pets~1{id}/GET", stage.MethodSettings[1].PatchPath());
            Assert.Equal("arn:aws:logs:us-east-1:123456789012:log-group:a", stage.AccessLogDestinationArn);
            Assert.Equal("$context.requestId", stage.AccessLogFormat);
            Assert.Equal("live", stage.Variables["alias"]);
            Assert.Equal("c1", stage.ClientCertificateId);
            Assert.True(stage.CacheClusterEnabled);
        }

        [Theory]
        [InlineData("*/*", "every method (*/*)", "/*/*")]
        [InlineData("pets/GET", "GET /pets", "/~1pets/GET")]
        [InlineData("~1pets~1{petId}/DELETE", "DELETE /pets/{petId}", "/~1pets~1{petId}/DELETE")]
        [InlineData("*/GET", "GET on every resource", "/*/GET")]
        public void MethodSetting_Key_DescribesAndPatches(string key, string described, string patch)
        {
            var setting = new MethodSetting { Key = key };
            Assert.Equal(described, setting.Describe());
            Assert.Equal(patch, setting.PatchPath());
        }

        [Fact]
        public void GetV2Stages_CliOutput_ReadsRouteSettingsAndAccessLogs()
        {
            const string json = @"{""Items"":[{""StageName"":""prod"",""AccessLogSettings"":{""DestinationArn"":""arn:aws:logs:us-east-1:1:log-group:x"",""Format"":""$context.requestId""},
                ""DefaultRouteSettings"":{""LoggingLevel"":""ERROR"",""DataTraceEnabled"":false,""ThrottlingRateLimit"":10.5,""ThrottlingBurstLimit"":5},
                ""RouteSettings"":{""$connect"":{""LoggingLevel"":""OFF""}},""StageVariables"":{""k"":""v""}}]}";
            using var doc = JsonDocument.Parse(json);

            var stage = CliDocuments.GetV2Stages(doc.RootElement).Single();

            Assert.Equal("ERROR", stage.DefaultRouteSettings!.LoggingLevel);
            Assert.Equal(10.5, stage.DefaultRouteSettings.ThrottlingRateLimit);
            Assert.Equal("$connect", stage.RouteSettings.Single().RouteKey);
            Assert.Equal("OFF", stage.RouteSettings.Single().LoggingLevel);
            Assert.Equal("v", stage.StageVariables["k"]);
            Assert.Equal("$context.requestId", stage.AccessLogFormat);
        }

        [Fact]
        public void GetResources_EmbeddedMethod_ReadsRequestParametersAndModels()
        {
            const string json = @"{""items"":[{""id"":""r1"",""path"":""/pets"",""resourceMethods"":{""POST"":{""httpMethod"":""POST"",""authorizationType"":""NONE"",
                ""requestParameters"":{""method.request.querystring.limit"":false,""method.request.header.X"":true},""requestModels"":{""application/json"":""Pet""}}}}]}";
            using var doc = JsonDocument.Parse(json);

            var method = CliDocuments.GetResources(doc.RootElement).Single().Methods.Single();

            Assert.False(method.RequestParameters["method.request.querystring.limit"]);
            Assert.True(method.RequestParameters["method.request.header.X"]);
            Assert.Equal("Pet", method.RequestModels["application/json"]);
        }
    }

    public class ApiGwStageRuleLogicTests
    {
        private static RegionInventory Region(RestApi? rest = null, ApiV2? v2 = null) => new RegionInventory("us-east-1")
        {
            RestApis = Fetched<IReadOnlyList<RestApi>>.Ok(rest == null ? Array.Empty<RestApi>() : new[] { rest }),
            ApisV2 = Fetched<IReadOnlyList<ApiV2>>.Ok(v2 == null ? Array.Empty<ApiV2>() : new[] { v2 }),
        };

        private static RestApi Rest(params RestStage[] stages) => new RestApi
        {
            Id = "a1", Name = "pets", EndpointTypes = new[] { "REGIONAL" }, Stages = Fetched<IReadOnlyList<RestStage>>.Ok(stages),
        };

        [Theory]
        [InlineData("$context.requestId $context.identity.apiKey", "$context.identity.apiKey")]
        [InlineData("{\"e\":\"$context.authorizer.claims.email\",\"s\":\"$context.authorizer.claims.sub\"}", "$context.authorizer.claims.email")]
        [InlineData("{\"t\":\"$context.authorizer.accessToken\"}", "$context.authorizer.accessToken")]
        [InlineData("$context.requestId $context.identity.sourceIp $context.authorizer.principalId", "")]
        [InlineData("$context.authorizer.claims['phone_number'] $context.status", "$context.authorizer.claims.phone_number")]
        public void AccessLogFormat_DefaultPatterns_FindSensitiveVariables(string format, string expected)
        {
            var found = LogsAccessLogFormatSensitiveRule.SensitiveIn(format, LogsAccessLogFormatSensitiveRule.DefaultSensitive);
            Assert.Equal(expected, string.Join(",", found));
        }

        [Theory]
        [InlineData("password", true)]
        [InlineData("api_key", true)]
        [InlineData("apiKey", true)]
        [InlineData("X-API-KEY", true)]
        [InlineData("card_number", true)]
        [InlineData("userEmail", true)]
        [InlineData("nextToken", false)]
        [InlineData("page_token", false)]
        [InlineData("petId", false)]
        [InlineData("limit", false)]
        public void PrivateDataInUrl_ParameterName_MatchesByWords(string name, bool sensitive)
        {
            var names = new HashSet<string>(ApiPrivateDataInUrlRule.DefaultNames, StringComparer.Ordinal);
            Assert.Equal(sensitive, ApiPrivateDataInUrlRule.IsSensitive(name, names));
        }

        [Theory]
        [InlineData(100.0, 50L, true)]
        [InlineData(10000.0, 5000L, false)]
        [InlineData(10000.0, 200L, true)]
        [InlineData(-1.0, -1L, false)]
        [InlineData(null, null, false)]
        public void Throttling_RateAndBurst_CountOnlyRealLimits(double? rate, long? burst, bool throttles)
            => Assert.Equal(throttles, ApiGwThrottlingUsagePlanRule.Throttles(new MethodSetting { Key = "*/*", ThrottlingRateLimit = rate, ThrottlingBurstLimit = burst }));

        [Fact]
        public void ExecutionLogging_OverrideTurnedOff_FailsNamingTheMethodAndRepairsBoth()
        {
            var stage = new RestStage
            {
                StageName = "prod",
                MethodSettings = new[] { new MethodSetting { Key = "*/*", LoggingLevel = "INFO" }, new MethodSetting { Key = "~1admin/POST", LoggingLevel = "OFF" } },
            };

            var finding = Run("SEC2.Logs.ApiGwExecutionLogging", Snapshot(Region(Rest(stage)))).Single();

            Assert.Equal("Failed", finding.Status);
            Assert.Contains("POST /admin", finding.Reason);
            Assert.Contains("path='/~1admin/POST/logging/loglevel'", finding.RepairCommand);
            Assert.DoesNotContain("/*/*/logging", finding.RepairCommand);
        }

        [Fact]
        public void ExecutionLogging_BadLevelParameter_IsRejectedUpFront()
        {
            var ex = Assert.ThrowsAny<ArgumentException>(() => Run("SEC2.Logs.ApiGwExecutionLogging", Snapshot(Region(Rest())),
                new Dictionary<string, object?> { ["SEC2.Logs.ApiGwExecutionLogging.LoggingLevel"] = new[] { "DEBUG" } }));
            Assert.Contains("DEBUG", ex.Message);
        }

        [Fact]
        public void StageVariablesSecrets_SecretValue_NeverAppearsInTheFinding()
        {
            const string value = "Zq8!rT3#kW9@mP2$";
            var stage = new RestStage { StageName = "prod", Variables = new Dictionary<string, string> { ["dbPassword"] = value } };

            var finding = Run("SEC2.ApiGw.StageVariablesSecrets", Snapshot(Region(Rest(stage)))).Single();

            Assert.Equal("Failed", finding.Status);
            Assert.Contains("dbPassword", finding.Reason);
            Assert.DoesNotContain(value, finding.Reason);
            Assert.DoesNotContain(value, JsonSerializer.Serialize(finding.Evidence.Values.Cast<object>().Select(v => v?.ToString()).ToList()));
            var detections = string.Join(" ", (string[])finding.Evidence["Detections"]!);
            Assert.DoesNotContain(value, detections);
        }

        [Fact]
        public void WafAttached_HttpApi_HasNoFinding()
        {
            var v2 = new ApiV2 { ApiId = "h1", Name = "http", ProtocolType = "HTTP", Stages = Fetched<IReadOnlyList<ApiV2Stage>>.Ok(new[] { new ApiV2Stage { StageName = "$default" } }) };
            Assert.Empty(Run("SEC1.ApiGw.WafAttached", Snapshot(Region(null, v2))));
        }
    }

    public class ApiGwRestResourcePolicyPublicRuleTests
    {
        private const string RuleId = "SEC1.ApiGwRest.ResourcePolicyPublic";

        private static RegionInventory Region(string policy, string endpoint = "REGIONAL")
        {
            var api = new RestApi
            {
                Id = "a1", Name = "pets", EndpointTypes = new[] { endpoint },
                Policy = Fetched<ResourcePolicy>.Ok(new ResourcePolicy(PolicyParser.Parse(policy), policy)),
            };
            return new RegionInventory("us-east-1") { RestApis = Fetched<IReadOnlyList<RestApi>>.Ok(new[] { api }) };
        }

        private const string AllowAll = @"{""Effect"":""Allow"",""Principal"":""*"",""Action"":""execute-api:Invoke"",""Resource"":""execute-api:/*""}";

        [Fact]
        public void Evaluate_DenyWrittenWithShorthandResource_ClosesThePublicAllow()
        {
            var policy = @"{""Version"":""2012-10-17"",""Statement"":[" + AllowAll + @",
                {""Effect"":""Deny"",""Principal"":""*"",""Action"":""execute-api:Invoke"",""Resource"":""execute-api:/*"",
                 ""Condition"":{""StringNotEquals"":{""aws:SourceVpce"":""vpce-1234""}}}]}";

            var finding = Run(RuleId, Snapshot(Region(policy, "PRIVATE"))).Single();

            Assert.Equal("Passed", finding.Status);
        }

        [Fact]
        public void Evaluate_PublicIpAllowlistByDeny_FailsAtMedium()
        {
            var policy = @"{""Version"":""2012-10-17"",""Statement"":[" + AllowAll + @",
                {""Effect"":""Deny"",""Principal"":""*"",""Action"":""execute-api:Invoke"",""Resource"":""execute-api:/*"",
                 ""Condition"":{""NotIpAddress"":{""aws:SourceIp"":[""192.0.2.0/24"",""198.51.100.0/24""]}}}]}";

            var finding = Run(RuleId, Snapshot(Region(policy))).Single();

            Assert.Equal("Failed", finding.Status);
            Assert.Equal("Medium", finding.Severity);
            Assert.Contains("192.0.2.0/24", finding.Reason);
        }

        [Fact]
        public void Evaluate_AllowEveryone_FailsHighNamingTheStatement()
        {
            var finding = Run(RuleId, Snapshot(Region(@"{""Version"":""2012-10-17"",""Statement"":[" + AllowAll + "]}"))).Single();

            Assert.Equal("Failed", finding.Status);
            Assert.Equal("High", finding.Severity);
            Assert.Contains("Statement[0]", finding.Reason);
        }

        [Fact]
        public void Evaluate_PrincipalAccountIfExists_DoesNotRestrictAnUnsignedAction()
        {
            var policy = @"{""Version"":""2012-10-17"",""Statement"":[{""Effect"":""Allow"",""Principal"":""*"",""Action"":""execute-api:Invoke"",""Resource"":""*"",
                ""Condition"":{""StringEqualsIfExists"":{""aws:PrincipalAccount"":""123456789012""}}}]}";

            Assert.Equal("Failed", Run(RuleId, Snapshot(Region(policy))).Single().Status);
        }
    }
}
