using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;

namespace WafSecurity.Engine.Rules.ApiGw
{
    /// <summary>
    /// SEC2.Logs.ApiGwDataTrace: no REST or WebSocket stage logs full request and response data (dataTraceEnabled), which
    /// puts bodies, headers and tokens into CloudWatch Logs.
    /// </summary>
    public sealed class LogsApiGwDataTraceRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Logs.ApiGwDataTrace",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = ApiGwScope.RestStageType,
            Title = "API Gateway stages do not log full request and response data",
            Description = "One finding per REST API stage and per WebSocket API stage. Fails when any methodSettings entry (REST: */* " +
                          "or a per-method override) or DefaultRouteSettings / RouteSettings entry (WebSocket) has dataTraceEnabled " +
                          "true: API Gateway then writes request and response bodies and headers, including credentials and personal " +
                          "data, to the execution log. HTTP APIs have no data trace and no finding. Only Checkov (CKV_AWS_276) checks this.",
            Remediation = "Turn data tracing off: Update-AGStage -RestApiId <id> -StageName <stage> -PatchOperation @{op='replace'; " +
                          "path='/*/*/logging/dataTrace'; value='false'} (and for each method override), or Update-AG2Stage -ApiId <id> " +
                          "-StageName <stage> -DefaultRouteSettings_DataTraceEnabled $false. Use it only briefly while debugging a " +
                          "non-production stage.",
            WellArchitected = new[] { "SEC07-BP02", "SEC04-BP01" },
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var item in ApiGwScope.RestStages(context, "data tracing"))
            {
                if (item.Error != null) { yield return item.Error; continue; }
                var api = item.Api; var stage = item.Stage!;
                var arn = ApiGwScope.RestStageArn(context.Partition, item.Region, api.Id, stage.StageName);
                var name = ApiGwScope.StageName(api, stage);
                var where = ApiGwScope.Where(api, stage);
                var tracing = stage.MethodSettings.Where(m => m.DataTraceEnabled == true).ToList();
                var evidence = ApiGwScope.RestStageEvidence(api, stage);
                if (tracing.Count == 0)
                {
                    yield return RuleResult.Passed(item.Region, arn, name, $"{where} has dataTraceEnabled off for every method setting.", evidence);
                    continue;
                }
                evidence.Add("DataTraceEnabled", tracing.Select(m => m.Key).ToArray());
                yield return new RuleResult
                {
                    Status = FindingStatus.Failed, Region = item.Region, ResourceArn = arn, ResourceName = name, Evidence = evidence,
                    Reason = $"{where} logs full request and response data (dataTraceEnabled true) for " +
                             string.Join(", ", tracing.Select(m => $"{m.Describe()} [methodSettings '{m.Key}']")) +
                             ". Expected dataTraceEnabled false: bodies and headers in logs expose tokens and personal data.",
                    RepairCommand = ApiGwScope.UpdateRestStage(item.Region, api, stage, tracing.Select(m => ("replace", m.PatchPath() + "/logging/dataTrace", (string?)"false"))),
                };
            }

            foreach (var item in ApiGwScope.V2Stages(context, "data tracing", ApiGwScope.IsWebSocket))
            {
                if (item.Error != null) { yield return item.Error; continue; }
                var api = item.Api; var stage = item.Stage!;
                var arn = ApiGwScope.V2StageArn(context.Partition, item.Region, api.ApiId, stage.StageName);
                var name = ApiGwScope.StageName(api, stage);
                var where = ApiGwScope.Where(api, stage);
                var settings = new[] { stage.DefaultRouteSettings }.Concat(stage.RouteSettings).Where(s => s != null && s.DataTraceEnabled == true).ToList();
                var evidence = ApiGwScope.V2StageEvidence(api, stage);
                if (settings.Count == 0)
                {
                    var passed = RuleResult.Passed(item.Region, arn, name, $"{where} has DataTraceEnabled off for its default and route settings.", evidence);
                    passed.ResourceType = ApiGwScope.V2StageType;
                    yield return passed;
                    continue;
                }
                evidence.Add("DataTraceEnabled", settings.Select(s => s!.Describe()).ToArray());
                yield return new RuleResult
                {
                    Status = FindingStatus.Failed, Region = item.Region, ResourceArn = arn, ResourceName = name, Evidence = evidence, ResourceType = ApiGwScope.V2StageType,
                    Reason = $"{where} logs full message data (DataTraceEnabled true) in {string.Join(", ", settings.Select(s => s!.Describe()))}. " +
                             "Expected DataTraceEnabled false: message bodies in logs expose tokens and personal data.",
                    RepairCommand = stage.DefaultRouteSettings?.DataTraceEnabled == true
                        ? $"Update-AG2Stage -ApiId {api.ApiId} -StageName {ApiGwScope.Quote(stage.StageName)} -Region {item.Region} -DefaultRouteSettings_DataTraceEnabled $false"
                        : null,
                };
            }
        }
    }
}
