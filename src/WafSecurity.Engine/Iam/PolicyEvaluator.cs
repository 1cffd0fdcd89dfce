using System;
using System.Collections.Generic;

namespace WafSecurity.Engine.Iam
{
    /// <summary>The verdict for one request, with the statements it rests on.</summary>
    public sealed class IamDecision
    {
        internal IamDecision(string decision, IReadOnlyList<CompiledStatement> statements, string reason)
        {
            Decision = decision; Statements = statements; Reason = reason;
        }

        /// <summary>allowed, explicitDeny or implicitDeny.</summary>
        public string Decision { get; }
        public IReadOnlyList<CompiledStatement> Statements { get; }
        public string Reason { get; }
        public bool IsAllowed => Decision == IamDecisions.Allowed;
    }

    /// <summary>
    /// Decides requests against a principal's identity policies, an optional permissions boundary and an optional
    /// resource policy, following "Policy evaluation logic" in the IAM User Guide
    /// (reference_policies_evaluation-logic_policy-eval-denyallow.html and ..._policy-eval-basics.html):
    /// 1. An applicable Deny in any policy is final (explicitDeny). A resource policy's Deny with NotPrincipal applies to
    ///    every caller that has a permissions boundary, whatever NotPrincipal names.
    /// 2. Same account: an Allow in the identity policies (within the boundary, when one is set) or in the resource
    ///    policy suffices. A resource policy Allow naming a user ARN or a role session ARN is not limited by the
    ///    boundary; one naming a role ARN is; one naming only the account delegates to the identity policies.
    /// 3. Cross account: both the caller's identity policies (within its boundary) and the resource policy must allow.
    /// 4. Otherwise implicitDeny. SCPs, RCPs and session policies are out of scope.
    /// </summary>
    public sealed class PolicyEvaluator
    {
        private readonly CompiledPolicy[] _identity;
        private readonly CompiledPolicy? _boundary;
        private readonly CompiledPolicy? _resourcePolicy;

        public PolicyEvaluator(IEnumerable<CompiledPolicy> identityPolicies, CompiledPolicy? permissionsBoundary = null, CompiledPolicy? resourcePolicy = null, string? resourceOwner = null)
        {
            _identity = new List<CompiledPolicy>(identityPolicies).ToArray();
            _boundary = permissionsBoundary;
            _resourcePolicy = resourcePolicy;
            ResourceOwner = string.IsNullOrEmpty(resourceOwner) ? null : resourceOwner;
        }

        /// <summary>The account that owns the resource; default: the account in the resource ARN, else the caller's.</summary>
        public string? ResourceOwner { get; }

