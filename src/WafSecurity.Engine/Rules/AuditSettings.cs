using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace WafSecurity.Engine.Rules
{
    /// <summary>A decision to accept one rule's finding on matching resources, for a stated reason, until a date.</summary>
    public sealed class Suppression
    {
        public Suppression(string rule, string resource, string reason, DateTimeOffset expires)
        {
            Rule = rule; Resource = resource; Reason = reason; Expires = expires;
            _rule = RuleRegistry.ToRegex(rule);
            _resource = RuleRegistry.ToRegex(resource);
        }

        private readonly Regex _rule;
        private readonly Regex _resource;

        /// <summary>Rule id, wildcards allowed.</summary>
        public string Rule { get; }
        /// <summary>Resource ARN or name, wildcards allowed.</summary>
        public string Resource { get; }
        public string Reason { get; }
        /// <summary>The suppression ends at the start of this day (UTC).</summary>
        public DateTimeOffset Expires { get; }

        public bool Matches(WafFinding finding)
            => _rule.IsMatch(finding.RuleId) && (_resource.IsMatch(finding.ResourceArn) || _resource.IsMatch(finding.ResourceName));
    }

    /// <summary>
    /// What a settings file holds (a PowerShell data file, WafSecurity.settings.psd1): rule parameters, per-rule severity
    /// overrides, rules switched off, and suppressions. The cmdlet reads the file; this type validates and applies it.
    /// </summary>
    public sealed class AuditSettings
    {
        private static readonly HashSet<string> Keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            { "Parameters", "Severity", "DisabledRules", "EnabledRules", "Suppressions" };

        public IDictionary<string, object?> Parameters { get; set; } = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        /// <summary>Rule id pattern to severity.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> SeverityOverrides { get; set; } = Array.Empty<KeyValuePair<string, string>>();
        public IReadOnlyList<string> DisabledRules { get; set; } = Array.Empty<string>();
        /// <summary>Opt-in rules to run in every audit.</summary>
        public IReadOnlyList<string> EnabledRules { get; set; } = Array.Empty<string>();
        public IReadOnlyList<Suppression> Suppressions { get; set; } = Array.Empty<Suppression>();

        /// <summary>Builds settings from the file's hashtable; a bad entry is an ArgumentException naming the file and the entry.</summary>
        public static AuditSettings FromDictionary(IDictionary<string, object?> data, string source)
        {
            string Where(string what) => $"Settings file {source}: {what}";
            foreach (var key in data.Keys)
                if (!Keys.Contains(key))
                    throw new ArgumentException(Where($"'{key}' is not a setting (use {string.Join(", ", Keys)})."));

            var settings = new AuditSettings();
            if (Get(data, "Parameters") is { } parameters)
                settings.Parameters = AsMap(parameters, Where("Parameters must be a hashtable of 'RuleId.Name' = value."));

            if (Get(data, "Severity") is { } severity)
                settings.SeverityOverrides = AsMap(severity, Where("Severity must be a hashtable of rule id = severity.")).Select(pair =>
                {
                    var value = Convert.ToString(pair.Value, CultureInfo.InvariantCulture) ?? "";
                    var known = WafSecurity.Severity.All.FirstOrDefault(s => s.Equals(value, StringComparison.OrdinalIgnoreCase))
                        ?? throw new ArgumentException(Where($"Severity '{value}' for {pair.Key} is not one of {string.Join(", ", WafSecurity.Severity.All)}."));
                    RequireKnownRule(pair.Key, Where);
                    return new KeyValuePair<string, string>(pair.Key, known);
                }).ToList();

            if (Get(data, "DisabledRules") is { } disabled)
            {
                settings.DisabledRules = AsList(disabled).Select(d => Convert.ToString(d, CultureInfo.InvariantCulture) ?? "").ToList();
                foreach (var pattern in settings.DisabledRules) RequireKnownRule(pattern, Where);
            }

            if (Get(data, "EnabledRules") is { } enabled)
            {
                settings.EnabledRules = AsList(enabled).Select(d => Convert.ToString(d, CultureInfo.InvariantCulture) ?? "").ToList();
                foreach (var pattern in settings.EnabledRules) RequireKnownRule(pattern, Where);
            }

            if (Get(data, "Suppressions") is { } suppressions)
                settings.Suppressions = AsList(suppressions).Select((item, index) =>
                {
                    var entry = AsMap(item!, Where($"Suppressions[{index}] must be a hashtable with Rule, Resource, Reason and Expires."));
                    string Field(string name) => Convert.ToString(Get(entry, name), CultureInfo.InvariantCulture) is { Length: > 0 } text
                        ? text : throw new ArgumentException(Where($"Suppressions[{index}] needs {name} (Rule, Resource, Reason and Expires are all required)."));
                    var rule = Field("Rule");
                    RequireKnownRule(rule, Where);
                    var expiresText = Get(entry, "Expires") is DateTime date ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Field("Expires");
                    if (!DateTimeOffset.TryParse(expiresText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires))
                        throw new ArgumentException(Where($"Suppressions[{index}].Expires '{expiresText}' is not a date (use yyyy-MM-dd)."));
                    return new Suppression(rule, Field("Resource"), Field("Reason"), expires);
                }).ToList();
            return settings;
        }

        /// <summary>The severity a finding of this rule gets: the last matching override, else the rule's own.</summary>
        public string SeverityFor(string ruleId, string severity)
        {
            foreach (var pair in SeverityOverrides)
                if (RuleRegistry.ToRegex(pair.Key).IsMatch(ruleId)) severity = pair.Value;
            return severity;
        }

        public bool IsDisabled(string ruleId) => DisabledRules.Any(pattern => RuleRegistry.ToRegex(pattern).IsMatch(ruleId));

        public bool IsEnabled(string ruleId) => EnabledRules.Any(pattern => RuleRegistry.ToRegex(pattern).IsMatch(ruleId));

        private static void RequireKnownRule(string pattern, Func<string, string> where)
        {
            if (!RuleRegistry.Match(new[] { pattern }).Any())
                throw new ArgumentException(where($"'{pattern}' matches no rule id (Get-WafSecurityRule lists them)."));
        }

        private static object? Get(IDictionary<string, object?> map, string key)
            => map.FirstOrDefault(p => p.Key.Equals(key, StringComparison.OrdinalIgnoreCase)).Value;

        private static Dictionary<string, object?> AsMap(object value, string error)
        {
            if (value is IDictionary<string, object?> typed) return new Dictionary<string, object?>(typed, StringComparer.OrdinalIgnoreCase);
            if (value is IDictionary untyped)
            {
                var map = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                foreach (DictionaryEntry entry in untyped) map[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!] = entry.Value;
                return map;
            }
            throw new ArgumentException(error);
        }

        private static IEnumerable<object?> AsList(object value)
            => value is string || value is IDictionary ? new[] { value } : value is IEnumerable items ? items.Cast<object?>() : new[] { value };
    }
}
