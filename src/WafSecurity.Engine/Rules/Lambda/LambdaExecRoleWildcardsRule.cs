namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>SEC2.Lambda.ExecRoleWildcards: Lambda execution roles do not grant wildcard permissions.</summary>
    public sealed class LambdaExecRoleWildcardsRule : ExecutionRoleRule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Lambda.ExecRoleWildcards",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = "AWS::IAM::Role",
            WellArchitected = new[] { "SEC03-BP02" },
            SecurityHubControl = "IAM.21",
            ConfigRule = "iam-policy-no-statements-with-full-access",
            Title = "Lambda execution roles do not grant wildcard permissions",
            Description = "Fails on service:* actions, on actions that support resource-level permissions granted on Resource \"*\" without a Condition (actions that can only be granted on \"*\", such as xray:PutTraceSegments, are not violations), and on Allow statements with NotAction or NotResource.",
            Remediation = "Name the actions and the resources (ARNs) the function uses; keep \"*\" only for actions that support no resource-level permissions.",
        };

        public override RuleDescriptor Descriptor => Info;

        protected override string PassedText => "grants no service wildcards, no resource-scopable action on \"*\" and no Allow with NotAction/NotResource";
    }
}
