using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Rules.ApiGw;

namespace WafSecurity.Engine.Rules.ApiGwRest
{
    /// <summary>
    /// SEC1.ApiGwRest.PublicEndpoint: a REST API whose endpoint is not PRIVATE is reachable from the internet. That alone is
    /// normal for a public API (Low); it matters more when the API also has methods anyone can call (Medium).
    /// </summary>
    public sealed class ApiGwRestPublicEndpointRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC1.ApiGwRest.PublicEndpoint",
            Question = WafSecurity.Question.Sec1,
            Severity = WafSecurity.Severity.Low,
            ResourceType = ApiGwScope.RestApiType,
            Title = "REST APIs are private unless they must be public",
            Description = "One finding per REST API. Passes when endpointConfiguration.types is exactly PRIVATE (reachable only " +
                          "through interface VPC endpoints). Otherwise (EDGE, REGIONAL, or no type, which API Gateway treats as " +
                          "EDGE) fails at Low; the finding is raised to Medium when the API also has open methods " +
                          "(authorizationType NONE on a method other than OPTIONS), which anyone on the internet can call. " +
                          "When the API's methods could not be read the finding stays Low and its reason names the failed call; " +
                          "when the region's REST API list could not be read, one Error stands for the region. " +
                          "Public APIs that are meant to be public are expected: suppress them with a reason in the settings file.",
            Remediation = "Keep internal APIs private: aws apigateway update-rest-api --rest-api-id <id> --patch-operations " +
                          "op=replace,path=/endpointConfiguration/types/REGIONAL,value=PRIVATE, give the API a resource policy that " +
                          "allows only your VPC endpoints (aws:SourceVpce), and redeploy. For public APIs, require authorization on " +
                          "every method (see SEC1.ApiGwRest.MethodAuthorization) and attach AWS WAF.",
            WellArchitected = new[] { "SEC03-BP07", "SEC05-BP01" },
            ConfigRule = "api-gw-endpoint-type-check",
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var region in context.Regions)
            {
                if (region.RestApis.State == FetchState.Failed)
                {
                    // Without the list no endpoint type is known: say so rather than yield nothing.
                    var op = SnapshotOperations.RestGetRestApis;
                    var error = RuleResult.FromError(region.Region, $"arn:{context.Partition}:apigateway:{region.Region}::/restapis", $"{op.Label} ({region.Region})",
                        region.RestApis.Error!, $"the endpoint types of the REST APIs of {region.Region}");
                    error.ResourceType = ApiGwScope.RestApiType;
                    yield return error;
                    continue;
                }
                if (!region.RestApis.IsOk) continue;
                foreach (var api in region.RestApis.Value!.OrderBy(a => a.Name, StringComparer.Ordinal).ThenBy(a => a.Id, StringComparer.Ordinal))
                    yield return Judge(context.Partition, region.Region, api);
            }
        }

        private static RuleResult Judge(string partition, string region, RestApi api)
        {
            var arn = ApiGwScope.RestApiArn(partition, region, api.Id);
            var endpoint = ApiGwScope.Endpoint(api);
            var evidence = new Evidence().Add("RestApiId", api.Id).Add("EndpointTypes", endpoint);
            var where = $"REST API {api.Name} ({api.Id})";
            if (api.IsPrivate)
                return Result(FindingStatus.Passed, WafSecurity.Severity.Low, region, arn, api, $"{where} has a PRIVATE endpoint: it is reachable only through interface VPC endpoints.", evidence);

            var what = api.EndpointTypes.Count == 0 ? "has no endpoint type (API Gateway treats it as EDGE)" : $"has endpoint type {endpoint}";
            if (!api.Resources.IsOk)
            {
                var error = api.Resources.Error;
                evidence.Add("OpenMethodsChecked", false);
                return Result(FindingStatus.Failed, WafSecurity.Severity.Low, region, arn, api,
                    $"{where} {what}, so it is reachable from the internet. Its methods could not be read " +
                    $"({(error == null ? "apigateway GetResources was not recorded" : error.Describe())}), so open methods were not looked for " +
                    "and the severity was not raised. Expected a PRIVATE endpoint unless the API must be public.", evidence);
            }

            var open = api.Resources.Value!.OrderBy(r => r.Path, StringComparer.Ordinal)
                .SelectMany(r => r.Methods.OrderBy(m => m.HttpMethod, StringComparer.Ordinal)
                    .Where(m => !ApiGwScope.IsOptions(m) && string.Equals(m.AuthorizationType, "NONE", StringComparison.OrdinalIgnoreCase))
                    .Select(m => $"{m.HttpMethod.ToUpperInvariant()} {r.Path}"))
                .ToList();
            evidence.Add("OpenMethodsChecked", true);
            if (open.Count > 0)
            {
                evidence.Add("OpenMethods", open.ToArray());
                return Result(FindingStatus.Failed, WafSecurity.Severity.Medium, region, arn, api,
                    $"{where} {what}, so it is reachable from the internet, and {ApiGwScope.Plural(open.Count, "method")} {(open.Count == 1 ? "needs" : "need")} no authorization " +
                    $"({string.Join(", ", open.Take(10))}{(open.Count > 10 ? ", ..." : "")}): anyone can call them. " +
                    "Expected a PRIVATE endpoint, or authorization on every method of a public API.", evidence);
            }
            return Result(FindingStatus.Failed, WafSecurity.Severity.Low, region, arn, api,
                $"{where} {what}, so it is reachable from the internet (every method requires authorization). " +
                "Expected a PRIVATE endpoint unless the API must be public.", evidence);
        }

        private static RuleResult Result(string status, string severity, string region, string arn, RestApi api, string reason, Evidence evidence)
            => new RuleResult
            {
                Status = status, Severity = severity, Region = region, ResourceArn = arn, ResourceName = api.Name,
                ResourceType = ApiGwScope.RestApiType, Reason = reason, Evidence = evidence,
            };
    }
}
