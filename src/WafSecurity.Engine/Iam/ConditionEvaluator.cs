using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace WafSecurity.Engine.Iam
{
    /// <summary>
    /// One condition (operator, key, values) compiled once. Semantics follow the IAM User Guide:
    /// - reference_policies_elements_condition_operators.html: a key absent from the request context makes the
    ///   condition false, except that negated operators (StringNotEquals, StringNotLike, ArnNotLike, NotIpAddress, ...)
    ///   are then true; ...IfExists is true when the key is absent (except under ForAnyValue, which is false on an absent key); Null tests presence only.
    /// - reference_policies_condition-logic-multiple-context-keys-or-values.html: several values under one key are
    ///   ORed; under a negated operator they are NORed.
    /// - reference_policies_condition-single-vs-multi-valued-context-keys.html: ForAllValues is true when every
    ///   request value matches, and also when the key is absent or empty; ForAnyValue needs at least one matching
    ///   request value, so it is false when the key is absent.
    /// </summary>
    public sealed class ConditionEvaluator
    {
        private enum Family { String, Numeric, Date, Bool, Binary, Ip, Arn, Null }

        private readonly Family _family;
        private readonly bool _negated;
        private readonly Func<string, string, bool>? _compareLiteral; // numeric/date/bool/binary/ip: (policyValue, requestValue)
        private readonly PolicyPattern[]? _patterns;                   // string/arn
        private readonly IpNetwork[]? _networks;
        private readonly bool? _nullExpectsAbsent;

        private ConditionEvaluator(PolicyCondition condition, Family family, bool negated)
        {
            Condition = condition; _family = family; _negated = negated;
        }

        public PolicyCondition Condition { get; }

        /// <summary>Compiles a condition; throws PolicyParseException for an operator or value IAM would reject.</summary>
        public static ConditionEvaluator Compile(PolicyCondition condition, string path, bool variables = true)
        {
            var op = condition.BaseOperator;
            switch (op)
            {
                case "StringEquals": return Strings(condition, false, PatternKind.Exact, false, variables);
                case "StringNotEquals": return Strings(condition, true, PatternKind.Exact, false, variables);
                case "StringEqualsIgnoreCase": return Strings(condition, false, PatternKind.Exact, true, variables);
                case "StringNotEqualsIgnoreCase": return Strings(condition, true, PatternKind.Exact, true, variables);
                case "StringLike": return Strings(condition, false, PatternKind.Glob, false, variables);
                case "StringNotLike": return Strings(condition, true, PatternKind.Glob, false, variables);
                // ArnEquals and ArnLike behave the same: both take wildcards, per component (see ArnMatches).
                case "ArnEquals":
                case "ArnLike": return Arns(condition, false, variables);
                case "ArnNotEquals":
                case "ArnNotLike": return Arns(condition, true, variables);
                case "NumericEquals": return Literal(condition, path, Family.Numeric, false, (p, r) => Numeric(p, r, c => c == 0));
                case "NumericNotEquals": return Literal(condition, path, Family.Numeric, true, (p, r) => Numeric(p, r, c => c == 0));
                case "NumericLessThan": return Literal(condition, path, Family.Numeric, false, (p, r) => Numeric(p, r, c => c < 0));
                case "NumericLessThanEquals": return Literal(condition, path, Family.Numeric, false, (p, r) => Numeric(p, r, c => c <= 0));
                case "NumericGreaterThan": return Literal(condition, path, Family.Numeric, false, (p, r) => Numeric(p, r, c => c > 0));
                case "NumericGreaterThanEquals": return Literal(condition, path, Family.Numeric, false, (p, r) => Numeric(p, r, c => c >= 0));
                case "DateEquals": return Literal(condition, path, Family.Date, false, (p, r) => Date(p, r, c => c == 0));
                case "DateNotEquals": return Literal(condition, path, Family.Date, true, (p, r) => Date(p, r, c => c == 0));
                case "DateLessThan": return Literal(condition, path, Family.Date, false, (p, r) => Date(p, r, c => c < 0));
                case "DateLessThanEquals": return Literal(condition, path, Family.Date, false, (p, r) => Date(p, r, c => c <= 0));
                case "DateGreaterThan": return Literal(condition, path, Family.Date, false, (p, r) => Date(p, r, c => c > 0));
                case "DateGreaterThanEquals": return Literal(condition, path, Family.Date, false, (p, r) => Date(p, r, c => c >= 0));
                case "Bool": return Literal(condition, path, Family.Bool, false, (p, r) => string.Equals(p, r, StringComparison.OrdinalIgnoreCase));
                case "BinaryEquals": return Literal(condition, path, Family.Binary, false, BinaryEquals);
                case "IpAddress": return Ips(condition, path, false);
                case "NotIpAddress": return Ips(condition, path, true);
                case "Null": return Null(condition, path);
                default:
                    throw new PolicyParseException(path + "." + condition.Operator, $"'{condition.Operator}' is not an IAM condition operator");
            }
        }

        /// <summary>True when the condition holds for the request.</summary>
        public bool Evaluate(IamRequest request)
        {
            var present = request.TryGetValues(Condition.Key, out var values);
            if (_family == Family.Null) return _nullExpectsAbsent == !present;
            if (!present)
            {
                // The set operator's rule for an absent key comes first (reference_policies_condition-single-vs-multi-
                // valued-context-keys.html: ForAnyValue "If the key is not present ... the condition returns false");
                // IfExists does not rescue ForAnyValue:...IfExists on an absent key (AWS re:Post QU9HFmDzP0QGuU-fd7rS6B7w).
                switch (Condition.SetOperator)
                {
                    case ConditionSetOperator.ForAllValues: return true;
                    case ConditionSetOperator.ForAnyValue: return false;
                    default: return Condition.IfExists || _negated;
                }
            }
            switch (Condition.SetOperator)
            {
                case ConditionSetOperator.ForAllValues:
                    foreach (var value in values)
                        if (!MatchesOne(value, request)) return false;
                    return true;
                case ConditionSetOperator.ForAnyValue:
                    foreach (var value in values)
                        if (MatchesOne(value, request)) return true;
                    return false;
                default:
                    // A multivalued key without a set operator: a positive operator needs some value to match; a negated
                    // one needs no value to match any policy value.
                    if (_negated)
                    {
                        foreach (var value in values)
                            if (AnyPolicyValueMatches(value, request)) return false;
                        return true;
                    }
                    foreach (var value in values)
                        if (AnyPolicyValueMatches(value, request)) return true;
                    return false;
            }
        }

        /// <summary>The base operator's verdict for one request value (negation applied).</summary>
        private bool MatchesOne(string requestValue, IamRequest request)
            => AnyPolicyValueMatches(requestValue, request) != _negated;

        private bool AnyPolicyValueMatches(string requestValue, IamRequest request)
        {
            switch (_family)
            {
                case Family.String:
                    foreach (var pattern in _patterns!)
                        if (UnresolvableUnderNegation(pattern, request) || pattern.IsMatch(requestValue, request)) return true;
                    return false;
                case Family.Arn:
                    foreach (var pattern in _patterns!)
                        if (UnresolvableUnderNegation(pattern, request) || ArnMatches(pattern, requestValue, request)) return true;
                    return false;
                case Family.Ip:
                    if (!IpNetwork.TryParseAddress(requestValue, out var address)) return false;
                    foreach (var network in _networks!)
                        if (network.Contains(address)) return true;
                    return false;
                default:
                    foreach (var policyValue in Condition.Values)
                        if (_compareLiteral!(policyValue, requestValue)) return true;
                    return false;
            }
        }

        /// <summary>
        /// A policy value whose variable has no value in the request (and no default) cannot be compared with anything.
        /// IAM User Guide (reference_policies_variables.html): "If AWS cannot resolve a variable this might cause the
        /// entire statement to be invalid", so a negated operator must not hold merely because such a value "differs"
        /// from the request's: under a negated operator the value counts as a match, which makes the negation false.
        /// (Under a positive operator it simply matches nothing.)
        /// </summary>
        private bool UnresolvableUnderNegation(PolicyPattern pattern, IamRequest request)
            => _negated && pattern.HasVariables && pattern.Resolved(request) == null;

        /// <summary>
        /// ArnLike/ArnEquals (IAM docs, "Amazon Resource Name (ARN) condition operators"): each of the six colon-delimited
        /// components is compared separately, case-sensitively, and each may hold '*' or '?'. The sixth component is the
        /// rest of the ARN, colons included.
        /// </summary>
        private static bool ArnMatches(PolicyPattern pattern, string requestValue, IamRequest request)
        {
            if (pattern.IsMatchAll) return true;
            var resolved = pattern.Resolved(request);
            if (resolved == null) return false;
            var patternParts = resolved.Split(new[] { ':' }, 6);
            var valueParts = requestValue.Split(new[] { ':' }, 6);
            if (patternParts.Length != 6 || valueParts.Length != 6)
                return PolicyPattern.MatchText(resolved, requestValue, PatternKind.Glob, ignoreCase: false);
            for (var i = 0; i < 6; i++)
                if (!PolicyPattern.MatchText(patternParts[i], valueParts[i], PatternKind.Glob, ignoreCase: false)) return false;
            return true;
        }

        private static ConditionEvaluator Strings(PolicyCondition condition, bool negated, PatternKind kind, bool ignoreCase, bool variables)
        {
            var patterns = new PolicyPattern[condition.Values.Count];
            for (var i = 0; i < patterns.Length; i++) patterns[i] = PolicyPattern.Compile(condition.Values[i], kind, ignoreCase, variables);
            return new ConditionEvaluator(condition, Family.String, negated, patterns);
        }

        private ConditionEvaluator(PolicyCondition condition, Family family, bool negated, PolicyPattern[] patterns) : this(condition, family, negated)
        {
            _patterns = patterns;
        }

        private ConditionEvaluator(PolicyCondition condition, Family family, bool negated, Func<string, string, bool> compare) : this(condition, family, negated)
        {
            _compareLiteral = compare;
        }

        private ConditionEvaluator(PolicyCondition condition, bool negated, IpNetwork[] networks) : this(condition, Family.Ip, negated)
        {
            _networks = networks;
        }

        private ConditionEvaluator(PolicyCondition condition, bool expectsAbsent) : this(condition, Family.Null, false)
        {
            _nullExpectsAbsent = expectsAbsent;
        }

        private static ConditionEvaluator Arns(PolicyCondition condition, bool negated, bool variables)
        {
            // Wildcards inside ARN components are handled by ArnMatches, so the pattern keeps '*' and '?' as written.
            var patterns = new PolicyPattern[condition.Values.Count];
            for (var i = 0; i < patterns.Length; i++) patterns[i] = PolicyPattern.Compile(condition.Values[i], PatternKind.Glob, false, variables);
            return new ConditionEvaluator(condition, Family.Arn, negated, patterns);
        }

        private static ConditionEvaluator Literal(PolicyCondition condition, string path, Family family, bool negated, Func<string, string, bool> compare)
        {
            foreach (var value in condition.Values)
            {
                var valid = family switch
                {
                    Family.Numeric => TryNumber(value, out _),
                    Family.Date => TryDate(value, out _),
                    Family.Bool => value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase),
                    _ => true,
                };
                if (!valid)
                    throw new PolicyParseException($"{path}.{condition.Operator}.{condition.Key}", $"'{value}' is not a valid {family.ToString().ToLowerInvariant()} value for {condition.Operator}");
            }
            return new ConditionEvaluator(condition, family, negated, compare);
        }

        private static ConditionEvaluator Ips(PolicyCondition condition, string path, bool negated)
        {
            var networks = new IpNetwork[condition.Values.Count];
            for (var i = 0; i < networks.Length; i++)
                if (!IpNetwork.TryParse(condition.Values[i], out networks[i]))
                    throw new PolicyParseException($"{path}.{condition.Operator}.{condition.Key}", $"'{condition.Values[i]}' is not an IP address or CIDR range");
            return new ConditionEvaluator(condition, negated, networks);
        }

        private static ConditionEvaluator Null(PolicyCondition condition, string path)
        {
            if (condition.Values.Count == 0) throw new PolicyParseException($"{path}.Null.{condition.Key}", "Null needs \"true\" or \"false\"");
            var value = condition.Values[0];
            if (value.Equals("true", StringComparison.OrdinalIgnoreCase)) return new ConditionEvaluator(condition, expectsAbsent: true);
            if (value.Equals("false", StringComparison.OrdinalIgnoreCase)) return new ConditionEvaluator(condition, expectsAbsent: false);
            throw new PolicyParseException($"{path}.Null.{condition.Key}", $"Null takes \"true\" or \"false\", found '{value}'");
        }

        private static bool Numeric(string policyValue, string requestValue, Func<int, bool> test)
            => TryNumber(policyValue, out var p) && TryNumber(requestValue, out var r) && test(r.CompareTo(p));

        private static bool Date(string policyValue, string requestValue, Func<int, bool> test)
            => TryDate(policyValue, out var p) && TryDate(requestValue, out var r) && test(r.CompareTo(p));

        private static bool TryNumber(string text, out decimal number)
            => decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);

        /// <summary>IAM dates: ISO 8601 (date or date-time, with zone) or epoch seconds.</summary>
        internal static bool TryDate(string text, out DateTimeOffset date)
        {
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
            {
                if (epoch >= -62135596800L && epoch <= 253402300799L) { date = DateTimeOffset.FromUnixTimeSeconds(epoch); return true; }
                date = default; return false;
            }
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out date);
        }

        private static bool BinaryEquals(string policyValue, string requestValue)
        {
            if (policyValue == requestValue) return true;
            try
            {
                var a = Convert.FromBase64String(policyValue);
                var b = Convert.FromBase64String(requestValue);
                if (a.Length != b.Length) return false;
                for (var i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        public override string ToString() => Condition.ToString();
    }

    /// <summary>An IPv4 or IPv6 CIDR range (a bare address is a /32 or /128).</summary>
    public readonly struct IpNetwork
    {
        private readonly byte[] _prefix;
        private readonly int _bits;

        private IpNetwork(byte[] prefix, int bits) { _prefix = prefix; _bits = bits; }

        public static bool TryParse(string text, out IpNetwork network)
        {
            network = default;
            var slash = text.IndexOf('/');
            var addressText = slash < 0 ? text : text.Substring(0, slash);
            if (!TryParseAddress(addressText, out var address)) return false;
            var max = address.Length * 8;
            var bits = max;
            if (slash >= 0 && (!int.TryParse(text.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out bits) || bits < 0 || bits > max)) return false;
            network = new IpNetwork(address, bits);
            return true;
        }

        /// <summary>The address bytes; IPv4-mapped IPv6 addresses become IPv4 so they compare with IPv4 ranges.</summary>
        public static bool TryParseAddress(string text, out byte[] bytes)
        {
            bytes = Array.Empty<byte>();
            if (!IPAddress.TryParse(text.Trim(), out var address)) return false;
            if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
            bytes = address.GetAddressBytes();
            return true;
        }

        public bool Contains(byte[] address)
        {
            if (_prefix == null || address.Length != _prefix.Length) return false;
            var full = _bits / 8;
            for (var i = 0; i < full; i++) if (address[i] != _prefix[i]) return false;
            var rest = _bits % 8;
            if (rest == 0) return true;
            var mask = (byte)(0xFF << (8 - rest));
            return (address[full] & mask) == (_prefix[full] & mask);
        }
    }
}
