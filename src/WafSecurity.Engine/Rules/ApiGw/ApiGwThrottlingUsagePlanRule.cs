using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.ApiGw
{
    /// <summary>
    /// SEC1.ApiGw.ThrottlingUsagePlan: REST stages limit request rates (stage throttling, or a usage plan with a throttle) so
    /// one caller cannot exhaust the account's API Gateway quota or run up backend cost. Where usage plans were not read, a
    /// stage without its own throttling fails with a reason saying so: it is never passed on the assumption that a plan covers it.
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
                          "overrides that do throttle. A stage without stage-wide throttling also passes when a usage plan " +
                          "(apigateway GetUsagePlans) covers it and sets a throttle, plan-wide or for every method of the stage in the " +
                          "plan (a usage plan limits callers by API key). Where usage plans could not be read or were not collected, the " +
                          "reason of a failure says that usage plans were not checked.",
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
                var plans = context.Regions.First(r => r.Region == item.Region).UsagePlans;
                var evidence = ApiGwScope.RestStageEvidence(api, stage).Add("ThrottlingRateLimit", all?.ThrottlingRateLimit).Add("ThrottlingBurstLimit", all?.ThrottlingBurstLimit)
                    .Add("UsagePlansChecked", plans.IsOk);
                if (all != null && Throttles(all))
                {
                    yield return RuleResult.Passed(item.Region, arn, name,
                        $"{where} throttles every method to {Format(all.ThrottlingRateLimit)} requests per second (burst {all.ThrottlingBurstLimit}).", evidence);
                    continue;
                }
                var covering = plans.IsOk ? plans.Value!.Where(p => p.ApiStages.Any(s => s.ApiId == api.Id && s.Stage == stage.StageName))
                    .OrderBy(p => p.Name, StringComparer.Ordinal).ToList() : new List<UsagePlan>();
                if (covering.Count > 0) evidence.Add("UsagePlans", covering.Select(p => $"{p.Name} ({p.Id})").ToArray());
                var throttlingPlan = covering.FirstOrDefault(p => PlanThrottles(p, api.Id, stage.StageName));
                if (throttlingPlan != null)
                {
                    yield return RuleResult.Passed(item.Region, arn, name,
                        $"{where} is in usage plan {throttlingPlan.Name} ({throttlingPlan.Id}), which throttles it " +
                        $"{DescribePlanThrottle(throttlingPlan, api.Id, stage.StageName)} (a usage plan limits callers by API key).", evidence);
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
                    UsagePlanNote(plans, covering) + " Expected a stage-wide rate and burst limit, or a usage plan that throttles the stage.", evidence);
            }
        }

        /// <summary>A rate limit that is set, positive and not the account default pair.</summary>
        internal static bool Throttles(MethodSetting setting)
            => setting.ThrottlingRateLimit is double rate && rate > 0
               && !(Math.Abs(rate - AccountDefaultRate) < 0.001 && (setting.ThrottlingBurstLimit == null || setting.ThrottlingBurstLimit == AccountDefaultBurst))
               && !(setting.ThrottlingBurstLimit is long burst && burst <= 0);

        /// <summary>What the failure says about usage plans: none covers the stage, the covering ones set no throttle, or they were not read.</summary>
        private static string UsagePlanNote(Fetched<IReadOnlyList<UsagePlan>> plans, List<UsagePlan> covering)
        {
            if (plans.State == FetchState.NotCollected)
                return ". Usage plans were not checked (the snapshot holds no apigateway GetUsagePlans), so a usage plan may still limit API-key callers.";
            if (!plans.IsOk)
                return $". Usage plans were not checked ({plans.Error?.Describe() ?? "apigateway GetUsagePlans has no answer"}), so a usage plan may still limit API-key callers.";
            if (covering.Count == 0) return "; no usage plan covers the stage.";
            return $"; usage plan{(covering.Count == 1 ? "" : "s")} {string.Join(", ", covering.Select(p => $"{p.Name} ({p.Id})"))} " +
                   $"cover{(covering.Count == 1 ? "s" : "")} the stage but set{(covering.Count == 1 ? "s" : "")} no throttle for all of its methods.";
        }

        /// <summary>The plan sets a positive plan-wide rate limit, or a per-method limit for every method ("/*/*") of the stage.</summary>
        internal static bool PlanThrottles(UsagePlan plan, string apiId, string stageName)
        {
            if (plan.RateLimit is double rate && rate > 0 && !(plan.BurstLimit is long burst && burst <= 0)) return true;
            return EveryMethodThrottle(plan, apiId, stageName) is UsagePlanThrottle all && all.RateLimit is double r && r > 0;
        }

        private static UsagePlanThrottle? EveryMethodThrottle(UsagePlan plan, string apiId, string stageName)
        {
            var stage = plan.ApiStages.FirstOrDefault(s => s.ApiId == apiId && s.Stage == stageName);
            if (stage == null) return null;
            return stage.MethodThrottles.TryGetValue("/*/*", out var all) || stage.MethodThrottles.TryGetValue("*/*", out all) ? all : null;
        }

        private static string DescribePlanThrottle(UsagePlan plan, string apiId, string stageName)
        {
            if (plan.RateLimit is double rate && rate > 0)
                return $"to {Format(rate)} requests per second (burst {plan.BurstLimit?.ToString(CultureInfo.InvariantCulture) ?? "none"})";
            var all = EveryMethodThrottle(plan, apiId, stageName)!;
            return $"to {Format(all.RateLimit)} requests per second (burst {all.BurstLimit?.ToString(CultureInfo.InvariantCulture) ?? "none"}) for every method";
        }

        private static string Format(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "none";
    }
}
