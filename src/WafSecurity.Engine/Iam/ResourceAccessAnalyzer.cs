using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace WafSecurity.Engine.Iam
{
    /// <summary>Who an Allow statement of a resource policy lets in, worst last.</summary>
    public enum AccessClassification
    {
        /// <summary>The audited account, a trusted account, a scoped service, or a public grant neutralised by a condition or a Deny.</summary>
        Restricted = 0,
        /// <summary>An account outside the audited account and the trusted list (named by the principal or by a condition value).</summary>
        CrossAccount = 1,
        /// <summary>A service principal without a fixed aws:SourceArn / aws:SourceAccount (confused deputy).</summary>
        ServiceUnscoped = 2,
        /// <summary>Anyone: a public principal with no restricting condition and no Deny that closes it.</summary>
        Public = 3,
    }

    public sealed class ResourceAccessOptions
    {
        /// <summary>Action patterns that matter (e.g. "lambda:*" or "secretsmanager:GetSecretValue"); empty: every action.</summary>
        public IReadOnlyList<string> Actions { get; set; } = Array.Empty<string>();
        /// <summary>Accounts treated like the audited one.</summary>
        public IReadOnlyCollection<string> TrustedAccountIds { get; set; } = Array.Empty<string>();
        /// <summary>
        /// True: a grant limited to another account is not a finding (classified Restricted), as Prowler's
        /// is_cross_account_allowed. False: it is CrossAccount.
        /// </summary>
        public bool CrossAccountAllowed { get; set; }
        /// <summary>
        /// Actions AWS can serve to unsigned (anonymous) callers, e.g. lambda:InvokeFunctionUrl behind AuthType NONE.
        /// Principal keys are absent from such requests, so their *IfExists forms do not restrict a statement granting them.
        /// </summary>
        public IReadOnlyList<string> UnsignedActions { get; set; } = Array.Empty<string>();
    }

    /// <summary>One principal value of an Allow statement and what it lets in.</summary>
    public sealed class PrincipalAccess
    {
        public PrincipalAccess(string type, string value, AccessClassification classification, string reason, IReadOnlyList<string> foreignAccounts)
        {
            Type = type; Value = value; Classification = classification; Reason = reason; ForeignAccounts = foreignAccounts;
        }

        /// <summary>"*" (the bare wildcard), AWS, Service, Federated, CanonicalUser, NotPrincipal, or None (no Principal element).</summary>
        public string Type { get; }
        /// <summary>The principal as written ("*", an account id, an ARN, a service name), or "everyone except ..." for NotPrincipal.</summary>
        public string Value { get; }
        public AccessClassification Classification { get; }
        /// <summary>Words for a Reason, following "lets principal 'X' call A": e.g. "with no restricting condition".</summary>
        public string Reason { get; }
        public IReadOnlyList<string> ForeignAccounts { get; }
    }

    /// <summary>The verdict on one Allow statement relevant to the action set.</summary>
    public sealed class StatementAccess
    {
        internal StatementAccess(PolicyStatement statement, IReadOnlyList<PrincipalAccess> principals, IReadOnlyList<string> actions, string? deniedBy)
        {
            Statement = statement; Principals = principals; Actions = actions; DeniedBy = deniedBy;
            Classification = principals.Count == 0 ? AccessClassification.Restricted : principals.Max(p => p.Classification);
        }

        public PolicyStatement Statement { get; }
        public string? Sid => Statement.Sid;
        public int Index => Statement.Index;
        /// <summary>"Statement 'Sid'" or "Statement[2]".</summary>
        public string Label => Statement.Label;
        public string Json => Statement.Json;
        /// <summary>The worst classification over the statement's principals.</summary>
        public AccessClassification Classification { get; }
        public IReadOnlyList<PrincipalAccess> Principals { get; }
        /// <summary>The relevant actions the statement still grants (after unconditional Denies), as patterns.</summary>
        public IReadOnlyList<string> Actions { get; }
        /// <summary>The Deny statement(s) that took away every relevant action, when that is why the statement is Restricted.</summary>
        public string? DeniedBy { get; }
        /// <summary>The statement's conditions as "Operator Key [values]", joined by "; " (empty: none).</summary>
        public string ConditionText => string.Join("; ", Statement.Conditions.Select(c => c.ToString()));

        public IEnumerable<PrincipalAccess> PrincipalsOf(AccessClassification classification)
            => Principals.Where(p => p.Classification == classification);
    }

    public sealed class ResourceAccessReport
    {
        internal ResourceAccessReport(IReadOnlyList<StatementAccess> statements) { Statements = statements; }

        /// <summary>Every Allow statement relevant to the action set, in policy order.</summary>
        public IReadOnlyList<StatementAccess> Statements { get; }

        public AccessClassification Worst => Statements.Count == 0 ? AccessClassification.Restricted : Statements.Max(s => s.Classification);

        /// <summary>Statements with at least one principal of this classification.</summary>
        public IEnumerable<StatementAccess> WithPrincipals(AccessClassification classification)
            => Statements.Where(s => s.Principals.Any(p => p.Classification == classification));
    }

    /// <summary>
    /// The one public/cross-account/confused-deputy analysis every resource-policy rule uses (rule-catalog.md (b).1,
    /// "Proposal"). It reads a policy statically: no IAM simulation, conditions judged by key, operator and value shape.
    /// </summary>
    public static class ResourceAccessAnalyzer
    {
        /// <summary>Keys that tie a request to a known account, org, network or calling service (Prowler's set).</summary>
        public static readonly IReadOnlyCollection<string> RestrictingKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "aws:SourceAccount", "aws:SourceOwner", "aws:SourceArn", "aws:PrincipalAccount", "aws:PrincipalArn",
            "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:ResourceAccount", "aws:SourceVpc", "aws:SourceVpce",
            "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:UserId", "aws:Username", "aws:CalledVia", "aws:CalledViaFirst",
            "aws:CalledViaLast", "kms:CallerAccount", "kms:ViaService", "s3:ResourceAccount", "lambda:EventSourceToken",
        };

        /// <summary>
        /// Keys present in every signed request (global condition key reference: "included in the request context for all
        /// signed requests"), so their *IfExists forms still restrict, unless the statement grants an unsigned action.
        /// </summary>
        private static readonly HashSet<string> SignedRequestKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "aws:PrincipalAccount", "aws:PrincipalArn", "aws:UserId",
        };

        /// <summary>aws:ResourceAccount is in the context of every request to the resource, signed or not.</summary>
        private static readonly HashSet<string> AlwaysPresentKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "aws:ResourceAccount" };

        /// <summary>Keys whose fixed values name accounts (directly or in an ARN's account field).</summary>
        private static readonly HashSet<string> AccountIdKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "aws:SourceAccount", "aws:SourceOwner", "aws:PrincipalAccount", "kms:CallerAccount",
        };
        private static readonly HashSet<string> ArnKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "aws:SourceArn", "aws:PrincipalArn" };

        private static readonly string[] PositiveOperators = { "StringEquals", "StringLike", "StringEqualsIgnoreCase", "ArnEquals", "ArnLike" };
        private static readonly string[] NegatedOperators = { "StringNotEquals", "StringNotLike", "StringNotEqualsIgnoreCase", "ArnNotEquals", "ArnNotLike" };

        private static readonly Regex AccountId = new Regex("^[0-9]{12}$", RegexOptions.CultureInvariant);

        public static ResourceAccessReport Analyze(PolicyDocument policy, string accountId, string resourceArn, ResourceAccessOptions? options = null)
        {
            options ??= new ResourceAccessOptions();
            var trusted = new HashSet<string>(options.TrustedAccountIds.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()), StringComparer.Ordinal) { accountId };
            var context = new Context(accountId, resourceArn, trusted, options, policy.Statements.Where(s => s.Effect == PolicyEffect.Deny).ToList());
            var results = new List<StatementAccess>();
            foreach (var statement in policy.Statements.Where(s => s.Effect == PolicyEffect.Allow))
            {
                var granted = GrantedActions(statement, options.Actions);
                if (granted.Count == 0) continue;
                results.Add(Classify(statement, granted, context));
            }
            return new ResourceAccessReport(results);
        }

        private sealed class Context
        {
            public Context(string accountId, string resourceArn, HashSet<string> trusted, ResourceAccessOptions options, List<PolicyStatement> denies)
            {
                AccountId = accountId; ResourceArn = resourceArn; Trusted = trusted; Options = options; Denies = denies;
            }

            public string AccountId { get; }
            public string ResourceArn { get; }
            public HashSet<string> Trusted { get; }
            public ResourceAccessOptions Options { get; }
            public List<PolicyStatement> Denies { get; }

            public List<string> Foreign(IEnumerable<string> accounts)
                => accounts.Where(a => !Trusted.Contains(a)).Distinct(StringComparer.Ordinal).OrderBy(a => a, StringComparer.Ordinal).ToList();
        }

        private static StatementAccess Classify(PolicyStatement statement, List<string> granted, Context context)
        {
            // An unconditional public Deny takes actions away from every principal.
            var deniedBy = new List<string>();
            var remaining = granted.Where(action =>
            {
                var deny = context.Denies.FirstOrDefault(d => d.Conditions.Count == 0 && DenyAppliesToEveryone(d) && DenyCovers(d, action, context.ResourceArn));
                if (deny != null && !deniedBy.Contains(deny.Label)) deniedBy.Add(deny.Label);
                return deny == null;
            }).ToList();
            if (remaining.Count == 0)
            {
                var by = string.Join(", ", deniedBy);
                var principals = DescribePrincipals(statement)
                    .Select(p => new PrincipalAccess(p.Type, p.Value, AccessClassification.Restricted, $"but {by} denies it to everyone", Array.Empty<string>()))
                    .ToList();
                return new StatementAccess(statement, principals, granted, by);
            }

            var grantsUnsigned = remaining.Any(a => context.Options.UnsignedActions.Any(u => Overlaps(a, u)));
            var results = new List<PrincipalAccess>();
            foreach (var principal in DescribePrincipals(statement))
                results.Add(ClassifyPrincipal(statement, principal, remaining, grantsUnsigned, context));
            return new StatementAccess(statement, results, remaining, null);
        }

        private readonly struct PrincipalValue
        {
            public PrincipalValue(string type, string value, bool isPublic) { Type = type; Value = value; IsPublic = isPublic; }
            public string Type { get; }
            public string Value { get; }
            public bool IsPublic { get; }
        }

        private static IEnumerable<PrincipalValue> DescribePrincipals(PolicyStatement statement)
        {
            if (statement.NotPrincipal != null)
            {
                // Allow + NotPrincipal lets in everyone but the listed principals.
                var except = string.Join(", ", statement.NotPrincipal.All().Select(p => p.Value));
                yield return new PrincipalValue("NotPrincipal", $"everyone except {except}", true);
                yield break;
            }
            if (statement.Principal == null)
            {
                // Security Hub treats an empty principal as public; a resource policy statement without one is malformed.
                yield return new PrincipalValue("None", "(no Principal element)", true);
                yield break;
            }
            if (statement.Principal.IsWildcardString) yield return new PrincipalValue("*", "*", true);
            foreach (var pair in statement.Principal.Values)
                foreach (var value in pair.Value)
                    yield return new PrincipalValue(pair.Key, value, IsPublicPrincipalValue(value));
        }

        /// <summary>"*", arn:aws:iam::*:root, or any value with a wildcard: AWS does not match principals by pattern, so a wildcard means anyone.</summary>
        private static bool IsPublicPrincipalValue(string value) => value.Trim().Length == 0 || Wildcard.HasWildcard(value);

        private static PrincipalAccess ClassifyPrincipal(PolicyStatement statement, PrincipalValue principal, List<string> actions, bool grantsUnsigned, Context context)
        {
            if (principal.IsPublic) return ClassifyPublic(statement, principal, actions, grantsUnsigned, context);
            if (principal.Type.Equals("Service", StringComparison.OrdinalIgnoreCase)) return ClassifyService(statement, principal, context);

            var account = AccountOfPrincipal(principal.Value);
            if (account == null)
            {
                var why = principal.Type.Equals("AWS", StringComparison.OrdinalIgnoreCase)
                    ? "which names no account (a unique id: the principal was deleted or recreated)"
                    : "which names no AWS account";
                return new PrincipalAccess(principal.Type, principal.Value, AccessClassification.Restricted, why, Array.Empty<string>());
            }
            if (context.Trusted.Contains(account))
                return new PrincipalAccess(principal.Type, principal.Value, AccessClassification.Restricted,
                    account == context.AccountId ? $"within the audited account {account}" : $"from trusted account {account}", Array.Empty<string>());
            return ForeignAccess(principal, new List<string> { account }, $"from account {account}, which is neither the audited account {context.AccountId} nor trusted", context);
        }

        private static PrincipalAccess ForeignAccess(PrincipalValue principal, List<string> foreign, string reason, Context context)
            => new PrincipalAccess(principal.Type, principal.Value,
                context.Options.CrossAccountAllowed ? AccessClassification.Restricted : AccessClassification.CrossAccount, reason, foreign);

        // ---------------- public principals ----------------

        private static PrincipalAccess ClassifyPublic(PolicyStatement statement, PrincipalValue principal, List<string> actions, bool grantsUnsigned, Context context)
        {
            var notes = new List<string>();
            var restricting = new List<PolicyCondition>();
            foreach (var condition in statement.Conditions)
            {
                var why = WhyNotRestricting(condition, grantsUnsigned);
                if (why == null) restricting.Add(condition);
                else notes.Add(why);
            }
            if (restricting.Count > 0)
                return NeutralisedPublic(principal, restricting.Select(c => (c.ToString(), c.Key, c.Values)).ToList(),
                    "restricted by condition " + string.Join(" and ", restricting.Select(c => c.ToString())), context);

            var denied = DenyExceptions(actions, context);
            if (denied != null)
                return NeutralisedPublic(principal, denied.Value.Exceptions, $"but {denied.Value.By} denies it to everyone outside " +
                    string.Join(" or ", denied.Value.Exceptions.Select(e => e.Text)), context);

            var reason = "with no restricting condition" + (notes.Count == 0 ? "" : " (" + string.Join("; ", notes) + ")");
            return new PrincipalAccess(principal.Type, principal.Value, AccessClassification.Public, reason, Array.Empty<string>());
        }

        /// <summary>A public grant cut down by conditions: still cross-account when every account it names is foreign.</summary>
        private static PrincipalAccess NeutralisedPublic(PrincipalValue principal, List<(string Text, string Key, IReadOnlyList<string> Values)> limits, string reason, Context context)
        {
            var namedSets = limits.Select(l => AccountsNamed(l.Key, l.Values)).Where(set => set.Count > 0).ToList();
            // All limits apply together: one that admits only trusted accounts keeps the grant inside the zone of trust.
            if (namedSets.Count == 0 || namedSets.Any(set => context.Foreign(set).Count == 0))
                return new PrincipalAccess(principal.Type, principal.Value, AccessClassification.Restricted, reason, Array.Empty<string>());
            var foreign = context.Foreign(namedSets.SelectMany(s => s));
            return ForeignAccess(principal, foreign, $"{reason}, which admits account {string.Join(", ", foreign)} outside the audited account {context.AccountId}", context);
        }

        /// <summary>Null when the condition restricts a public principal; otherwise why not (for the Reason).</summary>
        private static string? WhyNotRestricting(PolicyCondition condition, bool grantsUnsigned)
        {
            if (condition.KeyIs("aws:SourceIp"))
            {
                if (!condition.OperatorIs("IpAddress") || condition.IfExists || condition.SetOperator == ConditionSetOperator.ForAllValues)
                    return $"{condition} does not limit callers to private addresses";
                var publicRange = condition.Values.FirstOrDefault(v => !PrivateNetwork.IsPrivateCidr(v));
                return publicRange == null ? null : $"{condition} admits the non-private range '{publicRange}'";
            }
            if (!RestrictingKeys.Contains(condition.Key)) return $"{condition} is not a restricting condition key";
            if (!condition.OperatorIs(PositiveOperators)) return $"{condition} uses {condition.Operator}, which does not limit callers to fixed values";
            // ForAllValues is true when the key is missing; ForAnyValue is false then, like the plain operator.
            if (condition.SetOperator == ConditionSetOperator.ForAllValues) return $"{condition} is true when the key is absent (ForAllValues)";
            if (condition.IfExists && !KeyAlwaysPresent(condition.Key, grantsUnsigned))
                return $"{condition} is true when the key is absent (IfExists)";
            if (condition.Values.Count == 0) return $"{condition} has no value";
            var loose = condition.Values.FirstOrDefault(v => !IsFixedValue(v));
            return loose == null ? null : $"{condition} value '{loose}' has a wildcard or policy variable";
        }

        private static bool KeyAlwaysPresent(string key, bool grantsUnsigned)
            => AlwaysPresentKeys.Contains(key) || (!grantsUnsigned && SignedRequestKeys.Contains(key));

        /// <summary>Security Hub semantics: a value with '*', '?' or a policy variable is not evaluated, so it does not restrict.</summary>
        private static bool IsFixedValue(string value)
            => value.Trim().Length > 0 && !Wildcard.HasWildcard(value) && !Wildcard.HasPolicyVariable(value);

        private static List<string> AccountsNamed(string key, IReadOnlyList<string> values)
        {
            if (AccountIdKeys.Contains(key)) return values.Select(v => v.Trim()).Where(v => AccountId.IsMatch(v)).ToList();
            if (ArnKeys.Contains(key)) return values.Select(Arn.AccountOf).Where(a => a != null && AccountId.IsMatch(a)).Select(a => a!).ToList();
            return new List<string>();
        }

        // ---------------- Deny statements ----------------

        private static bool DenyAppliesToEveryone(PolicyStatement deny)
            => deny.NotPrincipal == null && (deny.Principal == null || deny.Principal.IsWildcardString
                || deny.Principal.Of("AWS").Any(v => v.Trim() == "*"));

        /// <summary>
        /// When Denies with a public principal take every action away from everyone outside some account/org/VPC/network,
        /// the exceptions they leave; null when some action stays open.
        /// </summary>
        private static (string By, List<(string Text, string Key, IReadOnlyList<string> Values)> Exceptions)? DenyExceptions(List<string> actions, Context context)
        {
            var by = new List<string>();
            var exceptions = new List<(string Text, string Key, IReadOnlyList<string> Values)>();
            foreach (var action in actions)
            {
                var covered = false;
                foreach (var deny in context.Denies)
                {
                    if (!DenyCovers(deny, action, context.ResourceArn)) continue;
                    var limits = DenyLimits(deny);
                    if (limits == null) continue;
                    covered = true;
                    if (!by.Contains(deny.Label)) by.Add(deny.Label);
                    foreach (var limit in limits)
                        if (!exceptions.Any(e => e.Text == limit.Text)) exceptions.Add(limit);
                    break;
                }
                if (!covered) return null;
            }
            return (string.Join(", ", by), exceptions);
        }

        /// <summary>What a conditional Deny leaves allowed, if it denies everyone outside fixed accounts/orgs/VPCs/private networks.</summary>
        private static List<(string Text, string Key, IReadOnlyList<string> Values)>? DenyLimits(PolicyStatement deny)
        {
            var limits = new List<(string Text, string Key, IReadOnlyList<string> Values)>();
            if (deny.NotPrincipal != null)
            {
                // Deny + NotPrincipal: everyone but the listed principals is denied.
                var listed = deny.NotPrincipal.All().Select(p => p.Value).ToList();
                if (deny.NotPrincipal.IsWildcardString || listed.Count == 0 || listed.Any(IsPublicPrincipalValue)) return null;
                var accounts = listed.Select(AccountOfPrincipal).ToList();
                limits.Add(("principals " + string.Join(", ", listed), "aws:PrincipalAccount",
                    accounts.Where(a => a != null).Select(a => a!).Distinct(StringComparer.Ordinal).ToList()));
            }
            else if (!DenyAppliesToEveryone(deny)) return null;
            if (deny.Conditions.Count == 0) return deny.NotPrincipal != null ? limits : null;
            foreach (var condition in deny.Conditions)
            {
                if (!IsNegatedRestriction(condition)) return null;
                limits.Add((condition.ToString(), condition.Key, condition.Values));
            }
            return limits;
        }

        /// <summary>
        /// "Deny unless the key has one of these fixed values": negated operators on restricting keys (their IfExists forms deny
        /// even more), or NotIpAddress over private ranges.
        /// </summary>
        private static bool IsNegatedRestriction(PolicyCondition condition)
        {
            if (condition.SetOperator != ConditionSetOperator.None || condition.Values.Count == 0) return false;
            if (condition.KeyIs("aws:SourceIp"))
                return condition.OperatorIs("NotIpAddress") && condition.Values.All(PrivateNetwork.IsPrivateCidr);
            return RestrictingKeys.Contains(condition.Key) && condition.OperatorIs(NegatedOperators) && condition.Values.All(IsFixedValue);
        }

        private static bool DenyCovers(PolicyStatement deny, string action, string resourceArn)
        {
            var actionCovered = deny.HasNotAction
                ? !deny.NotActions.Any(n => Overlaps(n, action))
                : deny.Actions.Any(p => Wildcard.IsMatch(p, action, ignoreCase: true));
            if (!actionCovered) return false;
            return deny.HasNotResource
                ? !deny.NotResources.Any(r => Wildcard.IsMatch(r, resourceArn, ignoreCase: false))
                : deny.Resources.Count == 0 || deny.Resources.Any(r => Wildcard.IsMatch(r, resourceArn, ignoreCase: false));
        }

        // ---------------- service principals ----------------

        private static PrincipalAccess ClassifyService(PolicyStatement statement, PrincipalValue principal, Context context)
        {
            var service = principal.Value.Trim();
            // S3 bucket ARNs carry no account, so only aws:SourceAccount stops another account's bucket (Security Hub Lambda.1).
            var isS3 = service.Equals("s3.amazonaws.com", StringComparison.OrdinalIgnoreCase);
            var scoping = new List<PolicyCondition>();
            var notes = new List<string>();
            foreach (var condition in statement.Conditions)
            {
                var isSourceAccount = condition.KeyIs("aws:SourceAccount");
                var isSourceArn = condition.KeyIs("aws:SourceArn");
                if (!isSourceAccount && !isSourceArn) continue;
                if (isS3 && isSourceArn) continue;
                var why = WhyNotScoping(condition);
                if (why == null) scoping.Add(condition);
                else notes.Add(why);
            }
            if (scoping.Count == 0)
            {
                var missing = isS3 ? "without an aws:SourceAccount condition (bucket ARNs carry no account id, so any account's bucket can trigger it)"
                                   : "without an aws:SourceArn or aws:SourceAccount condition, so a resource in any account can make the service call it";
                if (notes.Count > 0) missing += " (" + string.Join("; ", notes) + ")";
                return new PrincipalAccess(principal.Type, service, AccessClassification.ServiceUnscoped, missing, Array.Empty<string>());
            }
            var named = scoping.Select(c => AccountsNamed(c.Key, c.Values)).Where(s => s.Count > 0).ToList();
            var scopedBy = "scoped by " + string.Join(" and ", scoping.Select(c => c.ToString()));
            if (named.Count == 0 || named.Any(set => context.Foreign(set).Count == 0))
                return new PrincipalAccess(principal.Type, service, AccessClassification.Restricted, scopedBy, Array.Empty<string>());
            var foreign = context.Foreign(named.SelectMany(s => s));
            return ForeignAccess(new PrincipalValue(principal.Type, service, false), foreign,
                $"on behalf of account {string.Join(", ", foreign)} ({scopedBy}), which is neither the audited account {context.AccountId} nor trusted", context);
        }

        /// <summary>
        /// Null when the condition scopes a service principal. aws:SourceAccount needs fixed 12-digit values. aws:SourceArn
        /// may keep wildcards in its resource part (API Gateway's "api-id/*/GET/path") as long as the account field is fixed.
        /// IfExists forms never scope: a call without the key would pass.
        /// </summary>
        private static string? WhyNotScoping(PolicyCondition condition)
        {
            if (!condition.OperatorIs(PositiveOperators) || condition.IfExists || condition.SetOperator == ConditionSetOperator.ForAllValues)
                return $"{condition} does not require a fixed value";
            if (condition.Values.Count == 0) return $"{condition} has no value";
            foreach (var value in condition.Values)
            {
                if (Wildcard.HasPolicyVariable(value)) return $"{condition} value '{value}' has a policy variable";
                if (condition.KeyIs("aws:SourceAccount"))
                {
                    if (!AccountId.IsMatch(value.Trim())) return $"{condition} value '{value}' is not a fixed account id";
                }
                else if (Wildcard.HasWildcard(value))
                {
                    var account = Arn.AccountOf(value);
                    if (account == null || !AccountId.IsMatch(account)) return $"{condition} value '{value}' has a wildcard and no fixed account";
                }
            }
            return null;
        }

        // ---------------- actions and principals ----------------

        /// <summary>
        /// The relevant actions an Allow statement grants, as the narrower of each overlapping pair of patterns
        /// ("lambda:*" asked, "lambda:InvokeFunction" granted: the latter; "*" granted: "lambda:*").
        /// </summary>
        internal static List<string> GrantedActions(PolicyStatement statement, IReadOnlyList<string> wanted)
        {
            var result = new List<string>();
            void Add(string action) { if (!result.Contains(action, StringComparer.OrdinalIgnoreCase)) result.Add(action); }
            if (statement.HasNotAction)
            {
                if (wanted.Count == 0) Add("*");
                foreach (var action in wanted)
                    if (!statement.NotActions.Any(n => Wildcard.IsMatch(n, action, ignoreCase: true))) Add(action);
                return result;
            }
            foreach (var granted in statement.Actions)
            {
                if (wanted.Count == 0) { Add(granted); continue; }
                foreach (var action in wanted)
                {
                    if (Wildcard.IsMatch(action, granted, ignoreCase: true)) Add(granted);
                    else if (Wildcard.IsMatch(granted, action, ignoreCase: true)) Add(action);
                }
            }
            return result;
        }

        /// <summary>Two action patterns can match a common action (checked both ways; exact for the patterns IAM uses).</summary>
        private static bool Overlaps(string a, string b) => Wildcard.IsMatch(a, b, ignoreCase: true) || Wildcard.IsMatch(b, a, ignoreCase: true);

        /// <summary>The account of an AWS principal: a 12-digit id, or the account field of an ARN; null for unique ids and names.</summary>
        public static string? AccountOfPrincipal(string value)
        {
            var trimmed = value.Trim();
            if (AccountId.IsMatch(trimmed)) return trimmed;
            var account = Arn.AccountOf(trimmed);
            return account != null && AccountId.IsMatch(account) ? account : null;
        }
    }
}
