namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>SEC2.Lambda.ExecRoleAdmin: Lambda execution roles do not grant administrator access.</summary>
    public sealed class LambdaExecRoleAdminRule : ExecutionRoleRule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Lambda.ExecRoleAdmin",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Critical,
            ResourceType = "AWS::IAM::Role",
            WellArchitected = new[] { "SEC03-BP02" },
            SecurityHubControl = "IAM.1",
            ConfigRule = "iam-policy-no-statements-with-admin-access",
            Title = "Lambda execution roles do not grant administrator access",
            Description = "A function whose execution role allows every action on every resource (Action \"*\", an Allow with NotAction that excludes nothing real, or the AWS managed AdministratorAccess policy) can do anything in the account if its code or a dependency is compromised. Deny statements and the permissions boundary are taken into account.",
            Remediation = "Replace the grant with the actions and resources the function uses (Test-LambdaLeastPrivilege proposes a policy); detach AdministratorAccess.",
        };

        public override RuleDescriptor Descriptor => Info;

        protected override string PassedText => "grants no administrator access";
    }
}
