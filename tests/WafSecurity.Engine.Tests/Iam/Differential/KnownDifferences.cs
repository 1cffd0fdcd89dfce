using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace WafSecurity.Engine.Tests.Iam.Differential
{
    /// <summary>
    /// The named rules of tools/iam-differential/KNOWN-DIFFERENCES.md: where the oracle departs from AWS's documentation,
    /// a disagreement on a case the rule covers is reported under the rule's name and left out of the agreement check.
    /// Each rule is a predicate on the case's content (never on a case id), and only ever explains a disagreement: a case
    /// it covers on which we agree with the oracle counts as an agreement. Keep in step with KNOWN-DIFFERENCES.md.
    /// </summary>
    internal static class KnownDifferences
    {
        public const string ResourceTypeWildcard = "ORACLE-RESOURCE-TYPE-WILDCARD";
        public const string VariableOutsideResourceId = "ORACLE-VARIABLE-OUTSIDE-RESOURCE-ID";
        public const string DateEpochMixed = "ORACLE-DATE-EPOCH-AS-MILLISECONDS";
        public const string WildcardCrossesColon = "ORACLE-ARN-WILDCARD-CROSSES-COLON";
        public const string IpZeroPrefix = "ORACLE-IP-ZERO-PREFIX";
        public const string IpFamilyMismatch = "ORACLE-IP-BARE-IPV4-WITH-IPV6-REQUEST";
        public const string VariablesIn2008 = "ORACLE-VARIABLES-IN-2008-VERSION";
        public const string WildcardPrincipalSessionBoundary = "UNSETTLED-WILDCARD-PRINCIPAL-SESSION-BOUNDARY";

        private static readonly (string Name, Func<DifferentialCase, bool> Covers)[] Rules =
        {
            (ResourceTypeWildcard, c => ResourcePatterns(c).Any(p => ProductSegment(p) is string product && (product.IndexOf('*') >= 0 || product.IndexOf('?') >= 0))),
            (VariableOutsideResourceId, c => ResourcePatterns(c).Any(VariableBeforeResourceId)),
            (DateEpochMixed, c => DateConditions(c).Any(d => MixesEpochAndIso(d.Values.Concat(RequestValues(c, d.Key))))),
            (IpZeroPrefix, c => IpConditions(c).Any(e => e.Values.Any(v => v.EndsWith("/0", StringComparison.Ordinal)))),
            (IpFamilyMismatch, c => RequestValues(c, "aws:SourceIp").Any(v => v.Contains(':')) && IpConditions(c).Any(e => e.Values.Any(v => !v.Contains('/') && !v.Contains(':')))),
            (VariablesIn2008, c => Policies(c).Any(p => (!p.TryGetProperty("Version", out var v) || v.GetString() != "2012-10-17") && p.GetRawText().Contains("${", StringComparison.Ordinal))),
            (WildcardPrincipalSessionBoundary, c => c.Boundary != null && c.Caller != null && (c.Caller.Contains(":assumed-role/", StringComparison.Ordinal) || c.Caller.Contains(":role/", StringComparison.Ordinal))
                && c.ResourceOwner == WafSecurity.Engine.Iam.Arn.AccountOf(c.Caller) && ResourcePolicyAllowsEveryone(c)),
            (WildcardCrossesColon, c => ResourcePart(c.Resource)?.IndexOf(':') >= 0 && ResourcePatterns(c).Any(p => ResourcePart(p) is string r && HasSegmentBoundWildcard(r))),
        };

        public static IEnumerable<string> RuleNames => Rules.Select(r => r.Name);

        /// <summary>The rule that explains this disagreement, or null.</summary>
        public static string? Explain(DifferentialCase c, string ours, string oracle)
        {
            if (c.Kind != "decision") return null;
            foreach (var rule in Rules)
                if (rule.Covers(c)) return rule.Name;
            return null;
        }

        /// <summary>
        /// The oracle's "product" part of a resource pattern (iam-simulate util.getResourceSegments): the resource part of
        /// the ARN up to and including its first '/' or ':'; none for S3-style ARNs without region and account.
        /// </summary>
        internal static string? ProductSegment(string pattern)
        {
            var parts = pattern.Split(':', 6);
            if (parts.Length < 6 || parts[0] != "arn") return null;
            if (parts[2] == "s3" && parts[3].Length == 0 && parts[4].Length == 0) return null;
            var resource = parts[5];
            var slash = resource.IndexOf('/');
            var colon = resource.IndexOf(':');
            var split = slash < 0 ? colon : colon < 0 ? slash : Math.Min(slash, colon);
            return split < 0 ? null : resource.Substring(0, split + 1);
        }

        private static IEnumerable<ConditionEntry> IpConditions(DifferentialCase c)
            => Conditions(c).Where(e => e.Operator.StartsWith("IpAddress", StringComparison.Ordinal) || e.Operator.StartsWith("NotIpAddress", StringComparison.Ordinal));

        private static bool ResourcePolicyAllowsEveryone(DifferentialCase c)
        {
            if (!c.Raw.TryGetProperty("resourcePolicy", out var rp) || rp.ValueKind != JsonValueKind.Object) return false;
            var st = rp.GetProperty("Statement");
            foreach (var s in st.ValueKind == JsonValueKind.Array ? st.EnumerateArray().ToArray() : new[] { st })
            {
                if (s.GetProperty("Effect").GetString() != "Allow" || !s.TryGetProperty("Principal", out var p)) continue;
                if (p.ValueKind == JsonValueKind.String && p.GetString() == "*") return true;
                if (p.ValueKind == JsonValueKind.Object && p.TryGetProperty("AWS", out var aws) && Strings(aws).Contains("*")) return true;
            }
            return false;
        }

        private static string? ResourcePart(string arn)
        {
            var parts = arn.Split(':', 6);
            return parts.Length == 6 ? parts[5] : null;
        }

        /// <summary>A '?', or a '*' that does not end a colon-separated segment: per AWS neither may match a ':'.</summary>
        private static bool HasSegmentBoundWildcard(string resourcePart)
        {
            for (var i = 0; i < resourcePart.Length; i++)
            {
                if (resourcePart[i] == '?') return true;
                if (resourcePart[i] == '*' && i + 1 < resourcePart.Length && resourcePart[i + 1] != ':' && resourcePart[i + 1] != '*') return true;
            }
            return false;
        }

        private static bool VariableBeforeResourceId(string pattern)
        {
            var parts = pattern.Split(':', 6);
            if (parts.Length < 6) return false;
            for (var i = 1; i < 5; i++) if (parts[i].Contains("${", StringComparison.Ordinal)) return true;
            return ProductSegment(pattern)?.Contains("${", StringComparison.Ordinal) == true;
        }

        private static bool MixesEpochAndIso(IEnumerable<string> values)
        {
            bool epoch = false, iso = false;
            foreach (var v in values)
            {
                if (v.Length > 0 && v.All(char.IsDigit)) epoch = true; else iso = true;
            }
            return epoch && iso;
        }

        private static IEnumerable<string> RequestValues(DifferentialCase c, string key)
            => c.Context.TryGetValue(key, out var values) ? values : Array.Empty<string>();

        // ---- walking the case's policies ----

        private static IEnumerable<JsonElement> Policies(DifferentialCase c)
        {
            foreach (var p in c.Raw.GetProperty("identityPolicies").EnumerateArray()) yield return p;
            if (c.Raw.TryGetProperty("boundary", out var b) && b.ValueKind == JsonValueKind.Object) yield return b;
            if (c.Raw.TryGetProperty("resourcePolicy", out var r) && r.ValueKind == JsonValueKind.Object) yield return r;
        }

        internal static IEnumerable<JsonElement> Statements(DifferentialCase c)
        {
            foreach (var policy in Policies(c))
            {
                var s = policy.GetProperty("Statement");
                if (s.ValueKind == JsonValueKind.Array) foreach (var x in s.EnumerateArray()) yield return x;
                else yield return s;
            }
        }

        internal static IEnumerable<string> Strings(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.String) yield return e.GetString()!;
            else if (e.ValueKind == JsonValueKind.Array) foreach (var x in e.EnumerateArray()) if (x.ValueKind == JsonValueKind.String) yield return x.GetString()!;
        }

        internal static IEnumerable<string> ResourcePatterns(DifferentialCase c)
        {
            foreach (var s in Statements(c))
                foreach (var name in new[] { "Resource", "NotResource" })
                    if (s.TryGetProperty(name, out var r)) foreach (var p in Strings(r)) yield return p;
        }

        internal sealed class ConditionEntry
        {
            public string Operator = "";
            public string Key = "";
            public List<string> Values = new List<string>();
        }

        internal static IEnumerable<ConditionEntry> Conditions(DifferentialCase c)
        {
            foreach (var s in Statements(c))
            {
                if (!s.TryGetProperty("Condition", out var block)) continue;
                foreach (var op in block.EnumerateObject())
                    foreach (var key in op.Value.EnumerateObject())
                        yield return new ConditionEntry { Operator = op.Name, Key = key.Name, Values = Strings(key.Value).ToList() };
            }
        }

        private static IEnumerable<ConditionEntry> DateConditions(DifferentialCase c)
            => Conditions(c).Where(e => e.Operator.Replace("ForAnyValue:", "").Replace("ForAllValues:", "").StartsWith("Date", StringComparison.Ordinal));
    }
}
