namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>SEC2.Lambda.ExecRoleResourceExposure: Lambda execution roles do not allow unconstrained permissions-management actions.</summary>
    public sealed class LambdaExecRoleResourceExposureRule : ExecutionRoleRule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Lambda.ExecRoleResourceExposure",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.High,
            ResourceType = "AWS::IAM::Role",
            WellArchitected = new[] { "SEC03-BP02", "SEC03-BP07" },
            Title = "Lambda execution roles do not allow unconstrained permissions-management actions",
            Description = "Fails when actions at the Permissions management access level (s3:PutBucketPolicy, lambda:AddPermission, sns:AddPermission, ...) or iam:PassRole are allowed on Resource \"*\" without a Condition: the function could change who can access resources.",
            Remediation = "Remove permissions-management actions from execution roles, or scope them to named resources with conditions.",
        };

        public override RuleDescriptor Descriptor => Info;

        protected override string PassedText => "allows no permissions-management action on every resource";
    }
}
