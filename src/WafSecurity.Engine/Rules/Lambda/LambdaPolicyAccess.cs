using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>One offending principal of one statement of one of a function's policies.</summary>
    internal sealed class PolicyOffence
    {
        public PolicyOffence(string? qualifier, string where, StatementAccess statement, PrincipalAccess principal)
        {
            Qualifier = qualifier; Where = where; Statement = statement; Principal = principal;
        }

        /// <summary>Null for the unqualified function policy.</summary>
        public string? Qualifier { get; }
        /// <summary>"the function policy", "the policy on alias 'live'", "the policy on version '3'".</summary>
        public string Where { get; }
        public StatementAccess Statement { get; }
        public PrincipalAccess Principal { get; }

        public string ActionText => string.Join(", ", Statement.Actions);

        /// <summary>"Statement 'AllowAll' of the policy on alias 'live' lets principal '*' call lambda:InvokeFunction with no restricting condition."</summary>
        public string Sentence(string principalNoun = "principal")
            => $"{Statement.Label} of {Where} lets {principalNoun} '{Principal.Value}' call {ActionText} {Principal.Reason}.";
    }

    /// <summary>What every Lambda resource-policy rule shares: walking the unqualified and qualified policies of a function.</summary>
    internal static class LambdaPolicyAccess
    {
        /// <summary>Every action a function policy can grant; any of them granted publicly counts (Security Hub Lambda.1).</summary>
        public static readonly string[] Actions = { "lambda:*" };
        /// <summary>Function URLs with AuthType NONE serve unsigned requests.</summary>
        public static readonly string[] UnsignedActions = { "lambda:InvokeFunctionUrl" };

        public sealed class Evaluation
        {
            public List<PolicyOffence> Offences { get; } = new List<PolicyOffence>();
            /// <summary>The first failed or uncollected input (a policy, or the alias list), when there was one.</summary>
            public (CallError Error, string What)? Error { get; set; }
            public int PoliciesRead { get; set; }
            public int QualifiedPolicies { get; set; }
        }

        /// <summary>The unqualified policy first, then qualified ones by qualifier.</summary>
        public static IEnumerable<(string? Qualifier, Fetched<ResourcePolicy> Policy)> Policies(LambdaFunction function)
        {
            yield return (null, function.Policy);
            foreach (var pair in function.QualifiedPolicies.OrderBy(p => p.Key, StringComparer.Ordinal))
                yield return (pair.Key, pair.Value);
        }

        public static string Where(LambdaFunction function, string? qualifier)
        {
            if (qualifier == null) return "the function policy";
            // Alias names cannot be all digits, so a numeric qualifier is a version.
            var isVersion = qualifier == "$LATEST" || qualifier.All(char.IsDigit);
            return isVersion ? $"the policy on version '{qualifier}'" : $"the policy on alias '{qualifier}'";
        }

        public static string ArnOf(LambdaFunction function, string? qualifier)
            => qualifier == null ? function.FunctionArn : function.FunctionArn + ":" + qualifier;

        public static Evaluation Evaluate(LambdaFunction function, string accountId, ResourceAccessOptions options,
            Func<StatementAccess, IEnumerable<PrincipalAccess>> offending)
        {
            var evaluation = new Evaluation();
            foreach (var (qualifier, policy) in Policies(function))
            {
                if (qualifier != null) evaluation.QualifiedPolicies++;
                if (policy.State == FetchState.Absent) continue;
                if (!policy.IsOk)
                {
                    evaluation.Error ??= (policy.Error!, qualifier == null ? "the function policy" : Where(function, qualifier));
                    continue;
                }
                evaluation.PoliciesRead++;
                var report = ResourceAccessAnalyzer.Analyze(policy.Value!.Document, accountId, ArnOf(function, qualifier), options);
                foreach (var statement in report.Statements)
                    foreach (var principal in offending(statement))
                        evaluation.Offences.Add(new PolicyOffence(qualifier, Where(function, qualifier), statement, principal));
            }
            // A failed alias listing may hide alias policies; an uncollected one does not: qualified policies are found by file.
            if (function.Aliases.State == FetchState.Failed) evaluation.Error ??= (function.Aliases.Error!, "the function's aliases");
            return evaluation;
        }

        public static ResourceAccessOptions Options(IReadOnlyCollection<string>? trusted = null, bool crossAccountAllowed = true)
            => new ResourceAccessOptions
            {
                Actions = Actions, UnsignedActions = UnsignedActions, CrossAccountAllowed = crossAccountAllowed,
                TrustedAccountIds = trusted ?? Array.Empty<string>(),
            };

        /// <summary>Evidence in the documented order: Qualifier, Sid, Principal, Actions, Condition, StatementJson (+ the other offences).</summary>
        public static Evidence EvidenceFor(IReadOnlyList<PolicyOffence> offences)
        {
            var first = offences[0];
            var evidence = new Evidence()
                .Add("Qualifier", first.Qualifier)
                .Add("Sid", first.Statement.Sid ?? first.Statement.Label)
                .Add("Principal", first.Principal.Value)
                .Add("Actions", first.ActionText)
                .Add("Condition", first.Statement.ConditionText.Length == 0 ? "(none)" : first.Statement.ConditionText)
                .Add("StatementJson", first.Statement.Json);
            if (offences.Count > 1)
                evidence.Add("OtherStatements", offences.Skip(1).Select(o => $"{o.Statement.Label} of {o.Where}: {o.Principal.Value}").Distinct().ToArray());
            return evidence;
        }

        /// <summary>Remove-LMPermission for every offending statement (Lambda statements always carry the StatementId as Sid).</summary>
        public static string? RemovePermissionCommand(LambdaFunction function, string region, IEnumerable<PolicyOffence> offences)
        {
            var commands = offences.Where(o => !string.IsNullOrEmpty(o.Statement.Sid))
                .Select(o => $"Remove-LMPermission -FunctionName '{Quote(function.FunctionName)}' -StatementId '{Quote(o.Statement.Sid!)}'"
                             + (o.Qualifier == null ? "" : $" -Qualifier '{Quote(o.Qualifier)}'") + $" -Region {region} -Force")
                .Distinct().ToList();
            return commands.Count == 0 ? null : string.Join("; ", commands);
        }

        /// <summary>Single-quoted PowerShell string content.</summary>
        public static string Quote(string value) => value.Replace("'", "''");

        public static string Plural(int count, string noun)
            => count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : noun.EndsWith("y", StringComparison.Ordinal) ? noun.Substring(0, noun.Length - 1) + "ies" : noun + "s");
    }
}
