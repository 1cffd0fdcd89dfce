using System.Linq;
using System.Text.RegularExpressions;
using WafSecurity.Engine.Rules;

namespace WafSecurity.Engine.Tests.Rules
{
    public class RuleMetadataTests
    {
        [Fact]
        public void Registry_EveryRule_MapsToWellArchitectedBestPractices()
        {
            foreach (var rule in RuleRegistry.All.Select(r => r.Descriptor))
            {
                Assert.True(rule.WellArchitected.Count > 0, $"{rule.Id} has no Well-Architected best practice");
                Assert.All(rule.WellArchitected, id => Assert.Matches(new Regex("^(SEC|REL|OPS|COST)[0-9]{2}-BP[0-9]{2}$"), id));
            }
        }

        [Fact]
        public void Registry_MappedControls_HaveTheirPublishedShape()
        {
            foreach (var rule in RuleRegistry.All.Select(r => r.Descriptor))
            {
                if (rule.SecurityHubControl != null) Assert.Matches(new Regex("^[A-Za-z0-9]+\\.[0-9]+$"), rule.SecurityHubControl);
                if (rule.ConfigRule != null) Assert.Matches(new Regex("^[a-z0-9]+(-[a-z0-9]+)+$"), rule.ConfigRule);
            }
        }

        [Fact]
        public void Registry_RuleIds_AreUniqueAndSayTheirQuestion()
        {
            var ids = RuleRegistry.All.Select(r => r.Descriptor.Id).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.All(RuleRegistry.All, r => Assert.StartsWith(r.Descriptor.Question + ".", r.Descriptor.Id));
        }
    }
}
