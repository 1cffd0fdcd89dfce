namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>SEC2.Lambda.ExecRolePrivEsc: Lambda execution roles allow no privilege escalation.</summary>
    public sealed class LambdaExecRolePrivEscRule : ExecutionRoleRule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Lambda.ExecRolePrivEsc",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.High,
            ResourceType = "AWS::IAM::Role",
            WellArchitected = new[] { "SEC03-BP02" },
            Title = "Lambda execution roles allow no privilege escalation",
            Description = "Fails when the role's effective actions (after Deny and boundary, on any resource) contain a known escalation path: iam:PassRole with lambda:CreateFunction and a way to invoke it, lambda:UpdateFunctionCode or UpdateFunctionConfiguration, policy-writing IAM actions, and the other known combinations.",
            Remediation = "Remove the IAM write and function-management actions; if the function must pass a role, scope iam:PassRole to that role's ARN with an iam:PassedToService condition.",
        };

        public override RuleDescriptor Descriptor => Info;

        protected override string PassedText => "allows no known privilege-escalation combination";
    }
}
