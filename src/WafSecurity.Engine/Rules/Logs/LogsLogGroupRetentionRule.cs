using System;
using System.Collections.Generic;
using WafSecurity.Engine.Findings;

namespace WafSecurity.Engine.Rules.Logs
{
    /// <summary>SEC2.Logs.LogGroupRetention: the workload's log groups keep events for at least the minimum retention.</summary>
    public sealed class LogsLogGroupRetentionRule : Rule
    {
        public const string MinimumRetentionDaysParameter = "MinimumRetentionDays";

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Logs.LogGroupRetention",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Low,
            ResourceType = WorkloadLogGroups.ResourceType,
            Title = "Workload log groups keep events for the minimum retention",
            Description = "One finding per existing workload log group (the groups of SEC2.Logs.LogGroupKms). Fails when retentionInDays " +
                          "is below MinimumRetentionDays (default 365, Prowler's default), so evidence for an investigation expires too " +
                          "early. A group without retention (never expire) passes: for security nothing is lost (Prowler semantics); the " +
                          "reason says so because from a cost view it keeps growing.",
            Remediation = "aws logs put-retention-policy --log-group-name <name> --retention-in-days <days> --region <region>, " +
                          "with days one of the values CloudWatch Logs accepts (365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653).",
            Parameters = new[]
            {
                new RuleParameter(MinimumRetentionDaysParameter, 365, "The fewest days a workload log group must keep its events."),
            },
            WellArchitected = new[] { "SEC04-BP01" },
            // Security Hub CloudWatch.16 (cloudwatch-log-group-retention-period-check) checks the same with a default of 365 days.
            SecurityHubControl = "CloudWatch.16",
            ConfigRule = "cw-loggroup-retention-period-check",
        };

        /// <summary>The retention values CloudWatch Logs accepts (PutRetentionPolicy), for the repair command.</summary>
        private static readonly int[] AllowedDays = { 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 };

        public override RuleDescriptor Descriptor => Info;

        public override void ValidateParameters(RuleParameterValues parameters)
        {
            var days = parameters.GetInt(MinimumRetentionDaysParameter);
            if (days < 1) throw new ArgumentException($"Parameter {Info.Id}.{MinimumRetentionDaysParameter} must be 1 or more; {days} is not.");
        }

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var minimum = context.Parameters.GetInt(MinimumRetentionDaysParameter);
            foreach (var item in WorkloadLogGroups.Items(context, "the retention"))
            {
                if (item.Error != null) { yield return item.Error; continue; }
                var days = item.Group!.RetentionInDays;
                var evidence = WorkloadLogGroups.EvidenceOf(item).Add("RetentionInDays", days).Add(MinimumRetentionDaysParameter, minimum);
                if (days == null)
                {
                    yield return WorkloadLogGroups.Result(item, FindingStatus.Passed,
                        $"Log group {item.Name} ({item.Owners}) never expires its events (no retention set): nothing is lost for security, " +
                        "though storage keeps growing.", evidence);
                    continue;
                }
                if (days.Value >= minimum)
                {
                    yield return WorkloadLogGroups.Result(item, FindingStatus.Passed,
                        $"Log group {item.Name} ({item.Owners}) keeps events for {days.Value} days (minimum {minimum}).", evidence);
                    continue;
                }
                var result = WorkloadLogGroups.Result(item, FindingStatus.Failed,
                    $"Log group {item.Name} ({item.Owners}) keeps events for only {days.Value} days (retentionInDays), below the minimum of " +
                    $"{minimum}. Expected at least {minimum} days or no expiry.", evidence);
                result.RepairCommand = $"Write-CWLRetentionPolicy -LogGroupName {WorkloadLogGroups.Quote(item.Name)} " +
                                       $"-RetentionInDays {RetentionAtLeast(minimum)} -Region {item.Region.Region}";
                yield return result;
            }
        }

        private static int RetentionAtLeast(int minimum)
        {
            foreach (var days in AllowedDays) if (days >= minimum) return days;
            return AllowedDays[AllowedDays.Length - 1];
        }
    }
}
