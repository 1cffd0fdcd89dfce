namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>SEC2.Lambda.ExecRolePassRoleStar: Lambda execution roles do not allow iam:PassRole on every role.</summary>
    public sealed class LambdaExecRolePassRoleStarRule : ExecutionRoleRule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Lambda.ExecRolePassRoleStar",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.High,
            ResourceType = "AWS::IAM::Role",
            WellArchitected = new[] { "SEC03-BP02" },
            Title = "Lambda execution roles do not allow iam:PassRole on every role",
            Description = "Fails when iam:PassRole is allowed on Resource \"*\" (or every role), under NotResource, or through NotAction: the function could hand any role, including an administrator's, to a service it controls.",
            Remediation = "Scope iam:PassRole to the ARNs of the roles the function passes, and add an iam:PassedToService condition.",
        };

        public override RuleDescriptor Descriptor => Info;

        protected override string PassedText => "does not allow iam:PassRole on every role";
    }
}
