using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace WafSecurity.Engine.Rules
{
    /// <summary>The parameter values one rule runs with: its defaults overlaid with what the caller gave.</summary>
    public sealed class RuleParameterValues
    {
        private readonly Dictionary<string, object> _values = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);

        public RuleParameterValues(RuleDescriptor descriptor, IDictionary<string, object?>? overrides)
        {
            foreach (var parameter in descriptor.Parameters) _values[parameter.Name] = parameter.Default;
            if (overrides == null) return;
            foreach (var pair in overrides)
            {
                var parameter = descriptor.Parameters.FirstOrDefault(p => p.Name.Equals(pair.Key, StringComparison.OrdinalIgnoreCase))
                    ?? throw new ArgumentException($"Rule {descriptor.Id} has no parameter '{pair.Key}'. Its parameters: {Describe(descriptor)}.");
                _values[parameter.Name] = Convert(descriptor.Id, parameter, pair.Value);
            }
        }

        public string GetString(string name) => (string)_values[name];
        public int GetInt(string name) => (int)_values[name];
        public bool GetBool(string name) => (bool)_values[name];
        public IReadOnlyList<string> GetStrings(string name) => (string[])_values[name];

        private static string Describe(RuleDescriptor descriptor)
            => descriptor.Parameters.Count == 0 ? "none" : string.Join(", ", descriptor.Parameters.Select(p => p.Name));

        private static object Convert(string ruleId, RuleParameter parameter, object? value)
        {
            string Bad() => $"Parameter {ruleId}.{parameter.Name} takes {TypeName(parameter.Default)}; '{value}' is not one.";
            switch (parameter.Default)
            {
                case string[] _:
                    if (value == null) return Array.Empty<string>();
                    if (value is string single) return new[] { single };
                    if (value is IEnumerable items) return items.Cast<object?>().Select(i => System.Convert.ToString(i, CultureInfo.InvariantCulture) ?? "").ToArray();
                    return new[] { System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "" };
                case int _:
                    try { return System.Convert.ToInt32(value, CultureInfo.InvariantCulture); }
                    catch (Exception ex) when (ex is FormatException || ex is InvalidCastException || ex is OverflowException) { throw new ArgumentException(Bad()); }
                case bool _:
                    if (value is bool flag) return flag;
                    if (value is string text && bool.TryParse(text, out var parsed)) return parsed;
                    throw new ArgumentException(Bad());
                default:
                    var s = System.Convert.ToString(value, CultureInfo.InvariantCulture);
                    if (s == null) throw new ArgumentException(Bad());
                    return s;
            }
        }

        private static string TypeName(object value)
        {
            switch (value)
            {
                case string[] _: return "a list of strings";
                case int _: return "a whole number";
                case bool _: return "true or false";
                default: return "a string";
            }
        }
    }
}
