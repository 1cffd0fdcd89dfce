using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.Secrets
{
    /// <summary>SEC3.Secrets.PublicPolicy: no secret's resource policy lets anyone read or manage it.</summary>
    public sealed class SecretsPublicPolicyRule : Rule
    {
        /// <summary>Any Secrets Manager action granted publicly counts: reading, writing and re-policying a secret are all exposure.</summary>
        private static readonly string[] Actions = { "secretsmanager:*" };

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC3.Secrets.PublicPolicy",
            Question = WafSecurity.Question.Sec3,
            Severity = WafSecurity.Severity.Critical,
            ResourceType = "AWS::SecretsManager::Secret",
            WellArchitected = new[] { "SEC03-BP07" },
            Title = "Secrets Manager resource policies do not make secrets public",
            Description = "Fails when an Allow statement of the secret's resource policy has a public principal (\"*\", {\"AWS\":\"*\"}, " +
                          "arn:aws:iam::*:root, a wildcard, or NotPrincipal) for a Secrets Manager action, with no restricting condition " +
                          "with fixed values and no Deny that closes it to everyone outside the account, org or network. A grant to " +
                          "another named account is not public (Prowler secretsmanager_not_publicly_accessible semantics).",
            Remediation = "Remove the public statement: rewrite the policy without it (aws secretsmanager put-resource-policy " +
                          "--secret-id <name> --resource-policy file://policy.json --block-public-policy) or delete the policy " +
                          "(aws secretsmanager delete-resource-policy --secret-id <name>).",
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var options = new ResourceAccessOptions { Actions = Actions, CrossAccountAllowed = true };
            foreach (var region in context.Regions)
            {
                if (!region.Secrets.IsOk) continue;
                foreach (var secret in region.Secrets.Value!)
                {
                    var policy = secret.ResourcePolicy;
                    if (policy.State == FetchState.Absent)
                    {
                        yield return RuleResult.Passed(region.Region, secret.Arn, secret.Name, $"Secret {secret.Name} has no resource policy.");
                        continue;
                    }
                    if (!policy.IsOk)
                    {
                        yield return RuleResult.FromError(region.Region, secret.Arn, secret.Name, policy.Error!, "the secret's resource policy");
                        continue;
                    }
                    var report = ResourceAccessAnalyzer.Analyze(policy.Value!.Document, context.AccountId, secret.Arn, options);
                    var offences = report.Statements.SelectMany(s => s.PrincipalsOf(AccessClassification.Public).Select(p => (Statement: s, Principal: p))).ToList();
                    if (offences.Count == 0)
                    {
                        yield return RuleResult.Passed(region.Region, secret.Arn, secret.Name,
                            $"No statement of the resource policy on secret {secret.Name} lets a public principal in without a restricting condition.",
                            new Evidence().Add("AllowStatements", report.Statements.Count));
                        continue;
                    }
                    var (statement, principal) = offences[0];
                    var evidence = new Evidence()
                        .Add("Sid", statement.Sid ?? statement.Label)
                        .Add("Principal", principal.Value)
                        .Add("Actions", string.Join(", ", statement.Actions))
                        .Add("Condition", statement.ConditionText.Length == 0 ? "(none)" : statement.ConditionText)
                        .Add("StatementJson", statement.Json);
                    if (offences.Count > 1)
                        evidence.Add("OtherStatements", offences.Skip(1).Select(o => $"{o.Statement.Label}: {o.Principal.Value}").Distinct().ToArray());
                    yield return new RuleResult
                    {
                        Status = FindingStatus.Failed, Region = region.Region, ResourceArn = secret.Arn, ResourceName = secret.Name,
                        Reason = string.Join(" ", offences.Select(o =>
                                     $"{o.Statement.Label} of the resource policy on secret '{secret.Name}' lets principal '{o.Principal.Value}' call {string.Join(", ", o.Statement.Actions)} {o.Principal.Reason}.")) +
                                 " Expected no public principal without a restricting condition.",
                        Evidence = evidence,
                        // Deletes the whole policy: the one command that closes it; keep wanted grants by re-putting them.
                        RepairCommand = $"Remove-SECResourcePolicy -SecretId '{secret.Name.Replace("'", "''")}' -Region {region.Region} -Force",
                    };
                }
            }
        }
    }
}