        public IamDecision Evaluate(IamRequest request)
        {
            List<CompiledStatement>? denies = null;
            foreach (var policy in _identity) CollectDenies(policy, request, false, ref denies);
            if (_boundary != null) CollectDenies(_boundary, request, false, ref denies);
            if (_resourcePolicy != null) CollectDenies(_resourcePolicy, request, true, ref denies, callerHasBoundary: _boundary != null);
            if (denies != null) return new IamDecision(IamDecisions.ExplicitDeny, denies, $"denied explicitly by {denies[0].Label}");

            List<CompiledStatement>? identityAllows = null;
            foreach (var policy in _identity) CollectAllows(policy, request, ref identityAllows);
            List<CompiledStatement>? boundaryAllows = null;
            if (_boundary != null) CollectAllows(_boundary, request, ref boundaryAllows);
            var withinBoundary = _boundary == null || boundaryAllows != null;

            List<CompiledStatement>? resourceAllows = null;
            var bestGrant = PrincipalGrant.None;
            if (_resourcePolicy != null)
            {
                foreach (var statement in _resourcePolicy.Statements)
                {
                    if (statement.Effect != PolicyEffect.Allow || !statement.Applies(request)) continue;
                    var grant = statement.PrincipalGrantFor(request.CallerArn);
                    if (grant == PrincipalGrant.None) continue;
                    (resourceAllows ??= new List<CompiledStatement>()).Add(statement);
                    if (grant > bestGrant) bestGrant = grant;
                }
            }

            var identityGrants = identityAllows != null && withinBoundary;
            var callerAccount = request.CallerArn == null ? null : Arn.AccountOf(request.CallerArn);
            var owner = ResourceOwner ?? NonEmpty(Arn.AccountOf(request.Resource)) ?? callerAccount;
            var sameAccount = callerAccount == null || owner == null || owner == callerAccount;

            if (sameAccount)
            {
                if (identityGrants) return Allowed(identityAllows!, boundaryAllows, null, "allowed by the identity policies");
                if (resourceAllows != null)
                {
                    var callerIsUser = request.CallerArn != null && request.CallerArn.IndexOf(":user/", StringComparison.Ordinal) > 0;
                    if (bestGrant == PrincipalGrant.Session || (bestGrant == PrincipalGrant.Principal && (callerIsUser || withinBoundary)))
                        return Allowed(null, null, resourceAllows, "allowed by the resource policy");
                }
            }
            else if (identityGrants && resourceAllows != null)
                return Allowed(identityAllows!, boundaryAllows, resourceAllows, "allowed by the identity policies and, across accounts, by the resource policy");

            return new IamDecision(IamDecisions.ImplicitDeny, Array.Empty<CompiledStatement>(), ImplicitReason(identityAllows != null, withinBoundary, resourceAllows != null, sameAccount));
        }

        private string ImplicitReason(bool identityAllows, bool withinBoundary, bool resourceAllows, bool sameAccount)
        {
            if (identityAllows && !withinBoundary) return "allowed by the identity policies but not by the permissions boundary";
            if (!sameAccount && identityAllows && !resourceAllows) return "cross-account request: the resource policy does not allow the caller";
            if (!sameAccount && resourceAllows) return "cross-account request: the caller's identity policies do not allow it";
            if (resourceAllows) return "the resource policy names only the account (or a role limited by its boundary), and the identity policies do not allow it";
            return "no statement allows it";
        }

        private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

        private static IamDecision Allowed(List<CompiledStatement>? identity, List<CompiledStatement>? boundary, List<CompiledStatement>? resource, string reason)
        {
            var all = new List<CompiledStatement>();
            if (identity != null) all.AddRange(identity);
            if (boundary != null && identity != null) all.AddRange(boundary);
            if (resource != null) all.AddRange(resource);
            return new IamDecision(IamDecisions.Allowed, all, reason);
        }

        private static void CollectDenies(CompiledPolicy policy, IamRequest request, bool checkPrincipal, ref List<CompiledStatement>? denies, bool callerHasBoundary = false)
        {
            foreach (var statement in policy.Statements)
            {
                if (statement.Effect != PolicyEffect.Deny || !statement.Applies(request)) continue;
                // IAM User Guide (reference_policies_elements_notprincipal.html, access_policies_boundaries.html): "The
                // NotPrincipal element with a Deny effect will always deny any IAM principal that has a permissions
                // boundary policy attached, regardless of the values specified in the NotPrincipal element."
                var notPrincipalMeetsBoundary = callerHasBoundary && statement.Statement.NotPrincipal != null;
                if (checkPrincipal && !notPrincipalMeetsBoundary && statement.PrincipalGrantFor(request.CallerArn) == PrincipalGrant.None) continue;
                (denies ??= new List<CompiledStatement>()).Add(statement);
            }
        }

        private static void CollectAllows(CompiledPolicy policy, IamRequest request, ref List<CompiledStatement>? allows)
        {
            foreach (var statement in policy.Statements)
                if (statement.Effect == PolicyEffect.Allow && statement.Applies(request))
                    (allows ??= new List<CompiledStatement>()).Add(statement);
        }
    }
}
