using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace WafSecurity.Engine.Rules
{
    /// <summary>Every rule in the engine, found once by reflection and ordered by id.</summary>
    public static class RuleRegistry
    {
        private static readonly Lazy<IReadOnlyList<Rule>> AllRules = new Lazy<IReadOnlyList<Rule>>(() =>
            typeof(Rule).Assembly.GetTypes()
                .Where(t => t.IsSubclassOf(typeof(Rule)) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) != null)
                .Select(t => (Rule)Activator.CreateInstance(t)!)
                .OrderBy(r => r.Descriptor.Id, StringComparer.Ordinal)
                .ToList());

        public static IReadOnlyList<Rule> All => AllRules.Value;

        /// <summary>Rules whose id matches any of the wildcard patterns (PowerShell-style '*' and '?', case-insensitive).</summary>
        public static IEnumerable<Rule> Match(IEnumerable<string>? patterns)
        {
            var list = patterns?.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
            if (list == null || list.Count == 0) return All;
            var regexes = list.Select(ToRegex).ToList();
            return All.Where(rule => regexes.Any(r => r.IsMatch(rule.Descriptor.Id)));
        }

        public static Regex ToRegex(string pattern)
            => new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }
}
