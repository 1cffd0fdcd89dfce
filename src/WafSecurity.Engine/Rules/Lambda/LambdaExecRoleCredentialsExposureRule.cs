namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>SEC2.Lambda.ExecRoleCredentialsExposure: Lambda execution roles do not allow unconstrained credential-returning actions.</summary>
    public sealed class LambdaExecRoleCredentialsExposureRule : ExecutionRoleRule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Lambda.ExecRoleCredentialsExposure",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.High,
            ResourceType = "AWS::IAM::Role",
            WellArchitected = new[] { "SEC03-BP02" },
            Title = "Lambda execution roles do not allow unconstrained credential-returning actions",
            Description = "Fails when actions that return credentials, tokens or passwords (sts:AssumeRole, iam:CreateAccessKey, ecr:GetAuthorizationToken, redshift:GetClusterCredentials, rds-db:connect, ...) are allowed on Resource \"*\" without a Condition.",
            Remediation = "Scope these actions to the roles, registries and databases the function uses.",
        };

        public override RuleDescriptor Descriptor => Info;

        protected override string PassedText => "allows no credential-returning action on every resource";
    }
}
