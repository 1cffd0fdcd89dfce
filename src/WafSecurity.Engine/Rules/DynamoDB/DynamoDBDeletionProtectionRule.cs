using System.Collections.Generic;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.DynamoDB
{
    /// <summary>SEC2.DynamoDB.DeletionProtection: a table cannot be deleted until deletion protection is switched off first.</summary>
    public sealed class DynamoDBDeletionProtectionRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.DynamoDB.DeletionProtection",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Low,
            ResourceType = "AWS::DynamoDB::Table",
            Title = "DynamoDB tables have deletion protection enabled",
            Description = "With DeletionProtectionEnabled a DeleteTable call fails until someone allowed to call UpdateTable turns the " +
                          "protection off, so a mistaken or malicious delete (or a stack teardown) does not destroy the table and its " +
                          "continuous backups at once. Fails when DescribeTable reports DeletionProtectionEnabled false. Security Hub " +
                          "DynamoDB.6 and AWS Config dynamodb-table-deletion-protection-enabled check the same.",
            Remediation = "Turn deletion protection on: aws dynamodb update-table --table-name <name> --deletion-protection-enabled " +
                          "(in CloudFormation: DeletionProtectionEnabled: true). The change is online and free.",
            WellArchitected = new[] { "SEC08-BP04" },
            SecurityHubControl = "DynamoDB.6",
            ConfigRule = "dynamodb-table-deletion-protection-enabled",
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
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
                                SnapshotOperations.DynamoDescribeTable.IamAction, null), "deletion protection");
                        continue;
                    }
                    var enabled = table.Description.Value!.DeletionProtectionEnabled;
                    var evidence = new Evidence().Add("DeletionProtectionEnabled", enabled).Add("TableStatus", table.Description.Value.TableStatus);
                    if (enabled == true)
                    {
                        yield return RuleResult.Passed(region.Region, arn, table.TableName,
                            $"Table {table.TableName} has DeletionProtectionEnabled true.", evidence);
                    }
                    else if (enabled == null)
                    {
                        yield return new RuleResult
                        {
                            Status = FindingStatus.Error, Region = region.Region, ResourceArn = arn, ResourceName = table.TableName, Evidence = evidence,
                            Reason = $"Could not evaluate deletion protection of table {table.TableName}: its dynamodb DescribeTable answer has no " +
                                     "DeletionProtectionEnabled (DynamoDB reports it for every table; it needs the IAM action dynamodb:DescribeTable).",
                        };
                    }
                    else
                    {
                        yield return new RuleResult
                        {
                            Status = FindingStatus.Failed, Region = region.Region, ResourceArn = arn, ResourceName = table.TableName, Evidence = evidence,
                            Reason = $"Table {table.TableName} has DeletionProtectionEnabled false in DescribeTable, so one DeleteTable call removes it; " +
                                     "expected true.",
                            RepairCommand = $"Update-DDBTable -TableName '{table.TableName.Replace("'", "''")}' -DeletionProtectionEnabled $true -Region {region.Region}",
                        };
                    }
                }
            }
        }
    }
}
