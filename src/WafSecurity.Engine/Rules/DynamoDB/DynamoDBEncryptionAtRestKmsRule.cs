using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.DynamoDB
{
    /// <summary>
    /// SEC2.DynamoDB.EncryptionAtRestKms: tables are encrypted with a KMS key the account can see, audit and (at level
    /// CustomerManaged) control, rather than the AWS owned key that DynamoDB uses when nothing is specified.
    /// </summary>
    public sealed class DynamoDBEncryptionAtRestKmsRule : Rule
    {
        public const string LevelKms = "Kms";
        public const string LevelCustomerManaged = "CustomerManaged";

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.DynamoDB.EncryptionAtRestKms",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = "AWS::DynamoDB::Table",
            WellArchitected = new[] { "SEC08-BP02" },
            ConfigRule = "dynamodb-table-encrypted-kms",
            Title = "DynamoDB tables are encrypted at rest with a KMS key",
            Description = "Every table is encrypted, but a table without SSEDescription uses the AWS owned key: its use is not " +
                          "logged in CloudTrail and access to it cannot be restricted by key policy. Level Kms (default) accepts " +
                          "the AWS managed key aws/dynamodb or a customer managed key; level CustomerManaged requires a key whose " +
                          "KeyManager is CUSTOMER (read with kms DescribeKey). KmsKeyArns, when set, is an allowlist of keys.",
            Remediation = "Switch the table to a KMS key: aws dynamodb update-table --table-name <name> --sse-specification " +
                          "Enabled=true,SSEType=KMS[,KMSMasterKeyId=<customer managed key arn>]. The change happens online.",
            Parameters = new[]
            {
                new RuleParameter("Level", LevelKms, "Kms: any KMS key (AWS managed aws/dynamodb or customer managed). CustomerManaged: a customer managed key only."),
                new RuleParameter("KmsKeyArns", Array.Empty<string>(), "Allowed key ARNs or key ids; empty: any key that meets Level."),
            },
        };

        public override RuleDescriptor Descriptor => Info;

        public override void ValidateParameters(RuleParameterValues parameters)
        {
            var level = parameters.GetString("Level");
            if (!string.Equals(level, LevelCustomerManaged, StringComparison.OrdinalIgnoreCase) && !string.Equals(level, LevelKms, StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"Parameter {Info.Id}.Level must be {LevelKms} or {LevelCustomerManaged}; '{level}' is neither.");
        }

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var level = context.Parameters.GetString("Level");
            var customerManaged = string.Equals(level, LevelCustomerManaged, StringComparison.OrdinalIgnoreCase);
            var allowed = context.Parameters.GetStrings("KmsKeyArns").Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).ToList();
            var allowedIds = new HashSet<string>(allowed.Select(KmsKey.KeyIdOf), StringComparer.Ordinal);

            foreach (var region in context.Regions)
            {
                if (!region.Tables.IsOk) continue;
                foreach (var table in region.Tables.Value!)
                {
                    var arn = table.Description.Value?.TableArn ?? $"arn:{context.Partition}:dynamodb:{region.Region}:{context.AccountId}:table/{table.TableName}";
                    if (!table.Description.IsOk)
                    {
                        yield return RuleResult.FromError(region.Region, arn, table.TableName, table.Description.Error
                            ?? new CallError("NotCollected", "no answer recorded", SnapshotOperations.DynamoDescribeTable.Label,
                                SnapshotOperations.DynamoDescribeTable.IamAction, null), "encryption at rest");
                        continue;
                    }
                    yield return Judge(region, table.Description.Value!, arn, customerManaged, allowed, allowedIds);
                }
            }
        }

        private static RuleResult Judge(RegionInventory region, TableDescription description, string arn, bool customerManaged,
            IReadOnlyList<string> allowed, HashSet<string> allowedIds)
        {
            var name = description.TableName;
            var wanted = customerManaged ? "a customer managed KMS key" : "a KMS key (AWS managed or customer managed)";
            var evidence = new Evidence().Add("SSEType", description.SseType ?? "(none: AWS owned key)").Add("SSEStatus", description.SseStatus)
                .Add("KMSMasterKeyArn", description.KmsMasterKeyArn);

            var isKms = string.Equals(description.SseType, "KMS", StringComparison.OrdinalIgnoreCase);
            var active = string.Equals(description.SseStatus, "ENABLED", StringComparison.OrdinalIgnoreCase)
                         || string.Equals(description.SseStatus, "UPDATING", StringComparison.OrdinalIgnoreCase);
            if (!isKms || !active)
            {
                var found = description.SseType == null ? "has no SSEDescription, so it is encrypted with the AWS owned key"
                    : !isKms ? $"reports SSEType {description.SseType}"
                    : $"reports SSEType KMS with status {description.SseStatus ?? "(none)"}";
                return Fail(region, arn, name, $"Table {name} {found}; expected {wanted}.", evidence, customerManaged, allowed);
            }

            var keyArn = description.KmsMasterKeyArn;
            if (allowed.Count > 0 && (keyArn == null || !allowedIds.Contains(KmsKey.KeyIdOf(keyArn))))
                return Fail(region, arn, name, $"Table {name} is encrypted with KMS key {keyArn ?? "(not reported)"}, which is not in " +
                                               $"KmsKeyArns ({string.Join(", ", allowed)}).", evidence.Add("AllowedKeys", allowed.ToArray()), customerManaged, allowed);

            if (!customerManaged)
                return RuleResult.Passed(region.Region, arn, name, $"Table {name} is encrypted with KMS key {keyArn ?? "(not reported)"} (SSE status {description.SseStatus}).", evidence);

            if (string.IsNullOrEmpty(keyArn))
                return new RuleResult
                {
                    Status = FindingStatus.Error, Region = region.Region, ResourceArn = arn, ResourceName = name, Evidence = evidence,
                    Reason = $"Could not evaluate whether table {name} uses a customer managed key: DescribeTable reports SSEType KMS but no KMSMasterKeyArn.",
                };

            var key = region.FindKey(keyArn!);
            if (!key.IsOk)
            {
                var error = RuleResult.FromError(region.Region, arn, name, key.Error ?? new CallError("NotCollected", "no answer recorded",
                    SnapshotOperations.KmsDescribeKey.Label, SnapshotOperations.KmsDescribeKey.IamAction, null),
                    $"whether table {name} uses a customer managed key (kms:DescribeKey on {keyArn})");
                error.Evidence.Add("KMSMasterKeyArn", keyArn);
                return error;
            }
            evidence.Add("KeyManager", key.Value!.KeyManager).Add("KeyState", key.Value.KeyState);
            if (string.Equals(key.Value.KeyManager, "CUSTOMER", StringComparison.OrdinalIgnoreCase))
                return RuleResult.Passed(region.Region, arn, name, $"Table {name} is encrypted with customer managed KMS key {keyArn}.", evidence);
            return Fail(region, arn, name, $"Table {name} is encrypted with KMS key {keyArn}, whose KeyManager is " +
                                           $"{key.Value.KeyManager ?? "(not reported)"} (the AWS managed key aws/dynamodb); expected {wanted}.", evidence, customerManaged, allowed);
        }

        private static RuleResult Fail(RegionInventory region, string arn, string name, string reason, Evidence evidence, bool customerManaged, IReadOnlyList<string> allowed)
        {
            var result = RuleResult.Failed(region.Region, arn, name, reason, evidence);
            // Which customer managed key to use is the owner's choice, unless the allowlist names exactly one.
            var key = allowed.Count == 1 ? allowed[0] : null;
            if ((allowed.Count == 0 && !customerManaged) || key != null)
                result.RepairCommand = $"Update-DDBTable -TableName '{name}' -Region {region.Region} -SSESpecification_Enabled $true " +
                                       "-SSESpecification_SSEType KMS" + (key == null ? "" : $" -SSESpecification_KMSMasterKeyId '{key}'");
            return result;
        }
    }
}
