using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using WafSecurity.Engine.Findings;

namespace WafSecurity.Engine.Rules.Secrets
{
    /// <summary>
    /// SEC3.Secrets.RotationEnabled: Secrets Manager rotates the secret automatically, so a leaked value stops working
    /// on its own; optionally at least every MaxRotationIntervalDays.
    /// </summary>
    public sealed class SecretsRotationEnabledRule : Rule
    {
        private static readonly Regex RateExpression = new Regex(@"^\s*rate\(\s*(\d+)\s+(day|days|hour|hours)\s*\)\s*$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC3.Secrets.RotationEnabled",
            Question = WafSecurity.Question.Sec3,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = "AWS::SecretsManager::Secret",
            WellArchitected = new[] { "SEC02-BP05" },
            SecurityHubControl = "SecretsManager.1",
            ConfigRule = "secretsmanager-rotation-enabled-check",
            Title = "Secrets Manager secrets rotate automatically",
            Description = "A secret without automatic rotation keeps working for whoever obtained it, for as long as it exists. " +
                          "Fails when RotationEnabled is not true (ListSecrets omits it for secrets that never had rotation). " +
                          "With MaxRotationIntervalDays > 0 it also fails when the rotation interval (RotationRules." +
                          "AutomaticallyAfterDays, or a rate() ScheduleExpression) is longer. Same as Security Hub " +
                          "SecretsManager.1 / AWS Config secretsmanager-rotation-enabled-check (maximumAllowedRotationFrequency).",
            Remediation = "Turn on rotation with a rotation function: aws secretsmanager rotate-secret --secret-id <name> " +
                          "--rotation-lambda-arn <function arn> --rotation-rules AutomaticallyAfterDays=30.",
            Parameters = new[]
            {
                new RuleParameter("MaxRotationIntervalDays", 0, "Longest allowed rotation interval in days (1-365); 0: the interval is not checked."),
            },
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var maxDays = context.Parameters.GetInt("MaxRotationIntervalDays");
            foreach (var region in context.Regions)
            {
                if (!region.Secrets.IsOk) continue;
                foreach (var secret in region.Secrets.Value!)
                {
                    var evidence = new Evidence().Add("RotationEnabled", secret.RotationEnabled)
                        .Add("AutomaticallyAfterDays", secret.RotationAutomaticallyAfterDays).Add("ScheduleExpression", secret.RotationScheduleExpression)
                        .Add("LastRotatedDate", secret.LastRotatedDate?.ToString("o", CultureInfo.InvariantCulture));
                    if (secret.RotationEnabled != true)
                    {
                        yield return RuleResult.Failed(region.Region, secret.Arn, secret.Name,
                            $"Secret {secret.Name} has automatic rotation {(secret.RotationEnabled == false ? "disabled (RotationEnabled false)" : "off (RotationEnabled not reported)")}; " +
                            "expected RotationEnabled true.", evidence);
                        continue;
                    }
                    if (maxDays <= 0)
                    {
                        yield return RuleResult.Passed(region.Region, secret.Arn, secret.Name,
                            $"Secret {secret.Name} rotates automatically ({Schedule(secret.RotationAutomaticallyAfterDays, secret.RotationScheduleExpression)}).", evidence);
                        continue;
                    }
                    evidence.Add("MaxRotationIntervalDays", maxDays);
                    var interval = IntervalDays(secret.RotationAutomaticallyAfterDays, secret.RotationScheduleExpression);
                    if (interval == null)
                    {
                        yield return new RuleResult
                        {
                            Status = FindingStatus.Error, Region = region.Region, ResourceArn = secret.Arn, ResourceName = secret.Name, Evidence = evidence,
                            Reason = $"Could not evaluate the rotation interval of secret {secret.Name} against MaxRotationIntervalDays {maxDays}: " +
                                     $"rotation is on but its schedule ({Schedule(secret.RotationAutomaticallyAfterDays, secret.RotationScheduleExpression)}) " +
                                     "gives no interval in days (a cron() schedule is not compared).",
                        };
                        continue;
                    }
                    if (interval.Value > maxDays)
                    {
                        var result = RuleResult.Failed(region.Region, secret.Arn, secret.Name,
                            $"Secret {secret.Name} rotates every {Days(interval.Value)} days, longer than MaxRotationIntervalDays {maxDays}.", evidence);
                        // Keeps the existing rotation function; does not rotate now, only changes the schedule.
                        result.RepairCommand = $"Invoke-SECSecretRotation -SecretId '{secret.Name}' -Region {region.Region} " +
                                               $"-RotationRules_AutomaticallyAfterDay {maxDays} -RotateImmediately $false";
                        yield return result;
                    }
                    else
                    {
                        yield return RuleResult.Passed(region.Region, secret.Arn, secret.Name,
                            $"Secret {secret.Name} rotates every {Days(interval.Value)} days, within MaxRotationIntervalDays {maxDays}.", evidence);
                    }
                }
            }
        }

        /// <summary>The rotation interval in days: AutomaticallyAfterDays, else a rate() expression; null for cron() or nothing.</summary>
        public static double? IntervalDays(long? automaticallyAfterDays, string? scheduleExpression)
        {
            if (automaticallyAfterDays.HasValue && automaticallyAfterDays.Value > 0) return automaticallyAfterDays.Value;
            if (string.IsNullOrEmpty(scheduleExpression)) return null;
            var rate = RateExpression.Match(scheduleExpression);
            if (!rate.Success) return null;
            var amount = double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture);
            return rate.Groups[2].Value.StartsWith("hour", StringComparison.OrdinalIgnoreCase) ? amount / 24.0 : amount;
        }

        private static string Days(double days) => days.ToString("0.##", CultureInfo.InvariantCulture);

        private static string Schedule(long? days, string? expression)
            => days.HasValue ? $"AutomaticallyAfterDays {days}" : expression != null ? $"ScheduleExpression {expression}" : "no schedule reported";
    }
}
