using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Iam;

namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>SEC2.Lambda.ServicePrincipalUnscoped: service principals are tied to a source resource or account (confused deputy).</summary>
    public sealed class LambdaServicePrincipalUnscopedRule : LambdaResourcePolicyRule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Lambda.ServicePrincipalUnscoped",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = "AWS::Lambda::Function",
            WellArchitected = new[] { "SEC03-BP07" },
            SecurityHubControl = "Lambda.1",
            ConfigRule = "lambda-function-public-access-prohibited",
            Title = "Lambda function policies scope service principals with aws:SourceArn or aws:SourceAccount",
            Description = "Fails when a function, alias or version policy lets a service principal (s3.amazonaws.com, sns.amazonaws.com, " +
                          "events.amazonaws.com, ...) invoke the function without a fixed aws:SourceArn or aws:SourceAccount condition, so " +
                          "a resource in any account can make the service call it (confused deputy). For s3.amazonaws.com only " +
                          "aws:SourceAccount counts, because bucket ARNs carry no account id; that case is High, the others Medium.",
            Remediation = "Re-add the permission with its source: aws lambda add-permission ... --source-arn <arn> --source-account <account>.",
        };

        public override RuleDescriptor Descriptor => Info;

        internal override AccessClassification Offending => AccessClassification.ServiceUnscoped;

        internal override RuleResult Failed(RuleContext context, string region, LambdaFunction function, IReadOnlyList<PolicyOffence> offences)
        {
            var s3 = offences.Any(o => o.Principal.Value.Equals("s3.amazonaws.com", StringComparison.OrdinalIgnoreCase));
            return new RuleResult
            {
                Status = FindingStatus.Failed, Severity = s3 ? WafSecurity.Severity.High : WafSecurity.Severity.Medium,
                Region = region, ResourceArn = function.FunctionArn, ResourceName = function.FunctionName,
                Reason = string.Join(" ", offences.Select(o => o.Sentence("service principal"))),
                Evidence = LambdaPolicyAccess.EvidenceFor(offences),
                RepairCommand = RepairCommand(function, region, context.AccountId, offences),
            };
        }

        internal override string PassReason(RuleContext context, LambdaFunction function, LambdaPolicyAccess.Evaluation evaluation)
            => evaluation.PoliciesRead == 0
                ? $"Function {function.FunctionName} has no resource policy, so no service principal can invoke it."
                : $"Every service principal in the resource policies of function {function.FunctionName} ({LambdaPolicyAccess.Plural(evaluation.PoliciesRead, "policy")} read) is scoped by a fixed aws:SourceArn or aws:SourceAccount.";

        private static string? RepairCommand(Inventory.LambdaFunction function, string region, string accountId, IEnumerable<PolicyOffence> offences)
        {
            var commands = new List<string>();
            foreach (var offence in offences.Where(o => !string.IsNullOrEmpty(o.Statement.Sid)))
            {
                var name = LambdaPolicyAccess.Quote(function.FunctionName);
                var sid = LambdaPolicyAccess.Quote(offence.Statement.Sid!);
                var qualifier = offence.Qualifier == null ? "" : $" -Qualifier '{LambdaPolicyAccess.Quote(offence.Qualifier)}'";
                var action = offence.Statement.Statement.Actions.Count == 1 ? offence.Statement.Statement.Actions[0] : "lambda:InvokeFunction";
                var sourceArn = offence.Statement.Statement.Conditions.FirstOrDefault(c => c.KeyIs("aws:SourceArn") && c.Values.Count == 1)?.Values[0];
                commands.Add($"Remove-LMPermission -FunctionName '{name}' -StatementId '{sid}'{qualifier} -Region {region} -Force");
                commands.Add($"Add-LMPermission -FunctionName '{name}' -StatementId '{sid}'{qualifier} -Action '{LambdaPolicyAccess.Quote(action)}' " +
                             $"-Principal '{LambdaPolicyAccess.Quote(offence.Principal.Value)}'" +
                             (sourceArn == null ? "" : $" -SourceArn '{LambdaPolicyAccess.Quote(sourceArn)}'") +
                             $" -SourceAccount '{accountId}' -Region {region}");
            }
            return commands.Count == 0 ? null : string.Join("; ", commands.Distinct());
        }
    }
}
