using System.Collections.Generic;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.DynamoDB
{
    /// <summary>SEC2.DynamoDB.PITR: point-in-time recovery is on, so data can be restored after a destructive write.</summary>
    public sealed class DynamoDBPitrRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.DynamoDB.PITR",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = "AWS::DynamoDB::Table",
            WellArchitected = new[] { "REL09-BP01" },
            SecurityHubControl = "DynamoDB.2",
            ConfigRule = "dynamodb-pitr-enabled",
            Title = "DynamoDB tables have point-in-time recovery enabled",
            Description = "Point-in-time recovery (PITR) keeps continuous backups for up to 35 days, so a table damaged by a faulty " +
                          "or malicious write can be restored. Security Hub DynamoDB.2 and AWS Config dynamodb-pitr-enabled check the same.",
            Remediation = "Enable point-in-time recovery: aws dynamodb update-continuous-backups --table-name <name> " +
                          "--point-in-time-recovery-specification PointInTimeRecoveryEnabled=true",
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
                    var backups = table.ContinuousBackups;
                    if (!backups.IsOk)
                    {
                        yield return RuleResult.FromError(region.Region, arn, table.TableName, backups.Error!, "point-in-time recovery");
                        continue;
                    }
                    var status = backups.Value!.PointInTimeRecoveryStatus ?? "(not reported)";
                    var evidence = new Evidence().Add("PointInTimeRecoveryStatus", status)
                        .Add("RecoveryPeriodInDays", backups.Value.RecoveryPeriodInDays);
                    if (status == "ENABLED")
                        yield return RuleResult.Passed(region.Region, arn, table.TableName,
                            $"Point-in-time recovery is ENABLED on table {table.TableName}.", evidence);
                    else
                        yield return new RuleResult
                        {
                            Status = FindingStatus.Failed, Region = region.Region, ResourceArn = arn, ResourceName = table.TableName,
                            Reason = $"Point-in-time recovery is {status} on table {table.TableName}; expected ENABLED.",
                            Evidence = evidence,
                            // AWS Tools for PowerShell (AWS.Tools.DynamoDBv2) until our own Repair-* cmdlets land.
                            RepairCommand = $"Update-DDBContinuousBackup -TableName '{table.TableName}' -Region {region.Region} " +
                                            "-PointInTimeRecoverySpecification_PointInTimeRecoveryEnabled $true",
                        };
                }
            }
        }
    }
}
