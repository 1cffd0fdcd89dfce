using System.Collections.Generic;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.Abandoned
{
    /// <summary>SEC2.Abandoned.Table: a table nobody reads or writes keeps data that no workload needs any more.</summary>
    public sealed class AbandonedTableRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Abandoned.Table",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Low,
            ResourceType = "AWS::DynamoDB::Table",
            WellArchitected = new[] { "SEC07-BP04" },
            Title = "DynamoDB tables are in use",
            Description = "Fails when the table consumed no read or write capacity in the InactiveDays days before the snapshot was taken " +
                          "(daily Sum of AWS/DynamoDB ConsumedReadCapacityUnits and ConsumedWriteCapacityUnits by TableName, on-demand " +
                          "tables included) and its CreationDateTime is older than InactiveDays. Missing or failed metric data or " +
                          "DescribeTable answer, or a recorded window shorter than InactiveDays that shows no activity, is an Error.",
            Remediation = "Confirm no workload uses the table, take an on-demand backup or export it if the data must be kept, then delete " +
                          "it: aws dynamodb delete-table --table-name <name> (turn off deletion protection first).",
            Parameters = new[] { AbandonedActivity.Parameter("table") },
        };

        public override RuleDescriptor Descriptor => Info;

        public override void ValidateParameters(RuleParameterValues parameters) => AbandonedActivity.Validate(parameters, Info.Id);

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var region in context.Regions)
            {
                if (!region.ActivityCollected) continue; // metrics not collected there: said once by the reader
                if (!region.Tables.IsOk) continue;
                foreach (var table in region.Tables.Value!)
                {
                    var description = table.Description.Value;
                    var arn = string.IsNullOrEmpty(description?.TableArn)
                        ? $"arn:{context.Partition}:dynamodb:{region.Region}:{context.AccountId}:table/{table.TableName}" : description!.TableArn;
                    var subject = new ActivitySubject(region, arn, table.TableName, "DynamoDB table", table.TableName,
                        ActivityMetrics.TableReads, ActivityMetrics.TableWrites)
                    {
                        Since = description?.CreationDateTime, SinceField = "CreationDateTime",
                        SinceError = table.Description.IsOk ? null : table.Description.Error,
                    };
                    yield return AbandonedActivity.Judge(context, subject);
                }
            }
        }
    }
}
