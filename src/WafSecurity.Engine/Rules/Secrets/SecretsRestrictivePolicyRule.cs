using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.Secrets
{
    /// <summary>
    /// SEC3.Secrets.RestrictivePolicy (opt-in, strict profile): the secret's resource policy denies every Secrets Manager
    /// action to everyone except named IAM roles and users, and grants nothing public, cross-account or to an unscoped
    /// service. A simplified, exact form of Prowler's secretsmanager_has_restrictive_resource_policy (rule-catalog (b).6).
    /// </summary>
    public sealed class SecretsRestrictivePolicyRule : Rule
    {
        public const string TrustedAccountIdsParameter = "TrustedAccountIds";

        private static readonly string[] Actions = { "secretsmanager:*" };
        private static readonly Regex AccountIdPattern = new Regex("^[0-9]{12}$", RegexOptions.CultureInvariant);
        private static readonly Regex RoleOrUserArn = new Regex(@"^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/\S+$", RegexOptions.CultureInvariant);
        private static readonly string[] NegatedEquality = { "StringNotEquals", "ArnNotEquals", "StringNotLike", "ArnNotLike" };

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC3.Secrets.RestrictivePolicy",
            Question = WafSecurity.Question.Sec3,
            Severity = WafSecurity.Severity.Informational,
            ResourceType = "AWS::SecretsManager::Secret",
            Title = "Secrets Manager resource policies deny access by default (strict, opt-in)",
            Description = "Opt-in. Passes only when the secret's resource policy (1) has a Deny statement with Principal \"*\" " +
                          "(or {\"AWS\":\"*\"}), Action \"*\" or \"secretsmanager:*\", Resource \"*\" or a pattern matching the secret's " +
                          "ARN, no NotPrincipal/NotAction/NotResource, and exactly one condition: StringNotEquals or ArnNotEquals " +
                          "(IfExists allowed; StringNotLike/ArnNotLike only with values without wildcards) on aws:PrincipalArn, " +
                          "whose values are all IAM role or user ARNs without wildcards or policy variables; and (2) no Allow " +
                          "statement lets in a public principal, an account outside the audited account and TrustedAccountIds, or " +
                          "a service principal without a fixed aws:SourceArn/aws:SourceAccount. A secret without a resource policy " +
                          "fails. Unlike Prowler, no aws:PrincipalOrgID Deny and no per-principal NotAction Deny are required.",
            Remediation = "Add a deny-by-default statement naming the roles that need the secret (its rotation function's role too), " +
                          "e.g. {\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"secretsmanager:*\",\"Resource\":\"*\",\"Condition\":" +
                          "{\"StringNotEquals\":{\"aws:PrincipalArn\":[\"arn:aws:iam::<account>:role/<app-role>\"]}}}, and remove " +
                          "public or cross-account Allow statements: aws secretsmanager put-resource-policy --secret-id <name> " +
                          "--resource-policy file://policy.json --block-public-policy. Keep an administrator role in the list, or " +
                          "no one (root included) can change the policy again without support.",
            Parameters = new[]
            {
                new RuleParameter(TrustedAccountIdsParameter, Array.Empty<string>(), "Account ids (12 digits) Allow statements may grant besides the audited account."),
            },
            WellArchitected = new[] { "SEC03-BP02", "SEC03-BP07" },
            OptIn = true,
        };

        public override RuleDescriptor Descriptor => Info;

        public override void ValidateParameters(RuleParameterValues parameters)
        {
            var bad = parameters.GetStrings(TrustedAccountIdsParameter).FirstOrDefault(id => !AccountIdPattern.IsMatch(id.Trim()));
            if (bad != null)
                throw new ArgumentException($"Parameter {Info.Id}.{TrustedAccountIdsParameter} takes 12-digit AWS account ids; '{bad}' is not one.");
        }

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var trusted = context.Parameters.GetStrings(TrustedAccountIdsParameter).Select(a => a.Trim()).ToList();
            var options = new ResourceAccessOptions { Actions = Actions, CrossAccountAllowed = false, TrustedAccountIds = trusted };
            foreach (var region in context.Regions)
            {
                if (!region.Secrets.IsOk) continue;
                foreach (var secret in region.Secrets.Value!)
                {
                    var policy = secret.ResourcePolicy;
                    if (policy.State == FetchState.Absent)
                    {
                        yield return RuleResult.Failed(region.Region, secret.Arn, secret.Name,
                            $"Secret {secret.Name} has no resource policy, so nothing denies access to it by default; expected a Deny of " +
                            "secretsmanager:* to every principal except named roles (StringNotEquals aws:PrincipalArn).",
                            new Evidence().Add("ResourcePolicy", "(none)"));
                        continue;
                    }
                    if (!policy.IsOk)
                    {
                        yield return RuleResult.FromError(region.Region, secret.Arn, secret.Name, policy.Error!, "the secret's resource policy");
                        continue;
                    }
                    yield return Judge(region.Region, secret, policy.Value!.Document, context.AccountId, options, trusted);
                }
            }
        }

        private static RuleResult Judge(string region, Secret secret, PolicyDocument document, string accountId, ResourceAccessOptions options, List<string> trusted)
        {
            var problems = new List<string>();
            var evidence = new Evidence();

            var denies = document.Statements.Where(s => s.Effect == PolicyEffect.Deny).ToList();
            var verdicts = denies.Select(d => (Statement: d, Why: WhyNotLockdown(d, secret.Arn))).ToList();
            var lockdown = verdicts.FirstOrDefault(v => v.Why == null).Statement;
            if (lockdown != null)
            {
                var principals = lockdown.Conditions[0].Values.ToArray();
                evidence.Add("DenySid", lockdown.Sid ?? lockdown.Label).Add("ExceptedPrincipals", principals).Add("DenyStatementJson", lockdown.Json);
            }
            else
            {
                problems.Add("No Deny statement of the resource policy on secret " + secret.Name + " denies every Secrets Manager action to " +
                             "everyone except named roles or users" +
                             (verdicts.Count == 0 ? " (the policy has no Deny statement)." : " (" + string.Join("; ", verdicts.Select(v => $"{v.Statement.Label} {v.Why}")) + ")."));
                evidence.Add("DenyStatements", denies.Count);
            }

            var report = ResourceAccessAnalyzer.Analyze(document, accountId, secret.Arn, options);
            var open = report.Statements.SelectMany(s => s.Principals.Where(p => p.Classification != AccessClassification.Restricted).Select(p => (Statement: s, Principal: p))).ToList();
            foreach (var (statement, principal) in open)
                problems.Add($"{statement.Label} of the resource policy on secret {secret.Name} lets {Describe(principal.Classification)} '{principal.Value}' call {string.Join(", ", statement.Actions)} {principal.Reason}.");
            if (open.Count > 0)
                evidence.Add("OpenAllowStatements", open.Select(o => $"{o.Statement.Label}: {o.Principal.Value} ({o.Principal.Classification})").Distinct().ToArray());

            if (problems.Count == 0)
                return RuleResult.Passed(region, secret.Arn, secret.Name,
                    $"{lockdown!.Label} of the resource policy on secret {secret.Name} denies {string.Join(", ", lockdown.Actions)} to every principal except " +
                    $"{string.Join(", ", lockdown.Conditions[0].Values)}, and no Allow statement lets in a public, untrusted cross-account or unscoped service principal.",
                    evidence);
            return RuleResult.Failed(region, secret.Arn, secret.Name,
                string.Join(" ", problems) + (trusted.Count == 0 ? "" : $" Trusted accounts: {string.Join(", ", trusted)}."), evidence);
        }

        private static string Describe(AccessClassification classification)
        {
            switch (classification)
            {
                case AccessClassification.Public: return "public principal";
                case AccessClassification.ServiceUnscoped: return "unscoped service principal";
                default: return "cross-account principal";
            }
        }

        /// <summary>Null when the Deny is the deny-by-default statement this rule requires; otherwise why not, in words.</summary>
        internal static string? WhyNotLockdown(PolicyStatement deny, string secretArn)
        {
            if (deny.NotPrincipal != null) return "uses NotPrincipal";
            if (deny.Principal == null || !(deny.Principal.IsWildcardString || deny.Principal.Of("AWS").Any(v => v.Trim() == "*")))
                return "does not apply to Principal \"*\"";
            if (deny.HasNotAction) return "uses NotAction";
            if (!deny.Actions.Any(a => a.Trim() == "*" || a.Trim().Equals("secretsmanager:*", StringComparison.OrdinalIgnoreCase)))
                return $"denies only {string.Join(", ", deny.Actions)}, not secretsmanager:*";
            if (deny.HasNotResource) return "uses NotResource";
            if (!deny.Resources.Any(r => Wildcard.IsMatch(r.Trim(), secretArn, ignoreCase: false)))
                return "has no Resource matching the secret";
            if (deny.Conditions.Count == 0) return "has no condition, so it denies everyone (the secret is unusable)";
            if (deny.Conditions.Count > 1)
                return $"has {deny.Conditions.Count} conditions ({string.Join("; ", deny.Conditions)}), which narrow the Deny";
            var condition = deny.Conditions[0];
            if (!condition.KeyIs("aws:PrincipalArn")) return $"is conditioned on {condition.Key}, not aws:PrincipalArn";
            if (condition.SetOperator != ConditionSetOperator.None || !condition.OperatorIs(NegatedEquality))
                return $"uses {condition.Operator}, not StringNotEquals or ArnNotEquals";
            if (condition.Values.Count == 0) return "has no excepted principal";
            var loose = condition.Values.FirstOrDefault(v => Wildcard.HasWildcard(v) || Wildcard.HasPolicyVariable(v));
            if (loose != null) return $"excepts '{loose}', which has a wildcard or policy variable";
            var notRole = condition.Values.FirstOrDefault(v => !RoleOrUserArn.IsMatch(v.Trim()));
            if (notRole != null) return $"excepts '{notRole}', which is not an IAM role or user ARN";
            return null;
        }
    }
}
