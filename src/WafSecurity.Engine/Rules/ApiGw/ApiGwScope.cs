using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.ApiGw
{
    /// <summary>A REST stage to judge, or the Error that stands for the stages of an API that could not be read.</summary>
    internal sealed class RestStageItem
    {
        public RestStageItem(string region, RestApi api, RestStage? stage, RuleResult? error) { Region = region; Api = api; Stage = stage; Error = error; }
        public string Region { get; }
        public RestApi Api { get; }
        public RestStage? Stage { get; }
        public RuleResult? Error { get; }
    }

    internal sealed class V2StageItem
    {
        public V2StageItem(string region, ApiV2 api, ApiV2Stage? stage, RuleResult? error) { Region = region; Api = api; Stage = stage; Error = error; }
        public string Region { get; }
        public ApiV2 Api { get; }
        public ApiV2Stage? Stage { get; }
        public RuleResult? Error { get; }
        public bool IsWebSocket => ApiGwScope.IsWebSocket(Api);
    }

    internal sealed class RestMethodItem
    {
        public RestMethodItem(string region, RestApi api, ApiResource? resource, ApiMethod? method, RuleResult? error)
        {
            Region = region; Api = api; Resource = resource; Method = method; Error = error;
        }
        public string Region { get; }
        public RestApi Api { get; }
        public ApiResource? Resource { get; }
        public ApiMethod? Method { get; }
        public RuleResult? Error { get; }
        public string Verb => Method!.HttpMethod.ToUpperInvariant();
    }

    /// <summary>
    /// Shared walking of API Gateway stages and methods for the stage- and method-level rules: names, ARNs, and the Error
    /// result that replaces the findings of an API whose stages or resources could not be read (never a silent pass).
    /// </summary>
    internal static class ApiGwScope
    {
        public const string RestStageType = "AWS::ApiGateway::Stage";
        public const string V2StageType = "AWS::ApiGatewayV2::Stage";
        public const string RestApiType = "AWS::ApiGateway::RestApi";
        public const string V2ApiType = "AWS::ApiGatewayV2::Api";

        public static bool IsWebSocket(ApiV2 api) => string.Equals(api.ProtocolType, "WEBSOCKET", StringComparison.OrdinalIgnoreCase);

        public static string RestApiArn(string partition, string region, string apiId) => $"arn:{partition}:apigateway:{region}::/restapis/{apiId}";
        public static string RestStageArn(string partition, string region, string apiId, string stage) => $"{RestApiArn(partition, region, apiId)}/stages/{stage}";
        public static string V2ApiArn(string partition, string region, string apiId) => $"arn:{partition}:apigateway:{region}::/apis/{apiId}";
        public static string V2StageArn(string partition, string region, string apiId, string stage) => $"{V2ApiArn(partition, region, apiId)}/stages/{stage}";

        public static string StageName(RestApi api, RestStage stage) => $"{api.Name}/{stage.StageName}";
        public static string StageName(ApiV2 api, ApiV2Stage stage) => $"{api.Name}/{stage.StageName}";

        /// <summary>"Stage prod of REST API pets-api (a1b2c3)".</summary>
        public static string Where(RestApi api, RestStage stage) => $"Stage {stage.StageName} of REST API {api.Name} ({api.Id})";
        public static string Where(ApiV2 api, ApiV2Stage stage) => $"Stage {stage.StageName} of {api.ProtocolType} API {api.Name} ({api.ApiId})";

        public static string Endpoint(RestApi api) => api.EndpointTypes.Count == 0 ? "EDGE (default)" : string.Join(",", api.EndpointTypes);

        public static Evidence RestStageEvidence(RestApi api, RestStage stage)
            => new Evidence().Add("RestApiId", api.Id).Add("StageName", stage.StageName).Add("DeploymentId", stage.DeploymentId);

        public static Evidence V2StageEvidence(ApiV2 api, ApiV2Stage stage)
            => new Evidence().Add("ApiId", api.ApiId).Add("ProtocolType", api.ProtocolType).Add("StageName", stage.StageName);

        /// <summary>Every stage of every REST API in every region whose API list was read.</summary>
        public static IEnumerable<RestStageItem> RestStages(RuleContext context, string what)
        {
            foreach (var region in context.Regions)
            {
                if (!region.RestApis.IsOk) continue;
                foreach (var api in region.RestApis.Value!)
                {
                    if (!api.Stages.IsOk)
                    {
                        var error = RuleResult.FromError(region.Region, RestApiArn(context.Partition, region.Region, api.Id), api.Name,
                            api.Stages.Error ?? NotCollected(SnapshotOperations.RestGetStages), $"{what} of the stages of REST API {api.Name} ({api.Id})");
                        error.ResourceType = RestApiType;
                        yield return new RestStageItem(region.Region, api, null, error);
                        continue;
                    }
                    foreach (var stage in api.Stages.Value!.OrderBy(s => s.StageName, StringComparer.Ordinal))
                        yield return new RestStageItem(region.Region, api, stage, null);
                }
            }
        }

        /// <summary>Every stage of every v2 API (filtered by protocol) in every region whose API list was read.</summary>
        public static IEnumerable<V2StageItem> V2Stages(RuleContext context, string what, Func<ApiV2, bool>? include = null)
        {
            foreach (var region in context.Regions)
            {
                if (!region.ApisV2.IsOk) continue;
                foreach (var api in region.ApisV2.Value!)
                {
                    if (include != null && !include(api)) continue;
                    if (!api.Stages.IsOk)
                    {
                        var error = RuleResult.FromError(region.Region, V2ApiArn(context.Partition, region.Region, api.ApiId), api.Name,
                            api.Stages.Error ?? NotCollected(SnapshotOperations.V2GetStages), $"{what} of the stages of {api.ProtocolType} API {api.Name} ({api.ApiId})");
                        error.ResourceType = V2ApiType;
                        yield return new V2StageItem(region.Region, api, null, error);
                        continue;
                    }
                    foreach (var stage in api.Stages.Value!.OrderBy(s => s.StageName, StringComparer.Ordinal))
                        yield return new V2StageItem(region.Region, api, stage, null);
                }
            }
        }

        /// <summary>Every method (OPTIONS included: callers skip it if they want) of every REST API, by path then verb.</summary>
        public static IEnumerable<RestMethodItem> RestMethods(RuleContext context, string what)
        {
            foreach (var region in context.Regions)
            {
                if (!region.RestApis.IsOk) continue;
                foreach (var api in region.RestApis.Value!)
                {
                    if (!api.Resources.IsOk)
                    {
                        var error = RuleResult.FromError(region.Region, RestApiArn(context.Partition, region.Region, api.Id), api.Name,
                            api.Resources.Error ?? NotCollected(SnapshotOperations.RestGetResources), $"{what} of the methods of REST API {api.Name} ({api.Id})");
                        error.ResourceType = RestApiType;
                        yield return new RestMethodItem(region.Region, api, null, null, error);
                        continue;
                    }
                    foreach (var resource in api.Resources.Value!.OrderBy(r => r.Path, StringComparer.Ordinal))
                        foreach (var method in resource.Methods.OrderBy(m => m.HttpMethod, StringComparer.Ordinal))
                            yield return new RestMethodItem(region.Region, api, resource, method, null);
                }
            }
        }

        public static string MethodArn(string partition, RestMethodItem item)
            => $"{RestApiArn(partition, item.Region, item.Api.Id)}/resources/{item.Resource!.Id}/methods/{item.Verb}";

        public static string MethodName(RestMethodItem item) => $"{item.Api.Name} {item.Verb} {item.Resource!.Path}";

        public static Evidence MethodEvidence(RestMethodItem item)
            => new Evidence().Add("RestApiId", item.Api.Id).Add("ResourceId", item.Resource!.Id).Add("Path", item.Resource.Path).Add("HttpMethod", item.Verb);

        public static bool IsOptions(ApiMethod method) => string.Equals(method.HttpMethod, "OPTIONS", StringComparison.OrdinalIgnoreCase);

        private static CallError NotCollected(SnapshotOperation op) => new CallError("NotCollected", "no answer recorded", op.Label, op.IamAction, null);

        /// <summary>A PowerShell single-quoted string literal.</summary>
        public static string Quote(string value) => "'" + value.Replace("'", "''") + "'";

        /// <summary>"@{op='replace'; path='/*/*/logging/loglevel'; value='ERROR'}"; several joined as an array.</summary>
        public static string PatchOperations(IEnumerable<(string Op, string Path, string? Value)> operations)
        {
            var items = operations.Select(o => $"@{{op={Quote(o.Op)}; path={Quote(o.Path)}" + (o.Value == null ? "" : $"; value={Quote(o.Value)}") + "}").ToList();
            return items.Count == 1 ? items[0] : "@(" + string.Join(", ", items) + ")";
        }

        public static string UpdateRestStage(string region, RestApi api, RestStage stage, IEnumerable<(string Op, string Path, string? Value)> operations)
            => $"Update-AGStage -RestApiId {api.Id} -StageName {Quote(stage.StageName)} -Region {region} -PatchOperation {PatchOperations(operations)}";

        public static string Plural(int count, string word) => $"{count} {word}{(count == 1 ? "" : "s")}";
    }
}
