using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.ApiGwRest
{
    /// <summary>
    /// SEC1.ApiGwRest.MethodAuthorization: every REST API method (except CORS preflight OPTIONS) requires IAM, a Lambda
    /// authorizer or a Cognito user pool. Judged per method: an authorizer defined on the API protects nothing by itself.
    /// </summary>
    public sealed class ApiGwRestMethodAuthorizationRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC1.ApiGwRest.MethodAuthorization",
            Question = WafSecurity.Question.Sec1,
            Severity = WafSecurity.Severity.High,
            ResourceType = "AWS::ApiGateway::Method",
            WellArchitected = new[] { "SEC05-BP02" },
            Title = "REST API methods require authorization",
            Description = "One finding per method of every resource, OPTIONS excepted. Fails when authorizationType is NONE, even " +
                          "when the API defines authorizers (an unused authorizer does not protect an open method) and even when " +
                          "an API key is required (an API key identifies a caller, it does not authorize one). High for APIs " +
                          "reachable from the internet (EDGE or REGIONAL endpoint), Medium for PRIVATE APIs. An API without " +
                          "methods has no finding.",
            Remediation = "Set the method's authorization to AWS_IAM, a Lambda (CUSTOM) authorizer or COGNITO_USER_POOLS, then " +
                          "redeploy the stage: aws apigateway update-method --rest-api-id <id> --resource-id <id> --http-method " +
                          "<VERB> --patch-operations op=replace,path=/authorizationType,value=AWS_IAM; aws apigateway " +
                          "create-deployment --rest-api-id <id> --stage-name <stage>.",
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var region in context.Regions)
            {
                if (!region.RestApis.IsOk) continue;
                foreach (var api in region.RestApis.Value!)
                    foreach (var result in EvaluateApi(context.Partition, region.Region, api))
                        yield return result;
            }
        }

        private static IEnumerable<RuleResult> EvaluateApi(string partition, string region, RestApi api)
        {
            var severity = api.IsPrivate ? WafSecurity.Severity.Medium : WafSecurity.Severity.High;
            var endpoint = api.EndpointTypes.Count == 0 ? "EDGE (default)" : string.Join(",", api.EndpointTypes);
            var apiArn = $"arn:{partition}:apigateway:{region}::/restapis/{api.Id}";
            if (!api.Resources.IsOk)
            {
                var error = RuleResult.FromError(region, apiArn, api.Name, api.Resources.Error ?? new CallError("NotCollected", "no answer recorded",
                    SnapshotOperations.RestGetResources.Label, SnapshotOperations.RestGetResources.IamAction, null), $"the method authorization of REST API {api.Name} ({api.Id})");
                error.ResourceType = "AWS::ApiGateway::RestApi";
                error.Severity = severity;
                yield return error;
                yield break;
            }

            var authorizers = api.Authorizers.IsOk ? api.Authorizers.Value! : Array.Empty<ApiAuthorizer>();
            foreach (var resource in api.Resources.Value!.OrderBy(r => r.Path, StringComparer.Ordinal))
            {
                foreach (var method in resource.Methods.OrderBy(m => m.HttpMethod, StringComparer.Ordinal))
                {
                    // CORS preflight requests carry no credentials by design.
                    if (string.Equals(method.HttpMethod, "OPTIONS", StringComparison.OrdinalIgnoreCase)) continue;
                    var verb = method.HttpMethod.ToUpperInvariant();
                    var name = $"{api.Name} {verb} {resource.Path}";
                    var arn = $"arn:{partition}:apigateway:{region}::/restapis/{api.Id}/resources/{resource.Id}/methods/{verb}";
                    var evidence = new Evidence().Add("RestApiId", api.Id).Add("ResourceId", resource.Id).Add("Path", resource.Path).Add("HttpMethod", verb)
                        .Add("AuthorizationType", method.AuthorizationType).Add("AuthorizerId", method.AuthorizerId).Add("ApiKeyRequired", method.ApiKeyRequired)
                        .Add("EndpointTypes", endpoint);

                    if (string.IsNullOrEmpty(method.AuthorizationType))
                    {
                        yield return new RuleResult
                        {
                            Status = FindingStatus.Error, Severity = severity, Region = region, ResourceArn = arn, ResourceName = name, Evidence = evidence,
                            Reason = $"Could not evaluate method {verb} {resource.Path} of REST API {api.Name} ({api.Id}): the snapshot has no " +
                                     "authorizationType for it (record apigateway get-resources with --embed methods; it needs the IAM action apigateway:GET).",
                        };
                        continue;
                    }

                    if (!string.Equals(method.AuthorizationType, "NONE", StringComparison.OrdinalIgnoreCase))
                    {
                        var authorizer = authorizers.FirstOrDefault(a => a.Id == method.AuthorizerId);
                        var by = authorizer == null ? "" : $" with authorizer {authorizer.Name} ({authorizer.Id})";
                        yield return new RuleResult
                        {
                            Status = FindingStatus.Passed, Severity = severity, Region = region, ResourceArn = arn, ResourceName = name, Evidence = evidence,
                            Reason = $"Method {verb} {resource.Path} of REST API {api.Name} ({api.Id}) requires {method.AuthorizationType} authorization{by}.",
                        };
                        continue;
                    }

                    var notes = new List<string>();
                    if (method.ApiKeyRequired) notes.Add("an API key is required, but an API key identifies callers, it does not authorize them");
                    if (authorizers.Count > 0)
                    {
                        notes.Add($"the API defines {authorizers.Count} authorizer{(authorizers.Count == 1 ? "" : "s")} " +
                                  $"({string.Join(", ", authorizers.Select(a => a.Name))}) that this method does not use");
                        evidence.Add("UnusedAuthorizers", authorizers.Select(a => $"{a.Name} ({a.Id})").ToArray());
                    }
                    yield return new RuleResult
                    {
                        Status = FindingStatus.Failed, Severity = severity, Region = region, ResourceArn = arn, ResourceName = name, Evidence = evidence,
                        Reason = $"Method {verb} {resource.Path} of REST API {api.Name} ({api.Id}, endpoint {endpoint}) has authorizationType NONE" +
                                 (notes.Count > 0 ? "; " + string.Join("; ", notes) : "") +
                                 ". Expected AWS_IAM, CUSTOM or COGNITO_USER_POOLS.",
                        // AWS_IAM needs no authorizer to exist; the stage must be redeployed for it to take effect.
                        RepairCommand = $"Update-AGMethod -RestApiId {api.Id} -ResourceId {resource.Id} -HttpMethod {verb} -Region {region} " +
                                        "-PatchOperation @{op='replace'; path='/authorizationType'; value='AWS_IAM'}",
                    };
                }
            }
        }
    }
}
