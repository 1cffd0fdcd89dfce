using System.Collections.Generic;
using WafSecurity.Engine.Findings;

namespace WafSecurity.Engine.Rules.ApiGw
{
    /// <summary>SEC2.Logs.ApiGwAccessLogging: every REST, HTTP and WebSocket API stage writes access logs.</summary>
    public sealed class LogsApiGwAccessLoggingRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Logs.ApiGwAccessLogging",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = ApiGwScope.RestStageType,
            Title = "API Gateway stages have access logging enabled",
            Description = "One finding per stage of every REST, HTTP and WebSocket API. Passes when the stage has an access log " +
                          "destination (REST accessLogSettings.destinationArn, v2 AccessLogSettings.DestinationArn: a CloudWatch Logs " +
                          "group or, for REST, a Firehose stream). Security Hub APIGateway.9 and Prowler check v2 stages only; this " +
                          "rule also covers REST stages.",
            Remediation = "Create a log group and point the stage at it: Update-AGStage -RestApiId <id> -StageName <stage> " +
                          "-PatchOperation @(@{op='replace'; path='/accessLogSettings/destinationArn'; value='<log group arn>'}, " +
                          "@{op='replace'; path='/accessLogSettings/format'; value='<format>'}) (REST), or Update-AG2Stage -ApiId <id> " +
                          "-StageName <stage> -AccessLogSettings_DestinationArn <log group arn> -AccessLogSettings_Format <format> (HTTP, " +
                          "WebSocket). Log request ids, caller IP, status and latency; not tokens or personal data " +
                          "(SEC2.Logs.AccessLogFormatSensitive).",
            WellArchitected = new[] { "SEC04-BP01" },
            SecurityHubControl = "APIGateway.9",
            ConfigRule = "api-gwv2-access-logs-enabled",
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var item in ApiGwScope.RestStages(context, "access logging"))
            {
                if (item.Error != null) { yield return item.Error; continue; }
                var api = item.Api; var stage = item.Stage!;
                yield return Judge(item.Region, ApiGwScope.RestStageArn(context.Partition, item.Region, api.Id, stage.StageName), ApiGwScope.StageName(api, stage),
                    ApiGwScope.Where(api, stage), stage.AccessLogDestinationArn, stage.AccessLogFormat, "accessLogSettings.destinationArn",
                    ApiGwScope.RestStageEvidence(api, stage), null);
            }
            foreach (var item in ApiGwScope.V2Stages(context, "access logging"))
            {
                if (item.Error != null) { yield return item.Error; continue; }
                var api = item.Api; var stage = item.Stage!;
                yield return Judge(item.Region, ApiGwScope.V2StageArn(context.Partition, item.Region, api.ApiId, stage.StageName), ApiGwScope.StageName(api, stage),
                    ApiGwScope.Where(api, stage), stage.AccessLogDestinationArn, stage.AccessLogFormat, "AccessLogSettings.DestinationArn",
                    ApiGwScope.V2StageEvidence(api, stage), ApiGwScope.V2StageType);
            }
        }

        private static RuleResult Judge(string region, string arn, string name, string where, string? destination, string? format, string member, Evidence evidence, string? type)
        {
            evidence.Add("DestinationArn", destination).Add("FormatSet", format != null);
            var result = destination != null
                ? RuleResult.Passed(region, arn, name, $"{where} writes access logs to {destination}.", evidence)
                : RuleResult.Failed(region, arn, name, $"{where} has no access log destination ({member} is not set), so requests to it leave no record. " +
                                                       "Expected an access log destination.", evidence);
            result.ResourceType = type;
            return result;
        }
    }
}
