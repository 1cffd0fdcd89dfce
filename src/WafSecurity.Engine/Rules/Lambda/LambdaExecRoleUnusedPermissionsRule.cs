using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>
    /// SEC2.Lambda.ExecRoleUnusedPermissions: services (and IAM-tracked actions) an execution role is granted but has not
    /// used for UnusedDays, from IAM service last-accessed data. Roles younger than UnusedDays are not judged.
    /// </summary>
    public sealed class LambdaExecRoleUnusedPermissionsRule : Rule
    {
        public const string UnusedDaysParameter = "UnusedDays";
        /// <summary>IAM keeps last-accessed data for 400 days; a longer window would read "never" for any old use.</summary>
        public const int MaxTrackedDays = 400;
        private const int ServicesInReason = 10;

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Lambda.ExecRoleUnusedPermissions",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = "AWS::IAM::Role",
            WellArchitected = new[] { "SEC03-BP04" },
            Title = "Lambda execution roles use the services they are granted",
            Description = "Compares the service namespaces an execution role's effective Allow grants with IAM's service last-accessed " +
                          "data (GenerateServiceLastAccessedDetails, ACTION_LEVEL): a granted service not authenticated to within UnusedDays, " +
                          "or a granted action IAM tracks that was not used, is an obsolete permission. Roles created less than UnusedDays " +
                          "before the snapshot are not judged. Last-accessed data does not show iam:PassRole or data-plane use.",
            Remediation = "Remove the unused services and actions from the role's policies, or replace them with a policy generated " +
                          "from the function's activity (IAM Access Analyzer policy generation).",
            Parameters = new[] { new RuleParameter(UnusedDaysParameter, 90, "Days without use (and minimum role age) before a granted service counts as unused (1 to 400).") },
        };

        public override RuleDescriptor Descriptor => Info;

        public override void ValidateParameters(RuleParameterValues parameters)
        {
            var days = parameters.GetInt(UnusedDaysParameter);
            if (days < 1 || days > MaxTrackedDays)
                throw new ArgumentException($"Parameter {Info.Id}.{UnusedDaysParameter} must be between 1 and {MaxTrackedDays} (IAM's tracking period); {days} is not.");
        }

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            // Not collected at all: the reader said so once; there is nothing to judge with.
            if (!context.Inventory.LastAccessedCollected) yield break;
            var roles = context.Shared(inventory => new LambdaRoleInventory(inventory));
            var days = context.Parameters.GetInt(UnusedDaysParameter);
            const string region = LambdaSharedExecutionRoleRule.GlobalRegion;
            foreach (var roleArn in roles.UsedRoleArns)
            {
                var users = roles.FunctionsUsing(roleArn).Select(u => $"{u.Function.FunctionName}@{u.Region}").OrderBy(u => u, StringComparer.Ordinal).ToArray();
                var roleName = roleArn.Substring(roleArn.LastIndexOf('/') + 1);
                var what = $"the unused permissions of execution role {roleName}";
                if (roles.Analyzer == null)
                {
                    yield return RuleResult.FromError(region, roleArn, roleName, context.Inventory.Iam.Error
                        ?? ExecutionRoleRule.NotCollected($"iam GetAccountAuthorizationDetails was not recorded, so role {roleName} cannot be judged"), what);
                    continue;
                }
                var role = roles.FindRole(roleArn);
                if (role == null)
                {
                    yield return RuleResult.FromError(region, roleArn, roleName,
                        ExecutionRoleRule.NotCollected($"role {roleArn} is not in the recorded GetAccountAuthorizationDetails"), what);
                    continue;
                }
                var evidence = new Evidence().Add("RoleArn", roleArn).Add("Functions", users)
                    .Add("CreateDate", role.CreateDate?.ToString("yyyy-MM-dd")).Add(UnusedDaysParameter, days);
                if (role.CreateDate != null && (context.Now - role.CreateDate.Value).TotalDays <= days)
                {
                    yield return RuleResult.Passed(region, roleArn, role.RoleName,
                        $"Execution role {role.RoleName} was created {role.CreateDate:yyyy-MM-dd}, less than {days} days ago: too young to judge unused permissions.", evidence);
                    continue;
                }
                var report = context.Inventory.LastAccessedOf(role.RoleName);
                if (!report.IsOk)
                {
                    yield return RuleResult.FromError(region, roleArn, role.RoleName, report.Error!, what);
                    continue;
                }
                var analysis = roles.Analyzer.Analyze(role);
                if (!analysis.IsComplete)
                {
                    var result = RuleResult.FromError(region, roleArn, role.RoleName, ExecutionRoleRule.NotCollected(string.Join("; ", analysis.Problems)), what);
                    result.Evidence.Add("RoleArn", roleArn).Add("Problems", analysis.Problems.ToArray());
                    yield return result;
                    continue;
                }
                var unused = UnusedPermissions.Compute(analysis, report.Value!, context.Now, days);
                evidence.Add("JobCompletionDate", report.Value!.JobCompletionDate?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"))
                    .Add("GrantedServices", unused.GrantedServices.ToArray()).Add("UsedServices", unused.UsedServices.ToArray())
                    .Add("UnusedServices", unused.UnusedServices.ToArray()).Add("UnusedActions", unused.UnusedActions.ToArray());
                var who = $"Execution role {role.RoleName} (used by {string.Join(", ", users)})";
                if (!unused.Any)
                {
                    yield return RuleResult.Passed(region, roleArn, role.RoleName,
                        $"{who} used every granted service{(unused.GrantedServices.Count == 0 ? "" : " (" + string.Join(", ", unused.GrantedServices) + ")")} " +
                        $"and every granted tracked action within {days} days.", evidence);
                    continue;
                }
                var parts = new List<string>();
                if (unused.UnusedServices.Count > 0)
                    parts.Add($"{unused.UnusedServices.Count} of {unused.GrantedServices.Count} granted services not used for {days} days: " +
                              string.Join(", ", unused.UnusedServices.Take(ServicesInReason)) +
                              (unused.UnusedServices.Count > ServicesInReason ? $" and {unused.UnusedServices.Count - ServicesInReason} more (see Evidence.UnusedServices)" : ""));
                if (unused.UnusedActions.Count > 0)
                    parts.Add($"unused tracked actions: " + string.Join(", ", unused.UnusedActions.Take(ServicesInReason)) +
                              (unused.UnusedActions.Count > ServicesInReason ? $" and {unused.UnusedActions.Count - ServicesInReason} more (see Evidence.UnusedActions)" : ""));
                yield return RuleResult.Failed(region, roleArn, role.RoleName, $"{who}: {string.Join("; ", parts)}.", evidence);
            }
        }
    }
}
