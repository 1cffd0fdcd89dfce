using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Iam;

namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>SEC2.Lambda.PublicInvoke: no function, alias or version policy lets anyone call the function.</summary>
    public sealed class LambdaPublicInvokeRule : LambdaResourcePolicyRule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Lambda.PublicInvoke",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Critical,
            ResourceType = "AWS::Lambda::Function",
            WellArchitected = new[] { "SEC03-BP07" },
            SecurityHubControl = "Lambda.1",
            ConfigRule = "lambda-function-public-access-prohibited",
            Title = "Lambda function policies do not let the public invoke the function",
            Description = "Fails when an Allow statement of the function's resource policy, or of the policy on any alias or version, " +
                          "has a public principal (\"*\", {\"AWS\":\"*\"}, arn:aws:iam::*:root, a wildcard, or NotPrincipal) and no " +
                          "restricting condition with fixed values (aws:SourceAccount, aws:SourceArn, aws:PrincipalOrgID, aws:SourceVpce, " +
                          "private aws:SourceIp, ...) and no Deny that closes it to everyone outside the account, org or network. " +
                          "Security Hub Lambda.1 and Prowler awslambda_function_not_publicly_accessible check the unqualified policy only.",
            Remediation = "Remove the public statement (aws lambda remove-permission --function-name <name> --statement-id <sid> " +
                          "[--qualifier <alias>]) and grant the caller by account, service principal with --source-arn and " +
                          "--source-account, or --principal-org-id.",
        };

        public override RuleDescriptor Descriptor => Info;

        internal override AccessClassification Offending => AccessClassification.Public;

        internal override RuleResult Failed(RuleContext context, string region, LambdaFunction function, IReadOnlyList<PolicyOffence> offences) => new RuleResult
        {
            Status = FindingStatus.Failed, Region = region, ResourceArn = function.FunctionArn, ResourceName = function.FunctionName,
            Reason = string.Join(" ", offences.Select(o => o.Sentence())) + " Expected no public principal without a restricting condition.",
            Evidence = LambdaPolicyAccess.EvidenceFor(offences),
            RepairCommand = LambdaPolicyAccess.RemovePermissionCommand(function, region, offences),
        };

        internal override string PassReason(RuleContext context, LambdaFunction function, LambdaPolicyAccess.Evaluation evaluation)
            => evaluation.PoliciesRead == 0
                ? $"Function {function.FunctionName} has no resource policy" + (evaluation.QualifiedPolicies == 0 ? "." : " on the function or its aliases and versions.")
                : $"No statement of the resource policies of function {function.FunctionName} ({LambdaPolicyAccess.Plural(evaluation.PoliciesRead, "policy")} read) lets a public principal call it without a restricting condition.";
    }
}
