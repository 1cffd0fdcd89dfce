using System.Collections.Generic;
using WafSecurity.Engine.Findings;

namespace WafSecurity.Engine.Rules.Logs
{
    /// <summary>SEC2.Logs.LogGroupKms: the workload's log groups are encrypted with a KMS key.</summary>
    public sealed class LogsLogGroupKmsRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Logs.LogGroupKms",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Low,
            ResourceType = WorkloadLogGroups.ResourceType,
            Title = "Workload log groups are encrypted with a KMS key",
            Description = "One finding per existing workload log group: /aws/lambda/<function> of every function, " +
                          "API-Gateway-Execution-Logs_<restApiId>/<stage> of every REST stage, and the access-log destination groups of " +
                          "REST, HTTP and WebSocket stages. Passes when DescribeLogGroups gives the group a kmsKeyId. CloudWatch Logs " +
                          "always encrypts at rest with keys it owns; a KMS key adds key policy control, CloudTrail records of use, and " +
                          "revocation, hence Low. A workload group that does not exist yields nothing (nothing is stored).",
            Remediation = "Give the key policy a statement that lets logs.<region>.amazonaws.com use the key (kms:Encrypt*, kms:Decrypt*, " +
                          "kms:ReEncrypt*, kms:GenerateDataKey*, kms:Describe* with an ArnLike kms:EncryptionContext:aws:logs:arn condition), " +
                          "then: aws logs associate-kms-key --log-group-name <name> --kms-key-id <key arn> --region <region>.",
            WellArchitected = new[] { "SEC08-BP02" },
            ConfigRule = "cloudwatch-log-group-encrypted",
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var item in WorkloadLogGroups.Items(context, "the encryption"))
            {
                if (item.Error != null) { yield return item.Error; continue; }
                var group = item.Group!;
                var evidence = WorkloadLogGroups.EvidenceOf(item).Add("KmsKeyId", group.KmsKeyId);
                if (!string.IsNullOrEmpty(group.KmsKeyId))
                {
                    yield return WorkloadLogGroups.Result(item, FindingStatus.Passed,
                        $"Log group {item.Name} ({item.Owners}) is encrypted with KMS key {group.KmsKeyId}.", evidence);
                    continue;
                }
                var result = WorkloadLogGroups.Result(item, FindingStatus.Failed,
                    $"Log group {item.Name} ({item.Owners}) has no kmsKeyId: its events are encrypted only with keys CloudWatch Logs owns, " +
                    "so no key policy limits who can read them. Expected a KMS key.", evidence);
                result.RepairCommand = $"Register-CWLKmsKey -LogGroupName {WorkloadLogGroups.Quote(item.Name)} -KmsKeyId <key arn> -Region {item.Region.Region}";
                yield return result;
            }
        }
    }
}
