using System.Collections.Specialized;

namespace WafSecurity
{
    /// <summary>A rule's public description (contract.md). Type name WafSecurity.WafRule is public contract.</summary>
    public sealed class WafRule
    {
        public string Id { get; set; } = "";
        public string Question { get; set; } = "";
        public string Severity { get; set; } = "";
        public string ResourceType { get; set; } = "";
        public string Title { get; set; } = "";
        public string Description { get; set; } = "";
        public string Remediation { get; set; } = "";
        /// <summary>Parameter name to default value.</summary>
        public OrderedDictionary Parameters { get; set; } = new OrderedDictionary();
        public string HelpUri { get; set; } = "";
        /// <summary>AWS Well-Architected Security pillar best practices (SECxx-BPyy).</summary>
        public string[] WellArchitected { get; set; } = new string[0];
        /// <summary>The Security Hub CSPM control that checks the same thing, where one exists.</summary>
        public string? SecurityHubControl { get; set; }
        /// <summary>The AWS Config managed rule that checks the same thing, where one exists.</summary>
        public string? ConfigRule { get; set; }
        /// <summary>Runs only when selected by -Rule or the settings file's EnabledRules.</summary>
        public bool OptIn { get; set; }

        public override string ToString() => Id;
    }
}
