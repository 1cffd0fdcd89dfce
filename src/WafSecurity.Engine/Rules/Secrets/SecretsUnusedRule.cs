using System;
using System.Collections.Generic;
using System.Globalization;
using WafSecurity.Engine.Findings;

namespace WafSecurity.Engine.Rules.Secrets
{
    /// <summary>
    /// SEC3.Secrets.Unused: a secret nobody reads is attack surface with no purpose; delete it. New secrets that were
    /// never read yet are given UnusedForDays from their creation before they count as unused.
    /// </summary>
    public sealed class SecretsUnusedRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC3.Secrets.Unused",
            Question = WafSecurity.Question.Sec3,
            Severity = WafSecurity.Severity.Low,
            ResourceType = "AWS::SecretsManager::Secret",
            WellArchitected = new[] { "SEC02-BP05", "SEC03-BP04" },
            SecurityHubControl = "SecretsManager.3",
            ConfigRule = "secretsmanager-secret-unused",
            Title = "Secrets Manager secrets are in use",
            Description = "Fails when the secret was last accessed more than UnusedForDays days before the snapshot was taken " +
                          "(account.json CapturedAt, else now). A secret never accessed fails only when it was created more than " +
                          "UnusedForDays days before; a never-accessed secret without CreatedDate is an Error. LastAccessedDate " +
                          "is rounded down to the day by Secrets Manager.",
            Remediation = "Confirm nothing uses the secret (CloudTrail GetSecretValue events), then delete it with a recovery " +
                          "window: aws secretsmanager delete-secret --secret-id <name> --recovery-window-in-days 30.",
            Parameters = new[]
            {
                new RuleParameter("UnusedForDays", 90, "Days without access after which a secret counts as unused."),
            },
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var days = context.Parameters.GetInt("UnusedForDays");
            var now = context.Now;
            foreach (var region in context.Regions)
            {
                if (!region.Secrets.IsOk) continue;
                foreach (var secret in region.Secrets.Value!)
                {
                    var evidence = new Evidence().Add("LastAccessedDate", Format(secret.LastAccessedDate)).Add("CreatedDate", Format(secret.CreatedDate))
                        .Add("MeasuredAt", Format(now)).Add("UnusedForDays", days);
                    var repair = $"Remove-SECSecret -SecretId '{secret.Name}' -Region {region.Region} -RecoveryWindowInDays 30";

                    if (secret.LastAccessedDate.HasValue)
                    {
                        var idle = (now - secret.LastAccessedDate.Value).TotalDays;
                        evidence.Add("DaysSinceLastAccess", Math.Floor(idle));
                        if (idle > days)
                        {
                            var result = RuleResult.Failed(region.Region, secret.Arn, secret.Name,
                                $"Secret {secret.Name} was last accessed on {Day(secret.LastAccessedDate.Value)}, {Math.Floor(idle)} days " +
                                $"before {Day(now)}; expected access within UnusedForDays {days}.", evidence);
                            result.RepairCommand = repair;
                            yield return result;
                        }
                        else
                        {
                            yield return RuleResult.Passed(region.Region, secret.Arn, secret.Name,
                                $"Secret {secret.Name} was last accessed on {Day(secret.LastAccessedDate.Value)}, within UnusedForDays {days}.", evidence);
                        }
                        continue;
                    }

                    if (!secret.CreatedDate.HasValue)
                    {
                        yield return new RuleResult
                        {
                            Status = FindingStatus.Error, Region = region.Region, ResourceArn = secret.Arn, ResourceName = secret.Name, Evidence = evidence,
                            Reason = $"Could not evaluate whether secret {secret.Name} is unused: it was never accessed and ListSecrets " +
                                     "reports no CreatedDate, so its age is unknown.",
                        };
                        continue;
                    }

                    var age = (now - secret.CreatedDate.Value).TotalDays;
                    evidence.Add("DaysSinceCreation", Math.Floor(age));
                    if (age > days)
                    {
                        var result = RuleResult.Failed(region.Region, secret.Arn, secret.Name,
                            $"Secret {secret.Name} was never accessed since it was created on {Day(secret.CreatedDate.Value)}, " +
                            $"{Math.Floor(age)} days before {Day(now)}; expected access within UnusedForDays {days}.", evidence);
                        result.RepairCommand = repair;
                        yield return result;
                    }
                    else
                    {
                        yield return RuleResult.Passed(region.Region, secret.Arn, secret.Name,
                            $"Secret {secret.Name} was never accessed but was created on {Day(secret.CreatedDate.Value)}, " +
                            $"within UnusedForDays {days}.", evidence);
                    }
                }
            }
        }

        private static string Day(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static string? Format(DateTimeOffset? value) => value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
