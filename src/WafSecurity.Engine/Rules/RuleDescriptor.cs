using System;
using System.Collections.Generic;
using System.Collections.Specialized;

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

        public string HelpUri => HelpBaseUri + Id + ".md";

        public WafRule ToWafRule()
        {
            var parameters = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in Parameters) parameters[parameter.Name] = parameter.Default;
            return new WafRule
            {
                Id = Id, Question = Question, Severity = Severity, ResourceType = ResourceType, Title = Title,
                Description = Description, Remediation = Remediation, Parameters = parameters, HelpUri = HelpUri,
            };
        }
    }
}
