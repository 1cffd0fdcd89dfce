using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Rules.ApiGw;

namespace WafSecurity.Engine.Rules.ApiGwRest
{
    /// <summary>
    /// SEC3.ApiGw.RequestValidation: REST methods that take input (a body, or declared request parameters) have API Gateway
    /// validate it before it reaches the integration. Validators' own settings are not collected: a validator id counts.
    /// </summary>
    public sealed class ApiGwRestRequestValidationRule : Rule
    {
        private static readonly string[] BodyVerbs = { "POST", "PUT", "PATCH", "ANY" };

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC3.ApiGw.RequestValidation",
            Question = WafSecurity.Question.Sec3,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = "AWS::ApiGateway::Method",
            Title = "REST API methods validate their input",
            Description = "One finding per REST method that takes input: POST, PUT, PATCH and ANY methods (a body), and any other " +
                          "method except OPTIONS that declares request parameters. Passes when the method has a requestValidatorId. " +
                          "The validators themselves (apigateway GetRequestValidators: body and/or parameters) are not collected, so " +
                          "any validator id counts as validation. A request model without a validator fails: API Gateway enforces a " +
                          "model only through a validator that validates the body. Checkov CKV2_AWS_53 is the only peer check.",
            Remediation = "Create a validator (New-AGRequestValidator -RestApiId <id> -Name body-and-params -ValidateRequestBody $true " +
                          "-ValidateRequestParameter $true), give the method a request model and mark required parameters, attach the " +
                          "validator (Update-AGMethod -PatchOperation @{op='replace'; path='/requestValidatorId'; value='<validator id>'}) " +
                          "and redeploy the stage. Validate again in the integration: API Gateway checks shape, not meaning.",
            // The Security pillar has no input-validation practice; the closest is inspecting inbound requests.
            WellArchitected = new[] { "SEC05-BP03" },
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var item in ApiGwScope.RestMethods(context, "request validation"))
            {
                if (item.Error != null) { yield return item.Error; continue; }
                var method = item.Method!;
                if (ApiGwScope.IsOptions(method)) continue;
                var hasBody = BodyVerbs.Contains(item.Verb, StringComparer.Ordinal);
                var parameters = method.RequestParameters.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
                if (!hasBody && parameters.Count == 0) continue;
                var arn = ApiGwScope.MethodArn(context.Partition, item);
                var name = ApiGwScope.MethodName(item);
                var where = $"Method {item.Verb} {item.Resource!.Path} of REST API {item.Api.Name} ({item.Api.Id})";
                var takes = hasBody && parameters.Count > 0 ? $"takes a request body and {ApiGwScope.Plural(parameters.Count, "request parameter")}"
                    : hasBody ? "takes a request body" : $"takes {ApiGwScope.Plural(parameters.Count, "request parameter")} ({string.Join(", ", parameters)})";
                var evidence = ApiGwScope.MethodEvidence(item).Add("RequestValidatorId", method.RequestValidatorId)
                    .Add("RequestModels", method.RequestModels.Count == 0 ? null : method.RequestModels.Select(p => $"{p.Key}: {p.Value}").ToArray())
                    .Add("RequestParameters", parameters.Count == 0 ? null : parameters.ToArray());
                if (!string.IsNullOrEmpty(method.RequestValidatorId))
                {
                    yield return RuleResult.Passed(item.Region, arn, name,
                        $"{where} {takes} and has request validator {method.RequestValidatorId} (its body/parameter settings were not collected).", evidence);
                    continue;
                }
                var model = method.RequestModels.Count > 0
                    ? $"; its request model{(method.RequestModels.Count == 1 ? "" : "s")} ({string.Join(", ", method.RequestModels.Select(p => $"{p.Key}: {p.Value}"))}) " +
                      $"{(method.RequestModels.Count == 1 ? "is" : "are")} not enforced without a validator"
                    : "";
                yield return RuleResult.Failed(item.Region, arn, name,
                    $"{where} {takes} but has no request validator (requestValidatorId is not set){model}, so malformed input reaches the integration. " +
                    "Expected a request validator.", evidence);
            }
        }
    }
}
