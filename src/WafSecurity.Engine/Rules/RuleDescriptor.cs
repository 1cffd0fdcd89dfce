using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;

namespace WafSecurity.Engine.Rules
{
    /// <summary>A rule parameter: its name, default and meaning. The default's type is the parameter's type.</summary>
    public sealed class RuleParameter
    {
        public RuleParameter(string name, object defaultValue, string description)
        {
            Name = name; Default = defaultValue; Description = description;
        }

        public string Name { get; }
        /// <summary>string, int, bool or string[].</summary>
        public object Default { get; }
        public string Description { get; }
    }

    /// <summary>A rule's metadata, declared once in the rule class.</summary>
    public sealed class RuleDescriptor
    {
        public const string HelpBaseUri = "https://github.com/wafsecurity/WafSecurity/blob/main/docs/rules/";

        public string Id { get; set; } = "";
        public string Question { get; set; } = "";
        public string Severity { get; set; } = "";
        public string ResourceType { get; set; } = "";
        public string Title { get; set; } = "";
        public string Description { get; set; } = "";
        public string Remediation { get; set; } = "";
        public IReadOnlyList<RuleParameter> Parameters { get; set; } = Array.Empty<RuleParameter>();
        /// <summary>AWS Well-Architected Security pillar best practices the rule checks, e.g. "SEC05-BP02".</summary>
        public IReadOnlyList<string> WellArchitected { get; set; } = Array.Empty<string>();
        /// <summary>The Security Hub CSPM control that checks the same thing, e.g. "Lambda.1"; null where none does.</summary>
        public string? SecurityHubControl { get; set; }
        /// <summary>The AWS Config managed rule that checks the same thing; null where none does.</summary>
        public string? ConfigRule { get; set; }
        /// <summary>
        /// Not part of a default audit (strict profiles, costly or noisy checks): runs only when -Rule selects it or the
        /// settings file lists it under EnabledRules.
        /// </summary>
        public bool OptIn { get; set; }

        public string HelpUri => HelpBaseUri + Id + ".md";

        public WafRule ToWafRule()
        {
            var parameters = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in Parameters) parameters[parameter.Name] = parameter.Default;
            return new WafRule
            {
                Id = Id, Question = Question, Severity = Severity, ResourceType = ResourceType, Title = Title,
                Description = Description, Remediation = Remediation, Parameters = parameters, HelpUri = HelpUri,
                WellArchitected = WellArchitected.ToArray(), SecurityHubControl = SecurityHubControl, ConfigRule = ConfigRule, OptIn = OptIn,
            };
        }
    }
}
