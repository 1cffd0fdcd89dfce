using System.Collections.Generic;
using WafSecurity.Engine.Iam;

namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>
    /// SEC2.Lambda.ExecRoleTrustConfusedDeputy: the execution role's trust of lambda.amazonaws.com carries a source condition.
    /// Informational only (rule-catalog.md, "Trust policy confused-deputy"): Prowler's High verdict fails nearly every Lambda
    /// role, and adding conditions blindly has broken workloads, so there is no repair command.
    /// </summary>
    public sealed class LambdaExecRoleTrustConfusedDeputyRule : ExecutionRoleRule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Lambda.ExecRoleTrustConfusedDeputy",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Informational,
            ResourceType = "AWS::IAM::Role",
            WellArchitected = new[] { "SEC03-BP07" },
            Title = "Lambda execution role trust policies limit lambda.amazonaws.com with a source condition",
            Description = "Fails (Informational) when a trust statement lets lambda.amazonaws.com assume the role without a condition on " +
                          "aws:SourceAccount, aws:SourceArn, aws:SourceOwner, aws:SourceOrgID, aws:SourceOrgPaths, aws:PrincipalAccount, " +
                          "aws:PrincipalArn, aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:ResourceAccount, aws:SourceVpc or aws:SourceVpce " +
                          "(a Null test does not count). Lambda assumes execution roles only for functions in the role's own account, so the " +
                          "confused-deputy risk is small; the finding is advice, never High and never repaired automatically.",
            Remediation = "If you want defence in depth, add \"Condition\": {\"StringEquals\": {\"aws:SourceAccount\": \"<account id>\"}} to the " +
                          "lambda.amazonaws.com statement, test an invocation of every function that uses the role, then keep it.",
        };

        public override RuleDescriptor Descriptor => Info;

        protected override bool JudgesTrustPolicyOnly => true;

        protected override IEnumerable<LeastPrivilegeIssue> IssuesOf(ExecutionRoleAnalysis analysis) => ExecutionRoleChecks.ConfusedDeputyIssues(analysis.Role);

        protected override string PassedText => "lets lambda.amazonaws.com assume it only under a source condition";
    }
}
