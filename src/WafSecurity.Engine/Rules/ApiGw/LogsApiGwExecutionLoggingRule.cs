using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.ApiGw
{
    /// <summary>
    /// SEC2.Logs.ApiGwExecutionLogging: REST and WebSocket stages write execution logs at ERROR or INFO, for every method
    /// (Security Hub APIGateway.1). HTTP APIs have no execution logging and are not judged.
    /// </summary>
    public sealed class LogsApiGwExecutionLoggingRule : Rule
    {
        private static readonly string[] Levels = { "ERROR", "INFO" };

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Logs.ApiGwExecutionLogging",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = ApiGwScope.RestStageType,
            Title = "API Gateway REST and WebSocket stages have execution logging enabled",
            Description = "One finding per REST API stage and per WebSocket API stage. A REST stage passes when its methodSettings " +
                          "entry */* (every method) has loggingLevel in LoggingLevel and no per-method override turns it to another " +
                          "level; a WebSocket stage passes when DefaultRouteSettings.LoggingLevel is in LoggingLevel and no route " +
                          "override lowers it. A stage without any method settings logs nothing. HTTP APIs do not support " +
                          "execution logging and have no finding (judge their access logs with SEC2.Logs.ApiGwAccessLogging). " +
                          "Same as Security Hub APIGateway.1 / AWS Config api-gw-execution-logging-enabled.",
            Remediation = "Set the account's CloudWatch Logs role once (Update-AGAccount -PatchOperation @{op='replace'; " +
                          "path='/cloudwatchRoleArn'; value='<role arn>'}), then set the stage's logging level: " +
                          "Update-AGStage -RestApiId <id> -StageName <stage> -PatchOperation @{op='replace'; path='/*/*/logging/loglevel'; " +
                          "value='ERROR'} (REST) or Update-AG2Stage -ApiId <id> -StageName <stage> -DefaultRouteSettings_LoggingLevel ERROR " +
                          "(WebSocket). Keep dataTraceEnabled off (SEC2.Logs.ApiGwDataTrace).",
            Parameters = new[]
            {
                new RuleParameter("LoggingLevel", new[] { "ERROR", "INFO" }, "Logging levels that pass (ERROR, INFO), as Security Hub's loggingLevel parameter."),
            },
            WellArchitected = new[] { "SEC04-BP01" },
            SecurityHubControl = "APIGateway.1",
            ConfigRule = "api-gw-execution-logging-enabled",
        };

        public override RuleDescriptor Descriptor => Info;

        public override void ValidateParameters(RuleParameterValues parameters) => Allowed(parameters);

        private static List<string> Allowed(RuleParameterValues parameters)
        {
            var allowed = parameters.GetStrings("LoggingLevel").Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Trim().ToUpperInvariant()).Distinct().ToList();
            if (allowed.Count == 0) throw new ArgumentException($"Parameter {Info.Id}.LoggingLevel needs at least one of ERROR, INFO.");
            var bad = allowed.FirstOrDefault(l => !Levels.Contains(l));
            if (bad != null) throw new ArgumentException($"Parameter {Info.Id}.LoggingLevel takes ERROR and/or INFO; '{bad}' is not one.");
            return allowed;
        }

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var allowed = Allowed(context.Parameters);
            var expected = string.Join(" or ", allowed);
            var repairLevel = allowed.Contains("ERROR") ? "ERROR" : allowed[0];

            foreach (var item in ApiGwScope.RestStages(context, "execution logging"))
            {
                if (item.Error != null) { yield return item.Error; continue; }
                var api = item.Api; var stage = item.Stage!;
                var arn = ApiGwScope.RestStageArn(context.Partition, item.Region, api.Id, stage.StageName);
                var name = ApiGwScope.StageName(api, stage);
                var where = ApiGwScope.Where(api, stage);
                var all = stage.MethodSettings.FirstOrDefault(m => m.IsStageDefault);
                var evidence = ApiGwScope.RestStageEvidence(api, stage).Add("StageLoggingLevel", all?.LoggingLevel ?? "(none)")
                    .Add("AllowedLevels", allowed.ToArray());
                var problems = new List<string>();
                var repairs = new List<(string, string, string?)>();
                if (all == null || !IsAllowed(all.LoggingLevel, allowed))
                {
                    problems.Add(all == null
                        ? "has no stage-wide method settings (*/*), so execution logging is off"
                        : $"logs every method (*/*) at loggingLevel {all.LoggingLevel ?? "OFF"}");
                    repairs.Add(("replace", "/*/*/logging/loglevel", repairLevel));
                }
                foreach (var setting in stage.MethodSettings.Where(m => !m.IsStageDefault && !IsAllowed(m.LoggingLevel, allowed)))
                {
                    problems.Add($"overrides {setting.Describe()} with loggingLevel {setting.LoggingLevel ?? "OFF"}");
                    repairs.Add(("replace", setting.PatchPath() + "/logging/loglevel", repairLevel));
                }
                if (problems.Count == 0)
                {
                    yield return RuleResult.Passed(item.Region, arn, name,
                        $"{where} writes execution logs at loggingLevel {all!.LoggingLevel} for every method" +
                        (stage.MethodSettings.Count > 1 ? $" and its {ApiGwScope.Plural(stage.MethodSettings.Count - 1, "method override")} keep an allowed level." : "."), evidence);
                    continue;
                }
                evidence.Add("Offending", problems.ToArray());
                yield return new RuleResult
                {
                    Status = FindingStatus.Failed, Region = item.Region, ResourceArn = arn, ResourceName = name, Evidence = evidence,
                    Reason = $"{where} {string.Join("; ", problems)}. Expected loggingLevel {expected} for every method.",
                    RepairCommand = ApiGwScope.UpdateRestStage(item.Region, api, stage, repairs),
                };
            }

            foreach (var item in ApiGwScope.V2Stages(context, "execution logging", ApiGwScope.IsWebSocket))
            {
                if (item.Error != null) { yield return item.Error; continue; }
                var api = item.Api; var stage = item.Stage!;
                var arn = ApiGwScope.V2StageArn(context.Partition, item.Region, api.ApiId, stage.StageName);
                var name = ApiGwScope.StageName(api, stage);
                var where = ApiGwScope.Where(api, stage);
                var level = stage.DefaultRouteSettings?.LoggingLevel;
                var evidence = ApiGwScope.V2StageEvidence(api, stage).Add("DefaultLoggingLevel", level ?? "(none)").Add("AllowedLevels", allowed.ToArray());
                var problems = new List<string>();
                if (!IsAllowed(level, allowed))
                    problems.Add($"has DefaultRouteSettings.LoggingLevel {level ?? "OFF (not set)"}");
                // A route override without a LoggingLevel inherits the default.
                foreach (var route in stage.RouteSettings.Where(r => r.LoggingLevel != null && !IsAllowed(r.LoggingLevel, allowed)))
                    problems.Add($"overrides route {route.RouteKey} with LoggingLevel {route.LoggingLevel}");
                if (problems.Count == 0)
                {
                    yield return new RuleResult
                    {
                        Status = FindingStatus.Passed, Region = item.Region, ResourceArn = arn, ResourceName = name, Evidence = evidence, ResourceType = ApiGwScope.V2StageType,
                        Reason = $"{where} writes execution logs at LoggingLevel {level} for every route.",
                    };
                    continue;
                }
                evidence.Add("Offending", problems.ToArray());
                yield return new RuleResult
                {
                    Status = FindingStatus.Failed, Region = item.Region, ResourceArn = arn, ResourceName = name, Evidence = evidence, ResourceType = ApiGwScope.V2StageType,
                    Reason = $"{where} {string.Join("; ", problems)}. Expected LoggingLevel {expected} for every route.",
                    // Route overrides are fixed in the console or with Update-AG2Stage -RouteSetting; the default covers the rest.
                    RepairCommand = IsAllowed(level, allowed) ? null : $"Update-AG2Stage -ApiId {api.ApiId} -StageName {ApiGwScope.Quote(stage.StageName)} -Region {item.Region} -DefaultRouteSettings_LoggingLevel {repairLevel}",
                };
            }
        }

        private static bool IsAllowed(string? level, IReadOnlyList<string> allowed)
            => level != null && allowed.Contains(level.Trim().ToUpperInvariant());
    }
}
