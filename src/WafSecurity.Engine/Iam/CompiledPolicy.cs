using System;
using System.Collections.Generic;

namespace WafSecurity.Engine.Iam
{
    /// <summary>Where a policy sits in the evaluation (IAM's policy types that apply within an account).</summary>
    public enum PolicyKind { Identity, PermissionsBoundary, Resource }

    /// <summary>A policy compiled once (patterns and conditions pre-built) and evaluated many times.</summary>
    public sealed class CompiledPolicy
    {
        private CompiledPolicy(PolicyDocument document, string policyId, PolicyKind kind)
        {
            Document = document; PolicyId = policyId; Kind = kind;
        }

        public PolicyDocument Document { get; }
        /// <summary>A name for messages and MatchedStatements, e.g. a policy ARN or "PolicyInputList.1".</summary>
        public string PolicyId { get; }
        public PolicyKind Kind { get; }
        public IReadOnlyList<CompiledStatement> Statements { get; private set; } = Array.Empty<CompiledStatement>();

        /// <summary>Compiles a parsed policy. Throws PolicyParseException (with a JSON path) for content IAM would reject.</summary>
        public static CompiledPolicy Compile(PolicyDocument document, string policyId, PolicyKind kind)
        {
            var policy = new CompiledPolicy(document, policyId, kind);
            // Policy variables exist only in version 2012-10-17; in 2008-10-17 (the default when Version is absent)
            // "${...}" is literal text (IAM User Guide, reference_policies_variables.html).
            var variables = document.Version == "2012-10-17";
            var statements = new CompiledStatement[document.Statements.Count];
            for (var i = 0; i < statements.Length; i++)
                statements[i] = new CompiledStatement(policy, document.Statements[i], document.Statements.Count == 1 ? "$.Statement" : $"$.Statement[{i}]", variables);
            policy.Statements = statements;
            return policy;
        }

        /// <summary>Parses and compiles policy text in any shape PolicyParser accepts.</summary>
        public static CompiledPolicy Parse(string text, string policyId, PolicyKind kind)
            => Compile(PolicyParser.Parse(text), policyId, kind);

        public override string ToString() => PolicyId;
    }

    /// <summary>How strongly a resource policy's principal names the caller (it matters within one account).</summary>
    public enum PrincipalGrant
    {
        None,
        /// <summary>The caller's account (12-digit id or :root): access is delegated to the account's identity policies.</summary>
        Account,
        /// <summary>"*", or the caller's user or role ARN.</summary>
        Principal,
        /// <summary>The caller's exact assumed-role session ARN.</summary>
        Session,
    }

    public sealed class CompiledStatement
    {
        private readonly PolicyPattern[] _actions;
        private readonly bool _actionsNegated;
        private readonly PolicyPattern[] _resources;
        private readonly bool _resourcesNegated;
        private readonly bool _anyResource;
        private readonly ConditionEvaluator[] _conditions;

        internal CompiledStatement(CompiledPolicy policy, PolicyStatement statement, string path, bool variables = true)
        {
            Policy = policy; Statement = statement;
            // IAM rejects these shapes when a policy is attached, so the simulator must too.
            var hasPrincipal = statement.Principal != null || statement.NotPrincipal != null;
            if (policy.Kind != PolicyKind.Resource && hasPrincipal)
                throw new PolicyParseException(path + (statement.Principal != null ? ".Principal" : ".NotPrincipal"), "an identity policy or permissions boundary cannot name a principal");
            if (policy.Kind != PolicyKind.Resource && statement.Resources.Count == 0 && statement.NotResources.Count == 0)
                throw new PolicyParseException(path, "has neither Resource nor NotResource");
            if (policy.Kind == PolicyKind.Resource && !hasPrincipal)
                throw new PolicyParseException(path, "a resource policy statement needs Principal or NotPrincipal");
            if (statement.Actions.Count == 0 && statement.NotActions.Count == 0)
                throw new PolicyParseException(path + (statement.HasNotAction ? ".NotAction" : ".Action"), "is empty");
            _actionsNegated = statement.HasNotAction;
            var actions = _actionsNegated ? statement.NotActions : statement.Actions;
            _actions = new PolicyPattern[actions.Count];
            for (var i = 0; i < actions.Count; i++)
            {
                var action = actions[i];
                if (action != "*" && action.IndexOf(':') <= 0)
                    throw new PolicyParseException($"{path}.{(_actionsNegated ? "NotAction" : "Action")}", $"'{action}' is not an action (expected service:Name or \"*\")");
                // Actions take no policy variables and match case-insensitively.
                _actions[i] = PolicyPattern.Compile(action, Wildcard.HasWildcard(action) ? PatternKind.Glob : PatternKind.Exact, ignoreCase: true, allowVariables: false);
            }
            _resourcesNegated = statement.HasNotResource;
            var resources = _resourcesNegated ? statement.NotResources : statement.Resources;
            // A statement with neither element (a trust policy) applies to the resource it is attached to.
            _anyResource = resources.Count == 0;
            _resources = new PolicyPattern[resources.Count];
            for (var i = 0; i < resources.Count; i++)
                _resources[i] = PolicyPattern.Compile(resources[i], PatternKind.ResourceArn, ignoreCase: false, allowVariables: variables);
            _conditions = new ConditionEvaluator[statement.Conditions.Count];
            for (var i = 0; i < _conditions.Length; i++)
                _conditions[i] = ConditionEvaluator.Compile(statement.Conditions[i], path + ".Condition", variables);
        }

