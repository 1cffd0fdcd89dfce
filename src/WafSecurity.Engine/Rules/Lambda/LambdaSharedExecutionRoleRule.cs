using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>
    /// SEC2.Lambda.SharedExecutionRole: each execution role serves one function, so a function holds only the
    /// permissions it needs and a compromise of one function does not grant what another needs.
    /// </summary>
    public sealed class LambdaSharedExecutionRoleRule : Rule
    {
        /// <summary>IAM roles are global: the finding's region, so its id does not change when the first function moves.</summary>
        public const string GlobalRegion = "global";

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Lambda.SharedExecutionRole",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = "AWS::IAM::Role",
            WellArchitected = new[] { "SEC03-BP02" },
            Title = "Each Lambda execution role is used by one function only",
            Description = "Two or more functions, in any region of the account, that use the same execution role share one " +
                          "set of permissions: each holds what every other needs, and the role cannot be scoped to least " +
                          "privilege. One finding per execution role; it fails when two or more functions use it.",
            Remediation = "Give each function its own execution role holding only the permissions that function needs, " +
                          "then point the function at it (aws lambda update-function-configuration --role <new role arn>).",
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var usersByRole = new Dictionary<string, List<(string Region, LambdaFunction Function)>>(StringComparer.Ordinal);
            var failedRegions = new List<(string Region, CallError Error)>();
            foreach (var region in context.Regions)
            {
                if (region.Functions.State == FetchState.Failed) failedRegions.Add((region.Region, region.Functions.Error!));
                if (!region.Functions.IsOk) continue;
                foreach (var function in region.Functions.Value!)
                {
                    if (string.IsNullOrEmpty(function.Role)) continue;
                    if (!usersByRole.TryGetValue(function.Role!, out var users)) usersByRole[function.Role!] = users = new List<(string, LambdaFunction)>();
                    users.Add((region.Region, function));
                }
            }

            var roles = context.Inventory.Iam.Value;
            foreach (var pair in usersByRole.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var roleArn = pair.Key;
                var roleName = roles?.FindRole(roleArn)?.RoleName ?? roleArn.Substring(roleArn.LastIndexOf('/') + 1);
                var users = pair.Value.OrderBy(u => u.Function.FunctionName, StringComparer.Ordinal)
                    .ThenBy(u => u.Region, StringComparer.Ordinal).Select(u => $"{u.Function.FunctionName}@{u.Region}").ToList();
                var evidence = new Evidence().Add("RoleArn", roleArn).Add("FunctionCount", users.Count).Add("Functions", users.ToArray())
                    .Add("Regions", pair.Value.Select(u => u.Region).Distinct().OrderBy(r => r, StringComparer.Ordinal).ToArray());

                if (users.Count >= 2)
                {
                    yield return RuleResult.Failed(GlobalRegion, roleArn, roleName,
                        $"Execution role {roleName} is shared by {users.Count} functions: {string.Join(", ", users)}; " +
                        "expected each function to have its own role.", evidence);
                }
                else if (failedRegions.Count > 0)
                {
                    // The one known user may share the role with a function in a region whose list could not be read.
                    var (failedRegion, error) = failedRegions[0];
                    var result = RuleResult.FromError(GlobalRegion, roleArn, roleName, error,
                        $"whether execution role {roleName} (used by {users[0]}) is shared: the functions of {failedRegion} are unknown");
                    result.Evidence.Add("RoleArn", roleArn).Add("Functions", users.ToArray())
                        .Add("UnreadRegions", failedRegions.Select(f => f.Region).ToArray());
                    yield return result;
                }
                else
                {
                    yield return RuleResult.Passed(GlobalRegion, roleArn, roleName,
                        $"Execution role {roleName} is used by one function only: {users[0]}.", evidence);
                }
            }
        }
    }
}
