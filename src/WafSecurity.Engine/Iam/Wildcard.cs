using System;

namespace WafSecurity.Engine.Iam
{
    /// <summary>IAM's glob matching: '*' matches any run of characters, '?' any one character.</summary>
    public static class Wildcard
    {
        public static bool IsMatch(string pattern, string value, bool ignoreCase)
        {
            var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            int p = 0, v = 0, starP = -1, starV = 0;
            while (v < value.Length)
            {
                if (p < pattern.Length && pattern[p] == '*') { starP = p++; starV = v; continue; }
                if (p < pattern.Length && (pattern[p] == '?' || string.Compare(pattern, p, value, v, 1, comparison) == 0)) { p++; v++; continue; }
                if (starP < 0) return false;
                p = starP + 1; v = ++starV;
            }
            while (p < pattern.Length && pattern[p] == '*') p++;
            return p == pattern.Length;
        }

        public static bool HasWildcard(string value) => value.IndexOf('*') >= 0 || value.IndexOf('?') >= 0;
        public static bool HasPolicyVariable(string value) => value.IndexOf("${", StringComparison.Ordinal) >= 0;
    }
}
