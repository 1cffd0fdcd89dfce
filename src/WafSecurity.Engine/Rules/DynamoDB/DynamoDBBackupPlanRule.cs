using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.DynamoDB
{
    /// <summary>SEC2.DynamoDB.BackupPlan: AWS Backup protects the table (its ARN is among the region's protected resources).</summary>
    public sealed class DynamoDBBackupPlanRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.DynamoDB.BackupPlan",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Low,
            ResourceType = "AWS::DynamoDB::Table",
            WellArchitected = new[] { "REL09-BP01" },
            SecurityHubControl = "DynamoDB.4",
            ConfigRule = "dynamodb-resources-protected-by-backup-plan",
            Title = "DynamoDB tables are protected by AWS Backup",
            Description = "The table's ARN is among the resources AWS Backup lists as protected in its region (ListProtectedResources: " +
                          "resources with at least one recovery point), so backups are kept under a backup plan's schedule and retention, " +
                          "apart from the table. Security Hub DynamoDB.4 checks the same.",
            Remediation = "Assign the table to a backup plan (aws backup create-backup-selection with the table ARN, or a tag-based " +
                          "selection), and check that a backup job has completed.",
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var region in context.Regions)
            {
                if (!region.Tables.IsOk) continue;
                // Backup not collected in the region: the reader warned once; no table can be judged there.
                if (region.ProtectedResources.State == FetchState.NotCollected) continue;
                var protectedArns = region.ProtectedResources.IsOk
                    ? region.ProtectedResources.Value!.GroupBy(r => r.ResourceArn, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal)
                    : null;
                foreach (var table in region.Tables.Value!)
                {
                    var arn = table.Description.Value?.TableArn ?? $"arn:{context.Partition}:dynamodb:{region.Region}:{context.AccountId}:table/{table.TableName}";
                    if (protectedArns == null)
                    {
                        yield return RuleResult.FromError(region.Region, arn, table.TableName,
                            region.ProtectedResources.Error ?? new CallError("NotCollected", "no answer recorded",
                                SnapshotOperations.BackupListProtectedResources.Label, SnapshotOperations.BackupListProtectedResources.IamAction, null),
                            "AWS Backup protection");
                        continue;
                    }
                    if (protectedArns.TryGetValue(arn, out var found))
                        yield return RuleResult.Passed(region.Region, arn, table.TableName,
                            $"Table {table.TableName} is protected by AWS Backup (last backup {found.LastBackupTime?.UtcDateTime.ToString("yyyy-MM-dd") ?? "(not reported)"}).",
                            new Evidence().Add("ProtectedResource", arn).Add("LastBackupTime", found.LastBackupTime?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")));
                    else
                        yield return RuleResult.Failed(region.Region, arn, table.TableName,
                            $"Table {table.TableName} is not among the {protectedArns.Count} resources AWS Backup protects in {region.Region}: no backup plan has backed it up.",
                            new Evidence().Add("ProtectedResourceCount", protectedArns.Count));
                }
            }
        }
    }
}
