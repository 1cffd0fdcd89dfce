using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using WafSecurity.Engine.Json;

namespace WafSecurity.Engine.Inventory
{
    // API Gateway custom domains, usage plans, request validators (v1) and integrations (v2).
    internal static partial class CliDocuments
    {
        /// <summary>
        /// apigateway get-domain-names: {"items": [{"domainName", "securityPolicy", "endpointConfiguration": {"types": [...]}, ...}]}.
        /// One security policy covers every endpoint type of the domain.
        /// </summary>
        public static List<ApiDomainName> GetRestDomainNames(JsonElement root)
        {
            return MapItems(root, "items", (item, where) =>
            {
                var policy = item.GetString("securityPolicy");
                var types = item.Member("endpointConfiguration") is JsonElement config && config.ValueKind == JsonValueKind.Object
                            && config.TryGetMember("types", out var t) ? t.GetStringOrList() : new List<string>();
                var endpoints = types.Count == 0
                    ? new List<DomainNameEndpoint> { new DomainNameEndpoint(null, policy) }
                    : types.Select(type => new DomainNameEndpoint(type, policy)).ToList();
                return new ApiDomainName
                {
                    DomainName = RequireString(item, "domainName", where),
                    Arn = item.GetString("domainNameArn"),
                    Source = "apigateway",
                    Endpoints = endpoints,
                };
            });
        }

        /// <summary>apigatewayv2 get-domain-names: {"Items": [{"DomainName", "DomainNameConfigurations": [{"EndpointType", "SecurityPolicy"}]}]}.</summary>
        public static List<ApiDomainName> GetV2DomainNames(JsonElement root)
        {
            return MapItems(root, "Items", (item, where) =>
            {
                var endpoints = new List<DomainNameEndpoint>();
                var configIndex = 0;
                foreach (var config in item.GetArray("DomainNameConfigurations"))
                {
                    if (config.ValueKind != JsonValueKind.Object) throw new ShapeException($"{where}.DomainNameConfigurations[{configIndex}] must be an object");
                    configIndex++;
                    endpoints.Add(new DomainNameEndpoint(config.GetString("EndpointType"), config.GetString("SecurityPolicy")));
                }
                return new ApiDomainName
                {
                    DomainName = RequireString(item, "DomainName", where),
                    Arn = item.GetString("DomainNameArn"),
                    Source = "apigatewayv2",
                    Endpoints = endpoints,
                };
            });
        }

        /// <summary>
        /// apigateway get-usage-plans: {"items": [{"id", "name", "throttle": {"rateLimit", "burstLimit"},
        /// "apiStages": [{"apiId", "stage", "throttle": {"/path/VERB": {"rateLimit", "burstLimit"}}}]}]}.
        /// </summary>
        public static List<UsagePlan> GetUsagePlans(JsonElement root)
        {
            return MapItems(root, "items", (item, where) =>
            {
                var id = RequireString(item, "id", where);
                var throttle = item.Member("throttle");
                var stages = new List<UsagePlanStage>();
                var stageIndex = 0;
                foreach (var stage in item.GetArray("apiStages"))
                {
                    var stageWhere = $"{where}.apiStages[{stageIndex++}]";
                    var methods = new Dictionary<string, UsagePlanThrottle>(System.StringComparer.Ordinal);
                    if (stage.Member("throttle") is JsonElement map)
                    {
                        if (map.ValueKind != JsonValueKind.Object) throw new ShapeException($"{stageWhere}.throttle must be an object");
                        foreach (var entry in map.EnumerateObject())
                            if (entry.Value.ValueKind == JsonValueKind.Object)
                                methods[entry.Name] = new UsagePlanThrottle(entry.Value.GetDouble("rateLimit"), entry.Value.GetInt64("burstLimit"));
                    }
                    stages.Add(new UsagePlanStage
                    {
                        ApiId = RequireString(stage, "apiId", stageWhere),
                        Stage = RequireString(stage, "stage", stageWhere),
                        MethodThrottles = methods,
                    });
                }
                return new UsagePlan
                {
                    Id = id,
                    Name = item.GetString("name") ?? id,
                    RateLimit = throttle?.GetDouble("rateLimit"),
                    BurstLimit = throttle?.GetInt64("burstLimit"),
                    ApiStages = stages,
                };
            });
        }

        /// <summary>apigateway get-request-validators: {"items": [{"id", "name", "validateRequestBody", "validateRequestParameters"}]}.</summary>
        public static List<RequestValidator> GetRequestValidators(JsonElement root)
        {
            var index = 0;
            return RequireArray(root, "items").Select(item =>
            {
                var id = RequireString(item, "id", $"items[{index++}]");
                return new RequestValidator
                {
                    Id = id,
                    Name = item.GetString("name") ?? id,
                    ValidateRequestBody = item.GetBool("validateRequestBody") ?? false,
                    ValidateRequestParameters = item.GetBool("validateRequestParameters") ?? false,
                };
            }).ToList();
        }

        /// <summary>
        /// apigatewayv2 get-integrations: {"Items": [{"IntegrationId", "IntegrationType", "ConnectionType", "ConnectionId",
        /// "IntegrationUri", "TlsConfig": {"ServerNameToVerify"}}]}.
        /// </summary>
        public static List<ApiIntegration> GetIntegrations(JsonElement root)
        {
            return MapItems(root, "Items", (item, where) =>
            {
                var tls = item.Member("TlsConfig");
                if (tls is JsonElement t && t.ValueKind != JsonValueKind.Object && t.ValueKind != JsonValueKind.Null)
                    throw new ShapeException($"{where}.TlsConfig must be an object");
                return new ApiIntegration
                {
                    IntegrationId = RequireString(item, "IntegrationId", where),
                    IntegrationType = item.GetString("IntegrationType"),
                    ConnectionType = item.GetString("ConnectionType"),
                    ConnectionId = item.GetString("ConnectionId"),
                    IntegrationUri = item.GetString("IntegrationUri"),
                    HasTlsConfig = tls is JsonElement o && o.ValueKind == JsonValueKind.Object,
                    TlsServerNameToVerify = tls is JsonElement s && s.ValueKind == JsonValueKind.Object ? NullIfEmpty(s.GetString("ServerNameToVerify")) : null,
                };
            });
        }
    }
}
