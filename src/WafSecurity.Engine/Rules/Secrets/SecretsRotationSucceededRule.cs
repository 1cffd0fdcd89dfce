using System;
using System.Collections.Generic;
using System.Globalization;
using WafSecurity.Engine.Findings;

namespace WafSecurity.Engine.Rules.Secrets
{
    /// <summary>
    /// SEC3.Secrets.RotationSucceeded: a secret with automatic rotation did rotate on schedule. A rotation function that
    /// fails leaves RotationEnabled true while the value never changes, which SEC3.Secrets.RotationEnabled cannot see.
    /// </summary>
    public sealed class SecretsRotationSucceededRule : Rule
    {
        /// <summary>A scheduled rotation may run any time within its window (at most 24 hours), so "late" means a day past due.</summary>
        public static readonly TimeSpan Grace = TimeSpan.FromHours(24);

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC3.Secrets.RotationSucceeded",
            Question = WafSecurity.Question.Sec3,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = "AWS::SecretsManager::Secret",
            Title = "Secrets Manager secrets with automatic rotation rotate successfully",
            Description = "Evaluates only secrets with RotationEnabled true (the others are SEC3.Secrets.RotationEnabled's finding, " +
                          "not this rule's). Fails when the secret has no LastRotatedDate (rotation never succeeded), when its " +
                          "NextRotationDate is more than 24 hours before the audit time (a scheduled rotation did not complete), or " +
                          "when LastRotatedDate is older than the rotation interval plus 24 hours. Security Hub SecretsManager.2 / " +
                          "AWS Config secretsmanager-scheduled-rotation-success-check check the same.",
            Remediation = "Find why the rotation function fails (its CloudWatch Logs: permissions, network access to the database, " +
                          "an AWSPENDING version left by an earlier attempt), fix it, then rotate now: aws secretsmanager rotate-secret " +
                          "--secret-id <name>.",
            WellArchitected = new[] { "SEC02-BP05" },
            SecurityHubControl = "SecretsManager.2",
            ConfigRule = "secretsmanager-scheduled-rotation-success-check",
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var now = context.Now;
            foreach (var region in context.Regions)
            {
                if (!region.Secrets.IsOk) continue;
                foreach (var secret in region.Secrets.Value!)
                {
                    // Not rotating at all is SEC3.Secrets.RotationEnabled's finding; here there is nothing to have succeeded.
                    if (secret.RotationEnabled != true) continue;
                    var interval = SecretsRotationEnabledRule.IntervalDays(secret.RotationAutomaticallyAfterDays, secret.RotationScheduleExpression);
                    var evidence = new Evidence().Add("RotationEnabled", true)
                        .Add("AutomaticallyAfterDays", secret.RotationAutomaticallyAfterDays).Add("ScheduleExpression", secret.RotationScheduleExpression)
                        .Add("LastRotatedDate", Format(secret.LastRotatedDate)).Add("NextRotationDate", Format(secret.NextRotationDate))
                        .Add("AuditTime", Format(now));
                    var repair = $"Invoke-SECSecretRotation -SecretId '{secret.Name.Replace("'", "''")}' -Region {region.Region}";

                    if (!secret.LastRotatedDate.HasValue)
                    {
                        var result = RuleResult.Failed(region.Region, secret.Arn, secret.Name,
                            $"Secret {secret.Name} has rotation enabled but no LastRotatedDate: no rotation has ever succeeded" +
                            (secret.NextRotationDate.HasValue ? $" (NextRotationDate {Day(secret.NextRotationDate.Value)})" : "") +
                            "; expected a successful rotation.", evidence);
                        result.RepairCommand = repair;
                        yield return result;
                        continue;
                    }
                    var last = secret.LastRotatedDate.Value;
                    if (secret.NextRotationDate.HasValue && secret.NextRotationDate.Value + Grace < now)
                    {
                        var result = RuleResult.Failed(region.Region, secret.Arn, secret.Name,
                            $"Secret {secret.Name} was due to rotate on {Day(secret.NextRotationDate.Value)} (NextRotationDate), more than a day " +
                            $"before {Day(now)}, and last rotated on {Day(last)}: the scheduled rotation did not succeed.", evidence);
                        result.RepairCommand = repair;
                        yield return result;
                        continue;
                    }
                    if (interval.HasValue && last + TimeSpan.FromDays(interval.Value) + Grace < now)
                    {
                        var result = RuleResult.Failed(region.Region, secret.Arn, secret.Name,
                            $"Secret {secret.Name} last rotated on {Day(last)}, {Math.Floor((now - last).TotalDays)} days before {Day(now)}, " +
                            $"but its schedule rotates it every {Days(interval.Value)} days: the scheduled rotation did not succeed.", evidence);
                        result.RepairCommand = repair;
                        yield return result;
                        continue;
                    }
                    if (!secret.NextRotationDate.HasValue && !interval.HasValue)
                    {
                        yield return new RuleResult
                        {
                            Status = FindingStatus.Error, Region = region.Region, ResourceArn = secret.Arn, ResourceName = secret.Name, Evidence = evidence,
                            Reason = $"Could not evaluate whether the rotation of secret {secret.Name} succeeded: its secretsmanager ListSecrets entry " +
                                     $"has rotation enabled and LastRotatedDate {Day(last)} but neither NextRotationDate nor an interval in RotationRules " +
                                     $"({Schedule(secret.RotationAutomaticallyAfterDays, secret.RotationScheduleExpression)}), so when a rotation was due is " +
                                     "unknown (it needs the IAM action secretsmanager:ListSecrets).",
                        };
                        continue;
                    }
                    yield return RuleResult.Passed(region.Region, secret.Arn, secret.Name,
                        $"Secret {secret.Name} last rotated on {Day(last)}" +
                        (secret.NextRotationDate.HasValue ? $" and is next due on {Day(secret.NextRotationDate.Value)}" : "") +
                        (interval.HasValue ? $", within its {Days(interval.Value)}-day schedule." : "."), evidence);
                }
            }
        }

        internal static string Day(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        internal static string? Format(DateTimeOffset? value) => value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        private static string Days(double days) => days.ToString("0.##", CultureInfo.InvariantCulture);

        private static string Schedule(long? days, string? expression)
            => days.HasValue ? $"AutomaticallyAfterDays {days}" : expression != null ? $"ScheduleExpression {expression}" : "no schedule reported";
    }
}
