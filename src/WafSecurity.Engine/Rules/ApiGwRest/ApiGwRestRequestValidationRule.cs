using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Rules.ApiGw;

namespace WafSecurity.Engine.Rules.ApiGwRest
{
    /// <summary>
    /// SEC3.ApiGw.RequestValidation: REST methods that take input (a body, or declared request parameters) have API Gateway
    /// validate it before it reaches the integration, with a request validator that validates what the method takes.
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
            Description = "One finding per REST method that takes input: POST, PUT, PATCH and ANY methods and methods with request " +
                          "models (a body), and any other method except OPTIONS that declares request parameters. Passes when the " +
                          "method's requestValidatorId names a validator (apigateway GetRequestValidators) that validates what the " +
                          "method takes: the body (validateRequestBody) for a method with a body, the parameters " +
                          "(validateRequestParameters) for a method with required request parameters. Fails without a validator, " +
                          "with a validator that skips the body or the parameters the method needs, or with a validator id the API " +
                          "does not have. A request model without a body-validating validator is not enforced. Error when the API's " +
                          "validators could not be read. Checkov CKV2_AWS_53 is the only peer check.",
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
                var hasBody = BodyVerbs.Contains(item.Verb, StringComparer.Ordinal) || method.RequestModels.Count > 0;
                var parameters = method.RequestParameters.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
                var required = method.RequestParameters.Where(p => p.Value).Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
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
                    yield return JudgeValidator(item, arn, name, where, takes, hasBody, required, evidence);
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

        /// <summary>The method names a validator: it must exist and validate the body and/or the required parameters the method takes.</summary>
        private static RuleResult JudgeValidator(RestMethodItem item, string arn, string name, string where, string takes, bool hasBody,
            List<string> required, Evidence evidence)
        {
            var method = item.Method!;
            var validators = item.Api.RequestValidators;
            if (!validators.IsOk)
            {
                var op = SnapshotOperations.RestGetRequestValidators;
                var error = RuleResult.FromError(item.Region, arn, name, validators.Error ?? new CallError("NotCollected", "no answer recorded", op.Label, op.IamAction, null),
                    $"what request validator {method.RequestValidatorId} of method {item.Verb} {item.Resource!.Path} of REST API {item.Api.Name} ({item.Api.Id}) validates");
                error.ResourceType = Info.ResourceType;
                error.Evidence = evidence;
                return error;
            }
            var validator = validators.Value!.FirstOrDefault(v => v.Id == method.RequestValidatorId);
            if (validator == null)
                return RuleResult.Failed(item.Region, arn, name,
                    $"{where} {takes} but its requestValidatorId {method.RequestValidatorId} names no request validator of the API, so nothing " +
                    "is validated. Expected an existing request validator.", evidence);
            evidence.Add("ValidatorName", validator.Name).Add("ValidateRequestBody", validator.ValidateRequestBody)
                .Add("ValidateRequestParameters", validator.ValidateRequestParameters);
            var label = $"request validator {validator.Name} ({validator.Id})";
            var missing = new List<string>();
            if (hasBody && !validator.ValidateRequestBody) missing.Add("the request body (validateRequestBody is false)");
            if (required.Count > 0 && !validator.ValidateRequestParameters)
                missing.Add($"the required request parameters {string.Join(", ", required)} (validateRequestParameters is false)");
            if (missing.Count > 0)
                return RuleResult.Failed(item.Region, arn, name,
                    $"{where} {takes} but its {label} does not validate {string.Join(" or ", missing)}. " +
                    "Expected a validator that validates what the method takes.", evidence);
            var checks = new List<string>();
            if (validator.ValidateRequestBody) checks.Add("the body");
            if (validator.ValidateRequestParameters) checks.Add("the parameters");
            return RuleResult.Passed(item.Region, arn, name,
                $"{where} {takes} and its {label} validates {(checks.Count == 0 ? "nothing the method requires" : string.Join(" and ", checks))}.", evidence);
        }
    }
}
