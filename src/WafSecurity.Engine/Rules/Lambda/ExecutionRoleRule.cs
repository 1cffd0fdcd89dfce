using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>
    /// The shared shape of the execution-role rules (ExecRoleAdmin, ExecRoleWildcards, ...) that judge an execution role's grants: one finding per role
    /// that some function uses, failing with every issue of this rule, each naming its policy and statement. The
    /// analysis (LambdaRoleInventory) is built once per audit and shared by all of them.
    /// </summary>
    public abstract class ExecutionRoleRule : Rule
    {
        /// <summary>What a pass says, e.g. "grants no administrator access".</summary>
        protected abstract string PassedText { get; }

        /// <summary>True for rules that read only the trust policy, so unreadable permission policies do not block them.</summary>
        protected virtual bool JudgesTrustPolicyOnly => false;

        /// <summary>This rule's issues for one role; by default those the analysis found under the rule's id.</summary>
        protected virtual IEnumerable<LeastPrivilegeIssue> IssuesOf(ExecutionRoleAnalysis analysis) => analysis.IssuesFor(Descriptor.Id);

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var roles = context.Shared(inventory => new LambdaRoleInventory(inventory));
            foreach (var roleArn in roles.UsedRoleArns)
            {
                var users = roles.FunctionsUsing(roleArn).Select(u => $"{u.Function.FunctionName}@{u.Region}").OrderBy(u => u).ToArray();
                var roleName = roleArn.Substring(roleArn.LastIndexOf('/') + 1);
                var evidence = new Evidence().Add("RoleArn", roleArn).Add("Functions", users);
                if (roles.Analyzer == null)
                {
                    var error = context.Inventory.Iam.Error ?? NotCollected($"iam GetAccountAuthorizationDetails was not recorded, so role {roleName} cannot be judged");
                    yield return RuleResult.FromError(LambdaSharedExecutionRoleRule.GlobalRegion, roleArn, roleName, error, $"execution role {roleName}");
                    continue;
                }
                var role = roles.FindRole(roleArn);
                if (role == null)
                {
                    yield return RuleResult.FromError(LambdaSharedExecutionRoleRule.GlobalRegion, roleArn, roleName,
                        NotCollected($"role {roleArn} is not in the recorded GetAccountAuthorizationDetails"), $"execution role {roleName}");
                    continue;
                }
                var analysis = roles.Analyzer.Analyze(role);
                var issues = IssuesOf(analysis).ToList();
                if (issues.Count > 0)
                {
                    evidence.Add("Policy", issues[0].Policy).Add("Statement", issues[0].Statement)
                        .Add("Issues", issues.Select(i => $"{i.Policy} {i.Statement}: {i.Message}").ToArray())
                        .Add("Actions", issues.SelectMany(i => i.Actions).Distinct().Take(20).ToArray());
                    var reason = $"Execution role {role.RoleName} (used by {string.Join(", ", users)}): " + string.Join(" ", issues.Take(3).Select(i => i.Message))
                                 + (issues.Count > 3 ? $" And {issues.Count - 3} more (see Evidence.Issues)." : "");
                    yield return RuleResult.Failed(LambdaSharedExecutionRoleRule.GlobalRegion, roleArn, role.RoleName, reason, evidence, MostSevere(issues));
                }
                else if (JudgesTrustPolicyOnly ? !role.TrustPolicy.IsOk : !analysis.IsComplete)
                {
                    var problems = JudgesTrustPolicyOnly
                        ? new[] { role.TrustPolicy.Error?.Message ?? $"the trust policy (AssumeRolePolicyDocument) of role {role.RoleName} was not recorded" }
                        : analysis.Problems.ToArray();
                    var result = RuleResult.FromError(LambdaSharedExecutionRoleRule.GlobalRegion, roleArn, role.RoleName,
                        NotCollected(string.Join("; ", problems)), $"execution role {role.RoleName}");
                    result.Evidence.Add("RoleArn", roleArn).Add("Problems", problems);
                    yield return result;
                }
                else
                {
                    evidence.Add("Policies", analysis.Policies.Select(p => p.Label).ToArray()).Add("GrantedActionCount", analysis.Granted.Count);
                    yield return RuleResult.Passed(LambdaSharedExecutionRoleRule.GlobalRegion, roleArn, role.RoleName,
                        $"Execution role {role.RoleName} (used by {string.Join(", ", users)}) {PassedText}.", evidence);
                }
            }
        }

        internal static CallError NotCollected(string message)
            => new CallError("NotCollected", message, "iam GetAccountAuthorizationDetails", "iam:GetAccountAuthorizationDetails", null);

        private string? MostSevere(IEnumerable<LeastPrivilegeIssue> issues)
        {
            var worst = issues.OrderByDescending(i => WafSecurity.Severity.Rank(i.Severity)).First().Severity;
            return worst == Descriptor.Severity ? null : worst;
        }
    }
}
