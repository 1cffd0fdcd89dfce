using System;
using System.Collections.Generic;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Rules.ApiGw;

namespace WafSecurity.Engine.Rules.ApiGwRest
{
    /// <summary>
    /// SEC1.ApiGwRest.ApiKeyOnly: a REST method that requires an API key also requires authorization. API keys identify
    /// callers for usage plans; they are shared, long-lived and sent in clear headers, so they authorize nothing.
    /// </summary>
    public sealed class ApiGwRestApiKeyOnlyRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC1.ApiGwRest.ApiKeyOnly",
            Question = WafSecurity.Question.Sec1,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = "AWS::ApiGateway::Method",
            Title = "REST API methods do not rely on an API key alone",
            Description = "One finding per REST method (OPTIONS excepted) that requires an API key (apiKeyRequired true). Fails when " +
                          "its authorizationType is NONE: the API key is then the only thing standing between the internet and the " +
                          "integration. Methods without an API key are judged by SEC1.ApiGwRest.MethodAuthorization only. Checkov " +
                          "(CKV_AWS_59, CKV2_AWS_70) accepts an API key as access control; AWS documents that it must not be used " +
                          "for authentication or authorization.",
            Remediation = "Keep the API key for usage plans, and add authorization: Update-AGMethod -RestApiId <id> -ResourceId <id> " +
                          "-HttpMethod <VERB> -PatchOperation @{op='replace'; path='/authorizationType'; value='AWS_IAM'} (or a Lambda " +
                          "or Cognito authorizer), then redeploy the stage (New-AGDeployment).",
            WellArchitected = new[] { "SEC05-BP02" },
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var item in ApiGwScope.RestMethods(context, "API-key-only access"))
            {
                if (item.Error != null) { yield return item.Error; continue; }
                var method = item.Method!;
                if (ApiGwScope.IsOptions(method) || !method.ApiKeyRequired) continue;
                var arn = ApiGwScope.MethodArn(context.Partition, item);
                var name = ApiGwScope.MethodName(item);
                var where = $"Method {item.Verb} {item.Resource!.Path} of REST API {item.Api.Name} ({item.Api.Id})";
                var evidence = ApiGwScope.MethodEvidence(item).Add("ApiKeyRequired", true).Add("AuthorizationType", method.AuthorizationType)
                    .Add("AuthorizerId", method.AuthorizerId).Add("EndpointTypes", ApiGwScope.Endpoint(item.Api));
                if (string.IsNullOrEmpty(method.AuthorizationType))
                {
                    yield return new RuleResult
                    {
                        Status = FindingStatus.Error, Region = item.Region, ResourceArn = arn, ResourceName = name, Evidence = evidence,
                        Reason = $"Could not evaluate {where}: the snapshot has no authorizationType for it (record apigateway get-resources " +
                                 "with --embed methods; it needs the IAM action apigateway:GET).",
                    };
                    continue;
                }
                if (!string.Equals(method.AuthorizationType, "NONE", StringComparison.OrdinalIgnoreCase))
                {
                    yield return RuleResult.Passed(item.Region, arn, name, $"{where} requires an API key and {method.AuthorizationType} authorization.", evidence);
                    continue;
                }
                yield return new RuleResult
                {
                    Status = FindingStatus.Failed, Region = item.Region, ResourceArn = arn, ResourceName = name, Evidence = evidence,
                    Reason = $"{where} (endpoint {ApiGwScope.Endpoint(item.Api)}) requires an API key but has authorizationType NONE: the " +
                             "API key is its only protection, and an API key identifies callers, it does not authorize them. Expected " +
                             "AWS_IAM, CUSTOM or COGNITO_USER_POOLS authorization as well.",
                    RepairCommand = $"Update-AGMethod -RestApiId {item.Api.Id} -ResourceId {item.Resource.Id} -HttpMethod {item.Verb} -Region {item.Region} " +
                                    "-PatchOperation @{op='replace'; path='/authorizationType'; value='AWS_IAM'}",
                };
            }
        }
    }
}
