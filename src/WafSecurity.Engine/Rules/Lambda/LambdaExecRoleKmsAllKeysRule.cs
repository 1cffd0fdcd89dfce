namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>SEC2.Lambda.ExecRoleKmsAllKeys: Lambda execution roles may not decrypt with every KMS key.</summary>
    public sealed class LambdaExecRoleKmsAllKeysRule : ExecutionRoleRule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Lambda.ExecRoleKmsAllKeys",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = "AWS::IAM::Role",
            WellArchitected = new[] { "SEC03-BP02", "SEC08-BP01" },
            SecurityHubControl = "KMS.1",
            ConfigRule = "iam-customer-policy-blocked-kms-actions",
            Title = "Lambda execution roles do not allow kms:Decrypt or kms:ReEncryptFrom on all keys",
            Description = "Fails when kms:Decrypt or kms:ReEncryptFrom (also through kms:* or *) is allowed on all KMS keys: Resource \"*\", " +
                          "NotResource, or a key pattern such as arn:aws:kms:*:*:key/*, unless a Condition names keys (kms:ResourceAliases, " +
                          "aws:ResourceTag/..., kms:EncryptionContext...). Security Hub KMS.1 judges customer managed policies and KMS.2 inline " +
                          "policies; this rule judges both as the function's role carries them.",
            Remediation = "List the key ARNs the function needs in Resource, or limit the statement with a kms:ResourceAliases or aws:ResourceTag condition.",
        };

        public override RuleDescriptor Descriptor => Info;

        protected override string PassedText => "allows no kms:Decrypt or kms:ReEncryptFrom on all keys";
    }
}
