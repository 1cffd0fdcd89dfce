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

        public override string ToString() => Id;
    }
}
