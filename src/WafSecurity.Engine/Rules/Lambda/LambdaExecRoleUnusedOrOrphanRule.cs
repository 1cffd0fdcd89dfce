using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Iam;

namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>SEC2.Lambda.ExecRoleUnusedOrOrphan: roles trusted by Lambda that no function uses, or that have not been used for N days.</summary>
    public sealed class LambdaExecRoleUnusedOrOrphanRule : Rule
    {
        public const string UnusedDaysParameter = "UnusedDays";

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = ExecRoleRuleIds.UnusedOrOrphan,
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Low,
            ResourceType = "AWS::IAM::Role",
            WellArchitected = new[] { "SEC03-BP04" },
            Title = "Lambda execution roles are in use",
            Description = "An IAM role trusted by lambda.amazonaws.com that no function in the audited regions uses, or whose " +
                          "RoleLastUsed is older than UnusedDays, is an abandoned credential: attack surface with no purpose. " +
                          "Roles younger than UnusedDays are not judged.",
            Remediation = "Delete the role (detach its policies first), or attach it to the function that needs it.",
            Parameters = new[] { new RuleParameter(UnusedDaysParameter, 90, "Days without use (and minimum role age) before a role counts as unused.") },
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            if (!context.Inventory.Iam.IsOk) yield break; // no roles are known, so there is no resource to report on
            var roles = context.Shared(inventory => new LambdaRoleInventory(inventory));
            var days = context.Parameters.GetInt(UnusedDaysParameter);
            foreach (var role in context.Inventory.Iam.Value!.Roles.Where(ExecutionRoleChecks.IsLambdaTrusted).OrderBy(r => r.Arn, System.StringComparer.Ordinal))
            {
                var users = roles.FunctionsUsing(role.Arn).Select(u => $"{u.Function.FunctionName}@{u.Region}").OrderBy(u => u).ToArray();
                var evidence = new Evidence().Add("RoleArn", role.Arn).Add("Functions", users)
                    .Add("RoleLastUsed", role.LastUsedDate?.ToString("yyyy-MM-dd")).Add("CreateDate", role.CreateDate?.ToString("yyyy-MM-dd")).Add(UnusedDaysParameter, days);
                var issue = roles.OrphanIssue(role, context.Now, days);
                if (issue != null)
                    yield return RuleResult.Failed(LambdaSharedExecutionRoleRule.GlobalRegion, role.Arn, role.RoleName, issue.Message, evidence);
                else if (users.Length == 0 && !roles.AllFunctionListsCollected)
                {
                    var failed = context.Regions.FirstOrDefault(r => !r.Functions.IsOk);
                    var error = failed?.Functions.Error ?? ExecutionRoleRule.NotCollected("lambda ListFunctions was not recorded");
                    yield return RuleResult.FromError(LambdaSharedExecutionRoleRule.GlobalRegion, role.Arn, role.RoleName, error, $"whether role {role.RoleName} is used");
                }
                else
                    yield return RuleResult.Passed(LambdaSharedExecutionRoleRule.GlobalRegion, role.Arn, role.RoleName,
                        users.Length > 0 ? $"Role {role.RoleName} is used by {string.Join(", ", users)}." : $"Role {role.RoleName} is younger than {days} days.", evidence);
            }
        }
    }
}