        public CompiledPolicy Policy { get; }
        public PolicyStatement Statement { get; }
        public PolicyEffect Effect => Statement.Effect;
        public IReadOnlyList<ConditionEvaluator> Conditions => _conditions;

        /// <summary>"policyId Statement 'Sid'" for messages.</summary>
        public string Label => $"{Policy.PolicyId} {Statement.Label}";

        public bool MatchesAction(string action)
        {
            var any = false;
            foreach (var pattern in _actions)
                if (pattern.IsMatch(action, null)) { any = true; break; }
            return any != _actionsNegated;
        }

        public bool MatchesResource(string resource, IRequestValues? context)
        {
            if (_anyResource) return true;
            var any = false;
            foreach (var pattern in _resources)
                if (pattern.IsMatch(resource, context)) { any = true; break; }
            return any != _resourcesNegated;
        }

        public bool ConditionsHold(IamRequest request)
        {
            foreach (var condition in _conditions)
                if (!condition.Evaluate(request)) return false;
            return true;
        }

        /// <summary>Action, resource and conditions (principal not considered).</summary>
        public bool Applies(IamRequest request)
            => MatchesAction(request.Action) && MatchesResource(request.Resource, request) && ConditionsHold(request);

        /// <summary>How this statement's Principal/NotPrincipal names the caller (resource policies only).</summary>
        public PrincipalGrant PrincipalGrantFor(string? caller)
        {
            if (Statement.Principal != null) return PrincipalMatcher.Match(Statement.Principal, caller);
            if (Statement.NotPrincipal != null)
                // NotPrincipal applies to everyone not listed; what it grants is the same as a "*" principal.
                return PrincipalMatcher.Match(Statement.NotPrincipal, caller) == PrincipalGrant.None ? PrincipalGrant.Principal : PrincipalGrant.None;
            return PrincipalGrant.None;
        }

        public override string ToString() => Label;
    }

    /// <summary>Matches a caller (IAM user/role/session ARN, account root, or service principal) against a Principal element.</summary>
    public static class PrincipalMatcher
    {
        public static PrincipalGrant Match(PrincipalSet principals, string? caller)
        {
            if (principals.IsWildcardString) return PrincipalGrant.Principal;
            var best = PrincipalGrant.None;
            foreach (var pair in principals.All())
            {
                var grant = MatchOne(pair.Key, pair.Value, caller);
                if (grant > best) best = grant;
            }
            return best;
        }

        private static PrincipalGrant MatchOne(string type, string value, string? caller)
        {
            if (type.Equals("AWS", StringComparison.OrdinalIgnoreCase))
            {
                if (value == "*") return PrincipalGrant.Principal;
                if (caller == null) return PrincipalGrant.None;
                var callerAccount = Arn.AccountOf(caller);
                if (callerAccount == null) return PrincipalGrant.None;
                if (IsAccountId(value)) return value == callerAccount ? PrincipalGrant.Account : PrincipalGrant.None;
                if (value.StartsWith("arn:", StringComparison.Ordinal) && value.EndsWith(":root", StringComparison.Ordinal))
                    return Arn.AccountOf(value) == callerAccount ? PrincipalGrant.Account : PrincipalGrant.None;
                if (string.Equals(value, caller, StringComparison.Ordinal))
                    return caller.IndexOf(":assumed-role/", StringComparison.Ordinal) > 0 ? PrincipalGrant.Session : PrincipalGrant.Principal;
                // A role ARN names the role's sessions too; the session ARN carries no path, so compare account and name.
                if (IsRoleArn(value, out var roleAccount, out var roleName))
                {
                    var callerRole = IamRequest.PrincipalArnOf(caller);
                    if (IsRoleArn(callerRole, out var callerRoleAccount, out var callerRoleName)
                        && roleAccount == callerRoleAccount && roleName == callerRoleName)
                        return PrincipalGrant.Principal;
                }
                return PrincipalGrant.None;
            }
            if (caller == null) return PrincipalGrant.None;
            if (type.Equals("Service", StringComparison.OrdinalIgnoreCase))
                return value == "*" || string.Equals(value, caller, StringComparison.OrdinalIgnoreCase) ? PrincipalGrant.Principal : PrincipalGrant.None;
            return value == "*" || string.Equals(value, caller, StringComparison.Ordinal) ? PrincipalGrant.Principal : PrincipalGrant.None;
        }

        internal static bool IsAccountId(string value)
        {
            if (value.Length != 12) return false;
            foreach (var c in value) if (c < '0' || c > '9') return false;
            return true;
        }

        private static bool IsRoleArn(string arn, out string account, out string roleName)
        {
            account = roleName = "";
            var parts = arn.Split(new[] { ':' }, 6);
            if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "iam" || !parts[5].StartsWith("role/", StringComparison.Ordinal)) return false;
            account = parts[4];
            roleName = parts[5].Substring(parts[5].LastIndexOf('/') + 1);
            return true;
        }
    }
}
