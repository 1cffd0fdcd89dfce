using System.Collections.Generic;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Rules.ApiGw;

namespace WafSecurity.Engine.Rules.Abandoned
{
    /// <summary>
    /// SEC2.Abandoned.Api: an API that receives no requests is a public (or VPC) entry point with no purpose; its
    /// integrations, authorizers and keys stay reachable.
    /// </summary>
    public sealed class AbandonedApiRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Abandoned.Api",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Low,
            ResourceType = "AWS::ApiGateway::RestApi",
            WellArchitected = new[] { "SEC06-BP02" },
            Title = "API Gateway APIs are in use",
            Description = "Fails when the API had no requests in the InactiveDays days before the snapshot was taken (daily Sum of " +
                          "AWS/ApiGateway Count by ApiName for REST APIs, by ApiId for HTTP APIs; ConnectCount by ApiId for WebSocket " +
                          "APIs, which publish no Count) and it was created more than InactiveDays before. CloudWatch knows REST APIs " +
                          "by name, so REST APIs sharing a name share their activity. Missing or failed metric data, or a recorded " +
                          "window shorter than InactiveDays that shows no activity, is an Error.",
            Remediation = "Confirm no client still calls the API (access logs, CloudTrail), then delete it: aws apigateway delete-rest-api " +
                          "--rest-api-id <id> or aws apigatewayv2 delete-api --api-id <id>.",
            Parameters = new[] { AbandonedActivity.Parameter("API") },
        };

        public override RuleDescriptor Descriptor => Info;

        public override void ValidateParameters(RuleParameterValues parameters) => AbandonedActivity.Validate(parameters, Info.Id);

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var region in context.Regions)
            {
                if (!region.ActivityCollected) continue; // metrics not collected there: said once by the reader
                if (region.RestApis.IsOk)
                    foreach (var api in region.RestApis.Value!)
                        yield return AbandonedActivity.Judge(context,
                            new ActivitySubject(region, ApiGwScope.RestApiArn(context.Partition, region.Region, api.Id), api.Name, "REST API", api.Name,
                                ActivityMetrics.ApiCount) { Since = api.CreatedDate, SinceField = "createdDate", ResourceType = "AWS::ApiGateway::RestApi" });
                if (region.ApisV2.IsOk)
                    foreach (var api in region.ApisV2.Value!)
                    {
                        var webSocket = ApiGwScope.IsWebSocket(api);
                        yield return AbandonedActivity.Judge(context,
                            new ActivitySubject(region, ApiGwScope.V2ApiArn(context.Partition, region.Region, api.ApiId), api.Name,
                                webSocket ? "WebSocket API" : "HTTP API", api.ApiId, webSocket ? ActivityMetrics.WebSocketConnectCount : ActivityMetrics.ApiCount)
                            { Since = api.CreatedDate, SinceField = "CreatedDate", ResourceType = "AWS::ApiGatewayV2::Api" });
                    }
            }
        }
    }
}
