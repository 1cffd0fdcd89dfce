using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.ApiGw
{
    /// <summary>
    /// SEC1.ApiGw.ThrottlingUsagePlan: REST stages limit request rates (stage or method throttling) so one caller cannot
    /// exhaust the account's API Gateway quota or run up backend cost. Usage plans are not collected: a stage without its own
    /// throttling fails with a reason saying so, it is never passed on the assumption that a plan covers it.
    /// </summary>
    public sealed class ApiGwThrottlingUsagePlanRule : Rule
    {
        /// <summary>The account-level defaults API Gateway copies into method settings (10,000 requests per second, burst 5,000).</summary>
        public const double AccountDefaultRate = 10000;
        public const long AccountDefaultBurst = 5000;

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC1.ApiGw.ThrottlingUsagePlan",
            Question = WafSecurity.Question.Sec1,
            Severity = WafSecurity.Severity.Low,
            ResourceType = ApiGwScope.RestStageType,
            Title = "API Gateway REST stages throttle requests",
            Description = "One finding per REST API stage. Passes when the stage-wide method settings (*/*) set a throttling rate " +
                          "limit and burst limit below the account defaults (10,000 requests per second, burst 5,000, which API " +
                          "Gateway writes into method settings when nothing else is set); otherwise fails, naming per-method " +
                          "overrides that do throttle. Usage plans (apigateway GetUsagePlans) are not collected, so a stage throttled " +
                          "only by a usage plan fails with a reason that says usage plans were not checked: suppress it with a reason " +
                          "in the settings file.",
            Remediation = "Set stage-wide limits that fit the workload: Update-AGStage -RestApiId <id> -StageName <stage> " +
                          "-PatchOperation @(@{op='replace'; path='/*/*/throttling/rateLimit'; value='<rps>'}, @{op='replace'; " +
                          "path='/*/*/throttling/burstLimit'; value='<burst>'}), and give API-key callers a usage plan " +
                          "(New-AGUsagePlan -Throttle_RateLimit ... -ApiStage ...).",
            WellArchitected = new[] { "SEC05-BP02" },
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var item in ApiGwScope.RestStages(context, "throttling"))
            {
                if (item.Error != null) { yield return item.Error; continue; }
                var api = item.Api; var stage = item.Stage!;
                var arn = ApiGwScope.RestStageArn(context.Partition, item.Region, api.Id, stage.StageName);
                var name = ApiGwScope.StageName(api, stage);
                var where = ApiGwScope.Where(api, stage);
                var all = stage.MethodSettings.FirstOrDefault(m => m.IsStageDefault);
                var evidence = ApiGwScope.RestStageEvidence(api, stage).Add("ThrottlingRateLimit", all?.ThrottlingRateLimit).Add("ThrottlingBurstLimit", all?.ThrottlingBurstLimit)
                    .Add("UsagePlansChecked", false);
                if (all != null && Throttles(all))
                {
                    yield return RuleResult.Passed(item.Region, arn, name,
                        $"{where} throttles every method to {Format(all.ThrottlingRateLimit)} requests per second (burst {all.ThrottlingBurstLimit}).", evidence);
                    continue;
                }
                var overrides = stage.MethodSettings.Where(m => !m.IsStageDefault && Throttles(m)).ToList();
                if (overrides.Count > 0) evidence.Add("ThrottledOverrides", overrides.Select(m => m.Key).ToArray());
                var what = all == null ? "has no stage-wide method settings (*/*), so no stage throttling"
                    : all.ThrottlingRateLimit == null || all.ThrottlingRateLimit <= 0 ? "has no stage-wide throttling rate limit (*/*)"
                    : $"throttles every method (*/*) only at the account defaults ({Format(all.ThrottlingRateLimit)} requests per second, burst {all.ThrottlingBurstLimit})";
                yield return RuleResult.Failed(item.Region, arn, name,
                    $"{where} {what}" +
                    (overrides.Count > 0 ? $"; only {string.Join(", ", overrides.Select(m => m.Describe()))} {(overrides.Count == 1 ? "is" : "are")} throttled" : "") +
                    ". Usage plans were not checked (the snapshot holds no apigateway GetUsagePlans), so a usage plan may still limit " +
                    "API-key callers. Expected a stage-wide rate and burst limit.", evidence);
            }
        }

        /// <summary>A rate limit that is set, positive and not the account default pair.</summary>
        internal static bool Throttles(MethodSetting setting)
            => setting.ThrottlingRateLimit is double rate && rate > 0
               && !(Math.Abs(rate - AccountDefaultRate) < 0.001 && (setting.ThrottlingBurstLimit == null || setting.ThrottlingBurstLimit == AccountDefaultBurst))
               && !(setting.ThrottlingBurstLimit is long burst && burst <= 0);

        private static string Format(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "none";
    }
}
