namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>SEC2.Lambda.ExecRoleDataExfil: Lambda execution roles do not allow unconstrained data-exfiltration actions.</summary>
    public sealed class LambdaExecRoleDataExfilRule : ExecutionRoleRule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Lambda.ExecRoleDataExfil",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = "AWS::IAM::Role",
            WellArchitected = new[] { "SEC03-BP02" },
            Title = "Lambda execution roles do not allow unconstrained data-exfiltration actions",
            Description = "Fails when s3:GetObject, ssm:GetParameter(s/ByPath), secretsmanager:GetSecretValue, rds:CopyDBSnapshot or rds:CreateDBSnapshot is allowed on Resource \"*\" without a Condition.",
            Remediation = "Scope these actions to the buckets, parameters, secrets and databases the function reads.",
        };

        public override RuleDescriptor Descriptor => Info;

        protected override string PassedText => "allows no data-exfiltration action on every resource";
    }
}
