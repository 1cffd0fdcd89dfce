using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Iam
{
    /// <summary>A policy a role carries: inline or attached managed (or its permissions boundary), compiled.</summary>
    public sealed class RolePolicy
    {
        internal RolePolicy(string label, string? arn, CompiledPolicy compiled) { Label = label; Arn = arn; Compiled = compiled; }
        /// <summary>The managed policy ARN, or "inline:NAME".</summary>
        public string Label { get; }
        public string? Arn { get; }
        public CompiledPolicy Compiled { get; }
        public override string ToString() => Label;
    }

    /// <summary>What one Allow or Deny statement covers, as concrete catalog actions.</summary>
    public sealed class StatementGrant
    {
        internal StatementGrant(RolePolicy policy, CompiledStatement statement, ActionSet actions)
        {
            Policy = policy; Statement = statement; Actions = actions;
            var s = statement.Statement;
            ResourceIsStar = s.HasNotResource || s.Resources.Count == 0 || s.Resources.Any(r => r == "*");
            HasConditions = s.Conditions.Count > 0;
        }

        public RolePolicy Policy { get; }
        public CompiledStatement Statement { get; }
        public ActionSet Actions { get; }
        /// <summary>Resource "*" or NotResource: not scoped to named resources.</summary>
        public bool ResourceIsStar { get; }
        public bool HasConditions { get; }
        /// <summary>Resource "*" (or NotResource) and no Condition: the statement grants its actions on everything.</summary>
        public bool Unconstrained => ResourceIsStar && !HasConditions;
        /// <summary>The statement's Sid, else Statement[i].</summary>
        public string StatementLabel => string.IsNullOrEmpty(Statement.Statement.Sid) ? $"Statement[{Statement.Statement.Index}]" : Statement.Statement.Sid!;
    }

    /// <summary>One execution role as granted: its policies, what they grant after Deny and boundary, and its issues.</summary>
    public sealed class ExecutionRoleAnalysis
    {
        internal ExecutionRoleAnalysis(IamRole role) { Role = role; }

        public IamRole Role { get; }
        public IReadOnlyList<RolePolicy> Policies { get; internal set; } = Array.Empty<RolePolicy>();
        public RolePolicy? Boundary { get; internal set; }
        /// <summary>Policies that could not be read (not collected, invalid): the analysis is incomplete when any exist.</summary>
        public IReadOnlyList<string> Problems { get; internal set; } = Array.Empty<string>();
        public IReadOnlyList<StatementGrant> Allows { get; internal set; } = Array.Empty<StatementGrant>();
        /// <summary>Actions granted on some resource, after unconditional Deny statements and the boundary.</summary>
        public ActionSet Granted { get; internal set; } = null!;
        public IReadOnlyList<LeastPrivilegeIssue> Issues { get; internal set; } = Array.Empty<LeastPrivilegeIssue>();
        /// <summary>Decides concrete requests against the role's identity policies and boundary.</summary>
        public PolicyEvaluator Evaluator { get; internal set; } = null!;

        public bool IsComplete => Problems.Count == 0;
        public IEnumerable<LeastPrivilegeIssue> IssuesFor(string ruleId) => Issues.Where(i => i.RuleId == ruleId);
    }

    /// <summary>
    /// Judges Lambda execution roles (rule-catalog.md, the execution-role rules, SEC2.Lambda.ExecRoleAdmin and the others). One analyzer per inventory: managed
    /// policies shared by many roles are compiled and expanded once.
    /// </summary>
    public sealed class ExecutionRoleAnalyzer
    {
        public const string AdministratorAccessArnSuffix = ":iam::aws:policy/AdministratorAccess";

        private readonly IamAuthorizationDetails _details;
        private readonly ActionCatalog _catalog;
        private readonly Dictionary<string, (RolePolicy? Policy, List<StatementGrant> Grants, string? Problem)> _managed = new Dictionary<string, (RolePolicy?, List<StatementGrant>, string?)>(StringComparer.Ordinal);
        private readonly Dictionary<string, ExecutionRoleAnalysis> _roles = new Dictionary<string, ExecutionRoleAnalysis>(StringComparer.Ordinal);
        private readonly object _gate = new object();

        public ExecutionRoleAnalyzer(IamAuthorizationDetails details, ActionCatalog? catalog = null)
        {
            _details = details; _catalog = catalog ?? ActionCatalog.Default;
        }

        public ExecutionRoleAnalysis Analyze(IamRole role)
        {
            lock (_gate)
            {
                if (_roles.TryGetValue(role.Arn, out var cached)) return cached;
                var analysis = Build(role);
                _roles[role.Arn] = analysis;
                return analysis;
            }
        }

        private ExecutionRoleAnalysis Build(IamRole role)
        {
            var analysis = new ExecutionRoleAnalysis(role);
            var problems = new List<string>();
            var policies = new List<RolePolicy>();
            var grants = new List<StatementGrant>();
            foreach (var inline in role.InlinePolicies)
            {
                if (!inline.Document.IsOk) { problems.Add($"inline policy {inline.Name}: {inline.Document.Error?.Message ?? "not collected"}"); continue; }
                var compiled = TryCompile(inline.Document.Value!, "inline:" + inline.Name, PolicyKind.Identity, problems);
                if (compiled == null) continue;
                var policy = new RolePolicy("inline:" + inline.Name, null, compiled);
                policies.Add(policy);
                grants.AddRange(Expand(policy));
            }
            foreach (var arn in role.AttachedManagedPolicyArns)
            {
                var (policy, policyGrants, problem) = Managed(arn, PolicyKind.Identity);
                if (problem != null) { problems.Add(problem); continue; }
                policies.Add(policy!);
                grants.AddRange(policyGrants);
            }
            RolePolicy? boundary = null;
            List<StatementGrant>? boundaryGrants = null;
            if (!string.IsNullOrEmpty(role.PermissionsBoundaryArn))
            {
                var (policy, policyGrants, problem) = Managed(role.PermissionsBoundaryArn!, PolicyKind.PermissionsBoundary);
                if (problem != null) problems.Add("permissions boundary " + problem);
                else { boundary = policy; boundaryGrants = policyGrants; }
            }

            var granted = new ActionSet(_catalog);
            foreach (var grant in grants.Where(g => g.Statement.Effect == PolicyEffect.Allow)) granted.UnionWith(grant.Actions);
            // A Deny removes an action only when it denies it everywhere: Resource "*" and no Condition.
            foreach (var grant in grants.Where(g => g.Statement.Effect == PolicyEffect.Deny && g.Unconstrained)) granted.ExceptWith(grant.Actions);
            if (boundaryGrants != null)
            {
                var within = new ActionSet(_catalog);
                foreach (var grant in boundaryGrants.Where(g => g.Statement.Effect == PolicyEffect.Allow)) within.UnionWith(grant.Actions);
                foreach (var grant in boundaryGrants.Where(g => g.Statement.Effect == PolicyEffect.Deny && g.Unconstrained)) within.ExceptWith(grant.Actions);
                granted.IntersectWith(within);
            }

            analysis.Policies = policies;
            analysis.Boundary = boundary;
            analysis.Problems = problems;
            analysis.Allows = grants.Where(g => g.Statement.Effect == PolicyEffect.Allow).ToList();
            analysis.Granted = granted;
            analysis.Evaluator = new PolicyEvaluator(policies.Select(p => p.Compiled), boundary?.Compiled);
            analysis.Issues = ExecutionRoleChecks.Find(analysis, _catalog);
            return analysis;
        }

        private (RolePolicy? Policy, List<StatementGrant> Grants, string? Problem) Managed(string arn, PolicyKind kind)
        {
            var key = kind + "|" + arn;
            if (_managed.TryGetValue(key, out var cached)) return cached;
            (RolePolicy?, List<StatementGrant>, string?) result;
            var managed = _details.FindPolicy(arn);
            if (managed == null)
                result = (null, new List<StatementGrant>(), $"managed policy {arn} is not in the collected GetAccountAuthorizationDetails (collect it with --filter LocalManagedPolicy AWSManagedPolicy)");
            else if (!managed.DefaultDocument.IsOk)
                result = (null, new List<StatementGrant>(), $"managed policy {arn}: {managed.DefaultDocument.Error?.Message ?? "its default version was not collected"}");
            else
            {
                var problems = new List<string>();
                var compiled = TryCompile(managed.DefaultDocument.Value!, arn, kind, problems);
                if (compiled == null) result = (null, new List<StatementGrant>(), problems[0]);
                else
                {
                    var policy = new RolePolicy(arn, arn, compiled);
                    result = (policy, Expand(policy).ToList(), null);
                }
            }
            _managed[key] = result;
            return result;
        }

        private static CompiledPolicy? TryCompile(PolicyDocument document, string id, PolicyKind kind, List<string> problems)
        {
            try
            {
                return CompiledPolicy.Compile(document, id, kind);
            }
            catch (PolicyParseException ex)
            {
                problems.Add($"{id} is not a valid policy: {ex.Message}");
                return null;
            }
        }

        private IEnumerable<StatementGrant> Expand(RolePolicy policy)
        {
            foreach (var statement in policy.Compiled.Statements)
            {
                var set = new ActionSet(_catalog);
                if (statement.Statement.HasNotAction)
                {
                    foreach (var action in _catalog.AllActions)
                        if (statement.MatchesAction(action.FullName)) set.Add(action);
                }
                else
                {
                    foreach (var pattern in statement.Statement.Actions)
                        foreach (var action in _catalog.Expand(pattern)) set.Add(action);
                }
                yield return new StatementGrant(policy, statement, set);
            }
        }
    }
}
