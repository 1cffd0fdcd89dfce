using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Rules;

namespace WafSecurity.Engine.Tests.Rules
{
    public class AuditEngineTests
    {
        [Theory]
        [InlineData("SEC2.DynamoDB.EncryptionAtRestKms.Level", "Strongest", "Level")]
        [InlineData("SEC3.Lambda.SecretsInEnvVars.IgnorePattern", "([", "IgnorePattern")]
        [InlineData("SEC3.Lambda.SecretsViaSecretsManager.IgnorePattern", "([", "IgnorePattern")]
        [InlineData("SEC3.StepFunctions.NoSecretsInDefinition.IgnorePattern", "([", "IgnorePattern")]
        [InlineData("SEC3.Secrets.Unused.UnusedForDays", "ninety", "UnusedForDays")]
        public void New_BadParameterValue_IsAnArgumentErrorBeforeAnyRuleRuns(string key, string value, string named)
        {
            var ex = Assert.Throws<ArgumentException>(() => new AuditEngine(new AuditOptions { Parameters = new Dictionary<string, object?> { [key] = value } }));
            Assert.Contains(named, ex.Message);
        }

        [Fact]
        public void New_ParameterForms_AllReachTheRule()
        {
            var nested = new System.Collections.Hashtable { ["UnusedForDays"] = 30 };
            Assert.NotNull(new AuditEngine(new AuditOptions { Parameters = new Dictionary<string, object?> { ["SEC3.Secrets.Unused"] = nested } }));
            Assert.NotNull(new AuditEngine(new AuditOptions { Parameters = new Dictionary<string, object?> { ["UnusedForDays"] = "30" } }));
            Assert.Throws<ArgumentException>(() => new AuditEngine(new AuditOptions { Parameters = new Dictionary<string, object?> { ["SEC3.Secrets.Unused"] = 30 } }));
            Assert.Throws<ArgumentException>(() => new AuditEngine(new AuditOptions { Rules = new[] { "SEC2.DynamoDB.PITR" }, Parameters = new Dictionary<string, object?> { ["UnusedForDays"] = 30 } }));
        }

        [Fact]
        public void New_UnknownSeverityOrRule_IsAnArgumentError()
        {
            Assert.Throws<ArgumentException>(() => new AuditEngine(new AuditOptions { Severities = new[] { "Severe" } }));
            Assert.Throws<ArgumentException>(() => new AuditEngine(new AuditOptions { Rules = new[] { "SEC9.*" } }));
        }

        [Fact]
        public void Rules_OptInRule_SkippedByDefaultAndRunWhenNamed()
        {
            const string optIn = "SEC3.Secrets.RestrictivePolicy";
            Assert.True(RuleRegistry.All.Single(r => r.Descriptor.Id == optIn).Descriptor.OptIn);
            var inventory = RuleTestInventory.Snapshot(new WafSecurity.Engine.Inventory.RegionInventory("us-east-1")
            {
                Secrets = WafSecurity.Engine.Inventory.Fetched<IReadOnlyList<WafSecurity.Engine.Inventory.Secret>>.Ok(new[]
                    { new WafSecurity.Engine.Inventory.Secret { Name = "app", Arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf" } }),
            });

            var byDefault = new AuditEngine(new AuditOptions { IncludePassed = true });
            Assert.DoesNotContain(byDefault.Rules, r => r.Descriptor.Id == optIn);
            Assert.DoesNotContain(byDefault.Run(inventory), f => f.RuleId == optIn);

            var named = new AuditEngine(new AuditOptions { Rules = new[] { optIn }, IncludePassed = true });
            Assert.Equal(optIn, Assert.Single(named.Rules).Descriptor.Id);
            var finding = Assert.Single(named.Run(inventory));
            Assert.Equal((optIn, "Failed"), (finding.RuleId, finding.Status));
        }
    }
}
