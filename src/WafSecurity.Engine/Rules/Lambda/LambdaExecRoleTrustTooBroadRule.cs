namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>SEC2.Lambda.ExecRoleTrustTooBroad: Lambda execution roles trust only the Lambda service.</summary>
    public sealed class LambdaExecRoleTrustTooBroadRule : ExecutionRoleRule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Lambda.ExecRoleTrustTooBroad",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Critical,
            ResourceType = "AWS::IAM::Role",
            WellArchitected = new[] { "SEC03-BP07" },
            Title = "Lambda execution roles trust only the Lambda service",
            Description = "Fails when the role's trust policy allows Principal \"*\" (Critical; Medium when a Condition limits it), an account root or another account, services other than lambda.amazonaws.com and edgelambda.amazonaws.com, a federated principal, an Allow with NotPrincipal, or Action \"*\".",
            Remediation = "Make the trust policy allow only {\"Service\": \"lambda.amazonaws.com\"} with sts:AssumeRole (aws iam update-assume-role-policy).",
        };

        public override RuleDescriptor Descriptor => Info;

        protected override bool JudgesTrustPolicyOnly => true;

        protected override string PassedText => "is trusted only by the Lambda service";
    }
}
