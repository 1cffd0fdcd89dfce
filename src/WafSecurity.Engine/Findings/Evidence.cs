using System.Collections.Specialized;

namespace WafSecurity.Engine.Findings
{
    /// <summary>Fluent builder for a finding's ordered evidence.</summary>
    public sealed class Evidence
    {
        public OrderedDictionary Items { get; } = new OrderedDictionary();

        public Evidence Add(string key, object? value)
        {
            if (value != null) Items[key] = value;
            return this;
        }
    }
}
