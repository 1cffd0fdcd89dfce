using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.Logs
{
    /// <summary>A workload log group to judge (it exists), or the Error that stands for it when the log groups could not be listed.</summary>
    internal sealed class WorkloadLogGroupItem
    {
        public WorkloadLogGroupItem(RegionInventory region, string name, string arn, string owners, LogGroup? group, RuleResult? error)
        {
            Region = region; Name = name; Arn = arn; Owners = owners; Group = group; Error = error;
        }

        /// <summary>The region the log group lives in (an access-log destination can be in another region than its stage).</summary>
        public RegionInventory Region { get; }
        public string Name { get; }
        /// <summary>arn:aws:logs:region:account:log-group:name (without the ":*" DescribeLogGroups appends).</summary>
        public string Arn { get; }
        /// <summary>What writes to the group, for reasons: "Lambda function orders", "access logs of stage prod of REST API pets (a1b2)".</summary>
        public string Owners { get; }
        public LogGroup? Group { get; }
        public RuleResult? Error { get; }
    }

    /// <summary>
    /// The workload log groups of <see cref="WorkloadLogGroupScope"/> as the rules judge them: a workload group that does not
    /// exist yields nothing (nothing is stored, so there is nothing to protect); where DescribeLogGroups failed, every
    /// candidate group is an Error.
    /// </summary>
    internal static class WorkloadLogGroups
    {
        public const string ResourceType = "AWS::Logs::LogGroup";
        public static string ArnOf(string partition, string region, string account, string name) => $"arn:{partition}:logs:{region}:{account}:log-group:{name}";

        /// <summary>Every workload log group that exists (or whose existence could not be read), by region then name.</summary>
        public static IEnumerable<WorkloadLogGroupItem> Items(RuleContext context, string what)
        {
            var regions = context.Regions.ToDictionary(r => r.Region, StringComparer.Ordinal);
            foreach (var candidate in WorkloadLogGroupScope.Candidates(context.Regions))
            {
                // A destination in a region that was not collected cannot be judged here; that region's warning says so.
                if (!regions.TryGetValue(candidate.Region, out var region)) continue;
                var arn = ArnOf(context.Partition, region.Region, context.AccountId, candidate.Name);
                var owners = string.Join("; ", candidate.Owners);
                var groups = region.LogGroups;
                if (groups.State == FetchState.Failed)
                {
                    var error = RuleResult.FromError(region.Region, arn, candidate.Name, groups.Error!, $"{what} of log group {candidate.Name} ({owners})");
                    error.ResourceType = ResourceType;
                    yield return new WorkloadLogGroupItem(region, candidate.Name, arn, owners, null, error);
                    continue;
                }
                if (!groups.IsOk) continue;
                var group = groups.Value!.FirstOrDefault(g => string.Equals(g.LogGroupName, candidate.Name, StringComparison.Ordinal));
                if (group == null) continue;
                yield return new WorkloadLogGroupItem(region, candidate.Name, arn, owners, group, null);
            }
        }

        public static Evidence EvidenceOf(WorkloadLogGroupItem item)
            => new Evidence().Add("LogGroupName", item.Name).Add("WrittenBy", item.Owners);

        public static RuleResult Result(WorkloadLogGroupItem item, string status, string reason, Evidence evidence)
            => new RuleResult
            {
                Status = status, Region = item.Region.Region, ResourceArn = item.Arn, ResourceName = item.Name, Reason = reason, Evidence = evidence,
            };

        /// <summary>A PowerShell single-quoted string literal.</summary>
        public static string Quote(string value) => "'" + value.Replace("'", "''") + "'";
    }
}
