using System;
using System.Collections.Generic;
using WafSecurity.Engine.Findings;

namespace WafSecurity.Engine.Rules.Secrets
{
    /// <summary>SEC3.Secrets.RotatedWithinDays: the secret's value was rotated within the last MaxDaysSinceRotation days.</summary>
    public sealed class SecretsRotatedWithinDaysRule : Rule
    {
        public const string MaxDaysParameter = "MaxDaysSinceRotation";

        /// <summary>Clock skew tolerated before a LastRotatedDate after the audit time makes the age unknowable.</summary>
        private static readonly TimeSpan Skew = TimeSpan.FromDays(1);

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC3.Secrets.RotatedWithinDays",
            Question = WafSecurity.Question.Sec3,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = "AWS::SecretsManager::Secret",
            Title = "Secrets Manager secrets were rotated recently (MaxDaysSinceRotation, default 90 days)",
            Description = "Fails when the secret's LastRotatedDate is more than MaxDaysSinceRotation days (default 90) before the audit " +
                          "time (the snapshot's CapturedAt, or now when reading the account live), or when the secret was never " +
                          "rotated (no LastRotatedDate), whether or not rotation is enabled. Security Hub SecretsManager.4 / AWS " +
                          "Config secretsmanager-secret-periodic-rotation (maxDaysSinceRotation 90) and Prowler " +
                          "secretsmanager_secret_rotated_periodically check the same.",
            Remediation = "Turn on automatic rotation with an interval shorter than the limit (aws secretsmanager rotate-secret " +
                          "--secret-id <name> --rotation-lambda-arn <function arn> --rotation-rules AutomaticallyAfterDays=30), or " +
                          "rotate now when rotation is configured (aws secretsmanager rotate-secret --secret-id <name>).",
            Parameters = new[]
            {
                new RuleParameter(MaxDaysParameter, 90, "Longest allowed time since the last rotation, in days (1 or more)."),
            },
            WellArchitected = new[] { "SEC02-BP05" },
            SecurityHubControl = "SecretsManager.4",
            ConfigRule = "secretsmanager-secret-periodic-rotation",
        };

        public override RuleDescriptor Descriptor => Info;

        public override void ValidateParameters(RuleParameterValues parameters)
        {
            var days = parameters.GetInt(MaxDaysParameter);
            if (days < 1) throw new ArgumentException($"Parameter {Info.Id}.{MaxDaysParameter} must be 1 or more; {days} is not.");
        }

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var max = context.Parameters.GetInt(MaxDaysParameter);
            var now = context.Now;
            foreach (var region in context.Regions)
            {
                if (!region.Secrets.IsOk) continue;
                foreach (var secret in region.Secrets.Value!)
                {
                    var evidence = new Evidence().Add("LastRotatedDate", SecretsRotationSucceededRule.Format(secret.LastRotatedDate))
                        .Add("CreatedDate", SecretsRotationSucceededRule.Format(secret.CreatedDate))
                        .Add("RotationEnabled", secret.RotationEnabled).Add("AuditTime", SecretsRotationSucceededRule.Format(now))
                        .Add(MaxDaysParameter, max);
                    // Only a configured rotation can be started without choosing a rotation function.
                    var repair = secret.RotationEnabled == true ? $"Invoke-SECSecretRotation -SecretId '{secret.Name.Replace("'", "''")}' -Region {region.Region}" : null;
                    if (!secret.LastRotatedDate.HasValue)
                    {
                        var result = RuleResult.Failed(region.Region, secret.Arn, secret.Name,
                            $"Secret {secret.Name} was never rotated (no LastRotatedDate" +
                            (secret.CreatedDate.HasValue ? $"; created on {SecretsRotationSucceededRule.Day(secret.CreatedDate.Value)}" : "") +
                            $"); expected a rotation within {MaxDaysParameter} {max}.", evidence);
                        result.RepairCommand = repair;
                        yield return result;
                        continue;
                    }
                    var last = secret.LastRotatedDate.Value;
                    if (last > now + Skew)
                    {
                        yield return new RuleResult
                        {
                            Status = FindingStatus.Error, Region = region.Region, ResourceArn = secret.Arn, ResourceName = secret.Name, Evidence = evidence,
                            Reason = $"Could not evaluate the rotation age of secret {secret.Name}: its LastRotatedDate {SecretsRotationSucceededRule.Format(last)} " +
                                     $"is after the audit time {SecretsRotationSucceededRule.Format(now)} (a snapshot whose CapturedAt is wrong, or a skewed clock).",
                        };
                        continue;
                    }
                    var age = Math.Max(0, Math.Floor((now - last).TotalDays));
                    evidence.Add("DaysSinceRotation", age);
                    if (age > max)
                    {
                        var result = RuleResult.Failed(region.Region, secret.Arn, secret.Name,
                            $"Secret {secret.Name} was last rotated on {SecretsRotationSucceededRule.Day(last)}, {age} days before " +
                            $"{SecretsRotationSucceededRule.Day(now)}; expected at most {MaxDaysParameter} {max}.", evidence);
                        result.RepairCommand = repair;
                        yield return result;
                    }
                    else
                    {
                        yield return RuleResult.Passed(region.Region, secret.Arn, secret.Name,
                            $"Secret {secret.Name} was last rotated on {SecretsRotationSucceededRule.Day(last)}, {age} days ago, within {MaxDaysParameter} {max}.",
                            evidence);
                    }
                }
            }
        }
    }
}
