namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>SEC2.Lambda.ExecRoleInfraModification: Lambda execution roles do not allow changing actions on every resource.</summary>
    public sealed class LambdaExecRoleInfraModificationRule : ExecutionRoleRule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Lambda.ExecRoleInfraModification",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Low,
            ResourceType = "AWS::IAM::Role",
            WellArchitected = new[] { "SEC03-BP02" },
            Title = "Lambda execution roles do not allow unconstrained infrastructure modification",
            Description = "Fails when actions at the Write, Tagging or Permissions management access level that support resource-level " +
                          "permissions are allowed on Resource \"*\" (or NotResource) without a Condition (Cloudsplaining \"Infrastructure " +
                          "Modification\"). Actions that can only be granted on \"*\" (xray:PutTraceSegments, ec2:CreateNetworkInterface's " +
                          "peers ...) are left out.",
            Remediation = "Name the resources the function changes (its table, queue, log group) in each statement's Resource, or add a Condition.",
        };

        public override RuleDescriptor Descriptor => Info;

        protected override string PassedText => "allows no write, tagging or permissions-management action on every resource";
    }
}
