using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.ApiGwV2
{
    /// <summary>
    /// SEC1.ApiGwV2.RouteAuthorization: every HTTP API route, and the $connect route of every WebSocket API, requires
    /// authorization. Judged per route, as Security Hub APIGateway.8 does, not by the mere presence of an authorizer.
    /// </summary>
    public sealed class ApiGwV2RouteAuthorizationRule : Rule
    {
        public const string ConnectRoute = "$connect";

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC1.ApiGwV2.RouteAuthorization",
            Question = WafSecurity.Question.Sec1,
            Severity = WafSecurity.Severity.High,
            ResourceType = "AWS::ApiGatewayV2::Route",
            WellArchitected = new[] { "SEC05-BP02" },
            SecurityHubControl = "APIGateway.8",
            ConfigRule = "api-gwv2-authorization-type-configured",
            Title = "HTTP and WebSocket API routes require authorization",
            Description = "One finding per route of every HTTP API, and per $connect route of every WebSocket API (the only " +
                          "WebSocket route that takes authorization; other WebSocket routes have no finding). Fails when " +
                          "AuthorizationType is NONE, or, when AllowedAuthorizationTypes is set, when it is not one of them. " +
                          "Same as Security Hub APIGateway.8 / AWS Config api-gwv2-authorization-type-configured.",
            Remediation = "Attach an authorizer to the route: aws apigatewayv2 update-route --api-id <id> --route-id <id> " +
                          "--authorization-type JWT|CUSTOM|AWS_IAM [--authorizer-id <id>]. Routes deployed with auto-deploy " +
                          "take effect at once; otherwise create a deployment.",
            Parameters = new[]
            {
                new RuleParameter("AllowedAuthorizationTypes", Array.Empty<string>(),
                    "Authorization types that pass (AWS_IAM, JWT, CUSTOM); empty: any type other than NONE."),
            },
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var allowed = context.Parameters.GetStrings("AllowedAuthorizationTypes").Where(t => !string.IsNullOrWhiteSpace(t))
                .Select(t => t.Trim().ToUpperInvariant()).Distinct().ToList();
            foreach (var region in context.Regions)
            {
                if (!region.ApisV2.IsOk) continue;
                foreach (var api in region.ApisV2.Value!)
                    foreach (var result in EvaluateApi(context.Partition, region.Region, api, allowed))
                        yield return result;
            }
        }

        private static IEnumerable<RuleResult> EvaluateApi(string partition, string region, ApiV2 api, IReadOnlyList<string> allowed)
        {
            var apiArn = $"arn:{partition}:apigateway:{region}::/apis/{api.ApiId}";
            if (!api.Routes.IsOk)
            {
                var error = RuleResult.FromError(region, apiArn, api.Name, api.Routes.Error ?? new CallError("NotCollected", "no answer recorded",
                    SnapshotOperations.V2GetRoutes.Label, SnapshotOperations.V2GetRoutes.IamAction, null), $"the route authorization of {api.ProtocolType} API {api.Name} ({api.ApiId})");
                error.ResourceType = "AWS::ApiGatewayV2::Api";
                yield return error;
                yield break;
            }

            var webSocket = string.Equals(api.ProtocolType, "WEBSOCKET", StringComparison.OrdinalIgnoreCase);
            var authorizers = api.Authorizers.IsOk ? api.Authorizers.Value! : Array.Empty<ApiAuthorizer>();
            foreach (var route in api.Routes.Value!.OrderBy(r => r.RouteKey, StringComparer.Ordinal))
            {
                // Only $connect can carry authorization on a WebSocket API; messages ride the authorized connection.
                if (webSocket && !string.Equals(route.RouteKey, ConnectRoute, StringComparison.Ordinal)) continue;
                var name = $"{api.Name} {route.RouteKey}";
                var arn = $"{apiArn}/routes/{route.RouteId}";
                var type = string.IsNullOrEmpty(route.AuthorizationType) ? "NONE" : route.AuthorizationType.ToUpperInvariant();
                var authorizer = authorizers.FirstOrDefault(a => a.Id == route.AuthorizerId);
                var evidence = new Evidence().Add("ApiId", api.ApiId).Add("ProtocolType", api.ProtocolType).Add("RouteId", route.RouteId)
                    .Add("RouteKey", route.RouteKey).Add("AuthorizationType", type).Add("AuthorizerId", route.AuthorizerId)
                    .Add("ApiKeyRequired", route.ApiKeyRequired);
                if (allowed.Count > 0) evidence.Add("AllowedAuthorizationTypes", allowed.ToArray());
                var where = $"Route {route.RouteKey} of {api.ProtocolType} API {api.Name} ({api.ApiId})";

                if (type == "NONE")
                {
                    var notes = new List<string>();
                    if (route.ApiKeyRequired) notes.Add("an API key is required, but an API key identifies callers, it does not authorize them");
                    if (authorizers.Count > 0)
                        notes.Add($"the API defines {authorizers.Count} authorizer{(authorizers.Count == 1 ? "" : "s")} " +
                                  $"({string.Join(", ", authorizers.Select(a => a.Name))}) that this route does not use");
                    yield return new RuleResult
                    {
                        Status = FindingStatus.Failed, Region = region, ResourceArn = arn, ResourceName = name, Evidence = evidence,
                        Reason = $"{where} has AuthorizationType NONE" + (notes.Count > 0 ? "; " + string.Join("; ", notes) : "") +
                                 $". Expected {Expected(allowed, webSocket)}.",
                        RepairCommand = $"Update-AG2Route -ApiId {api.ApiId} -RouteId {route.RouteId} -Region {region} -AuthorizationType AWS_IAM",
                    };
                    continue;
                }
                if (allowed.Count > 0 && !allowed.Contains(type))
                {
                    yield return RuleResult.Failed(region, arn, name,
                        $"{where} has AuthorizationType {type}, which is not in AllowedAuthorizationTypes ({string.Join(", ", allowed)}).", evidence);
                    continue;
                }
                yield return RuleResult.Passed(region, arn, name,
                    $"{where} requires {type} authorization" + (authorizer == null ? "." : $" with authorizer {authorizer.Name} ({authorizer.Id})."), evidence);
            }
        }

        private static string Expected(IReadOnlyList<string> allowed, bool webSocket)
            => allowed.Count > 0 ? "one of " + string.Join(", ", allowed) : webSocket ? "AWS_IAM or CUSTOM" : "AWS_IAM, JWT or CUSTOM";
    }
}
