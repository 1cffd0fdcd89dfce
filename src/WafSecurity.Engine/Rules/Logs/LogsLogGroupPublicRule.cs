using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.Logs
{
    /// <summary>SEC2.Logs.LogGroupPublic: no CloudWatch Logs resource policy lets anyone at the workload's log groups.</summary>
    public sealed class LogsLogGroupPublicRule : Rule
    {
        /// <summary>Every CloudWatch Logs action counts: reading events and writing forged ones are both exposure.</summary>
        private static readonly string[] Actions = { "logs:*" };

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Logs.LogGroupPublic",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.High,
            ResourceType = WorkloadLogGroups.ResourceType,
            Title = "CloudWatch Logs resource policies do not open workload log groups to the public",
            Description = "One finding per existing workload log group (the groups of SEC2.Logs.LogGroupKms). Fails when an Allow " +
                          "statement of a CloudWatch Logs resource policy of the group's region covers the group (its Resource matches the " +
                          "group ARN, wildcards included, or NotResource leaves it in) and has a public principal (\"*\", {\"AWS\":\"*\"}, a " +
                          "wildcard, NotPrincipal) with no restricting condition and no Deny that closes it (the shared resource-access " +
                          "analysis of SEC3.Secrets.PublicPolicy). Service principals (delivery.logs.amazonaws.com, route53, es ...) and " +
                          "named accounts are not public. Prowler cloudwatch_log_group_not_publicly_accessible semantics.",
            Remediation = "Rewrite the policy without the public statement, or scope it with aws:SourceAccount / aws:SourceArn: " +
                          "Write-CWLResourcePolicy -PolicyName <name> -PolicyDocument <json> (or remove it: Remove-CWLResourcePolicy -PolicyName <name>).",
            WellArchitected = new[] { "SEC03-BP07" },
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var options = new ResourceAccessOptions { Actions = Actions, CrossAccountAllowed = true };
            foreach (var item in WorkloadLogGroups.Items(context, "the resource policies"))
            {
                if (item.Error != null) { yield return item.Error; continue; }
                var policies = item.Region.LogResourcePolicies;
                // Not collected (a snapshot older than the operation): the reader warned once for the region.
                if (policies.State == FetchState.NotCollected || policies.State == FetchState.Absent) continue;
                if (!policies.IsOk)
                {
                    var error = RuleResult.FromError(item.Region.Region, item.Arn, item.Name, policies.Error!, $"the resource policies covering log group {item.Name}");
                    error.ResourceType = WorkloadLogGroups.ResourceType;
                    yield return error;
                    continue;
                }
                yield return Judge(context, item, policies.Value!, options);
            }
        }

        private static RuleResult Judge(RuleContext context, WorkloadLogGroupItem item, IReadOnlyList<LogsResourcePolicy> policies, ResourceAccessOptions options)
        {
            var evidence = WorkloadLogGroups.EvidenceOf(item).Add("ResourcePolicies", policies.Select(p => p.PolicyName).ToArray());
            var invalid = policies.FirstOrDefault(p => p.Policy.State == FetchState.Failed);
            var offences = new List<(LogsResourcePolicy Policy, StatementAccess Statement, PrincipalAccess Principal)>();
            foreach (var policy in policies.Where(p => p.Policy.IsOk))
            {
                // The analysis judges Denies against the group's ARN form that covers its events (log-group:name:*).
                var report = ResourceAccessAnalyzer.Analyze(policy.Policy.Value!.Document, context.AccountId, item.Arn + ":*", options);
                foreach (var statement in report.Statements.Where(s => Covers(s.Statement, item.Arn)))
                    foreach (var principal in statement.PrincipalsOf(AccessClassification.Public))
                        offences.Add((policy, statement, principal));
            }
            if (offences.Count > 0)
            {
                var (policy, statement, principal) = offences[0];
                evidence.Add("PolicyName", policy.PolicyName).Add("Sid", statement.Sid ?? statement.Label).Add("Principal", principal.Value)
                    .Add("Actions", string.Join(", ", statement.Actions))
                    .Add("Condition", statement.ConditionText.Length == 0 ? "(none)" : statement.ConditionText)
                    .Add("StatementJson", statement.Json);
                if (offences.Count > 1)
                    evidence.Add("OtherStatements", offences.Skip(1).Select(o => $"{o.Policy.PolicyName} {o.Statement.Label}: {o.Principal.Value}").Distinct().ToArray());
                var result = WorkloadLogGroups.Result(item, FindingStatus.Failed,
                    string.Join(" ", offences.Select(o => $"{o.Statement.Label} of CloudWatch Logs resource policy '{o.Policy.PolicyName}' covers log group " +
                                                          $"{item.Name} ({item.Owners}) and lets principal '{o.Principal.Value}' call {string.Join(", ", o.Statement.Actions)} {o.Principal.Reason}.")) +
                    " Expected no public principal without a restricting condition.", evidence);
                result.RepairCommand = $"Remove-CWLResourcePolicy -PolicyName {WorkloadLogGroups.Quote(policy.PolicyName)} -Region {item.Region.Region}";
                return result;
            }
            if (invalid != null)
            {
                var error = RuleResult.FromError(item.Region.Region, item.Arn, item.Name, invalid.Policy.Error!, $"resource policy '{invalid.PolicyName}' for log group {item.Name}");
                error.ResourceType = WorkloadLogGroups.ResourceType;
                return error;
            }
            return WorkloadLogGroups.Result(item, FindingStatus.Passed,
                policies.Count == 0
                    ? $"The region has no CloudWatch Logs resource policy, so none opens log group {item.Name} ({item.Owners})."
                    : $"No statement of the region's {policies.Count} CloudWatch Logs resource polic{(policies.Count == 1 ? "y" : "ies")} lets a public principal at log group {item.Name} ({item.Owners}) without a restricting condition.",
                evidence);
        }

        /// <summary>
        /// The statement applies to the group: a Resource pattern matches the group ARN, its ":*" form, or names one of its
        /// streams; or NotResource excludes none of those. A statement without either element is malformed and covers nothing.
        /// </summary>
        internal static bool Covers(PolicyStatement statement, string groupArn)
        {
            bool Matches(string pattern) => Wildcard.IsMatch(pattern, groupArn, ignoreCase: false) || Wildcard.IsMatch(pattern, groupArn + ":*", ignoreCase: false)
                                            || pattern.StartsWith(groupArn + ":", StringComparison.Ordinal);
            if (statement.HasNotResource) return !statement.NotResources.Any(Matches);
            return statement.Resources.Any(Matches);
        }
    }
}
