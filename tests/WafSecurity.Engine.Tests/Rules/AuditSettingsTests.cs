using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Rules;

namespace WafSecurity.Engine.Tests.Rules
{
    public class AuditSettingsTests
    {
        private const string Tables = "{\"TableNames\":[\"orders\",\"audit\"]}";

        private static TempSnapshot Snapshot()
        {
            var snap = new TempSnapshot().Write("us-east-1/dynamodb/ListTables.json", Tables);
            foreach (var name in new[] { "orders", "audit" })
            {
                snap.Write($"us-east-1/dynamodb/DescribeTable/{name}.json", $"{{\"Table\":{{\"TableName\":\"{name}\",\"TableArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/{name}\"}}}}");
                snap.Write($"us-east-1/dynamodb/DescribeContinuousBackups/{name}.json", "{\"ContinuousBackupsDescription\":{\"PointInTimeRecoveryDescription\":{\"PointInTimeRecoveryStatus\":\"DISABLED\"}}}");
            }
            return snap;
        }

        private static AuditSettings Settings(Hashtable data) => AuditSettings.FromDictionary(data.Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => e.Value, StringComparer.OrdinalIgnoreCase), "test.psd1");

        private static List<WafFinding> Run(AuditSettings settings, bool includeSuppressed = false, List<InventoryIssue>? issues = null)
        {
            using var snap = Snapshot();
            var engine = new AuditEngine(new AuditOptions
            {
                Rules = new[] { "SEC2.DynamoDB.PITR" }, Settings = settings, IncludeSuppressed = includeSuppressed,
                Clock = new FixedClock(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero)),
            });
            return engine.Run(SnapshotReader.Read(snap.Root), i => issues?.Add(i)).ToList();
        }

        private static Hashtable Suppress(string resource, string expires) => new Hashtable
        {
            ["Suppressions"] = new object[] { new Hashtable { ["Rule"] = "SEC2.DynamoDB.*", ["Resource"] = resource, ["Reason"] = "restorable from S3 exports", ["Expires"] = expires } },
        };

        [Fact]
        public void Run_LiveSuppression_HidesTheFindingUnlessIncludeSuppressed()
        {
            var settings = Settings(Suppress("arn:aws:dynamodb:*:*:table/orders", "2027-01-31"));
            Assert.Equal(new[] { "audit" }, Run(settings).Select(f => f.ResourceName));
            var all = Run(settings, includeSuppressed: true);
            var orders = all.Single(f => f.ResourceName == "orders");
            Assert.True(orders.Suppressed);
            Assert.Contains("restorable from S3 exports", orders.SuppressionReason);
            Assert.False(all.Single(f => f.ResourceName == "audit").Suppressed);
        }

        [Fact]
        public void Run_ExpiredSuppression_ReportsTheFindingAndWarnsOnce()
        {
            var issues = new List<InventoryIssue>();
            var findings = Run(Settings(Suppress("*", "2026-11-01")), issues: issues);
            Assert.Equal(2, findings.Count);
            Assert.All(findings, f => Assert.False(f.Suppressed));
            Assert.Single(issues, i => i.ErrorId == "WafSecurity.SuppressionExpired");
        }

        [Fact]
        public void Run_SeverityOverrideAndDisabledRule_AreApplied()
        {
            Assert.All(Run(Settings(new Hashtable { ["Severity"] = new Hashtable { ["SEC2.DynamoDB.PITR"] = "low" } })), f => Assert.Equal("Low", f.Severity));
            var disabled = Settings(new Hashtable { ["DisabledRules"] = new object[] { "SEC2.DynamoDB.PITR" } });
            Assert.Empty(Run(disabled));
        }

        [Fact]
        public void New_SettingsParameters_AreOverriddenByCommandLineParameters()
        {
            var settings = Settings(new Hashtable { ["Parameters"] = new Hashtable { ["SEC3.Secrets.Unused.UnusedForDays"] = "ninety" } });
            Assert.Throws<ArgumentException>(() => new AuditEngine(new AuditOptions { Settings = settings }));
            Assert.NotNull(new AuditEngine(new AuditOptions { Settings = settings, Parameters = new Dictionary<string, object?> { ["SEC3.Secrets.Unused.UnusedForDays"] = 30 } }));
        }

        [Theory]
        [InlineData("Colour", "'Colour' is not a setting")]
        [InlineData("Severity", "is not one of")]
        [InlineData("DisabledRules", "matches no rule id")]
        [InlineData("Suppressions", "needs Reason")]
        [InlineData("Expires", "is not a date")]
        public void FromDictionary_BadEntry_NamesTheFileAndTheEntry(string what, string expected)
        {
            var data = what switch
            {
                "Colour" => new Hashtable { ["Colour"] = "blue" },
                "Severity" => new Hashtable { ["Severity"] = new Hashtable { ["SEC2.DynamoDB.PITR"] = "Severe" } },
                "DisabledRules" => new Hashtable { ["DisabledRules"] = "SEC9.*" },
                "Suppressions" => new Hashtable { ["Suppressions"] = new Hashtable { ["Rule"] = "SEC2.DynamoDB.PITR", ["Resource"] = "*", ["Expires"] = "2027-01-01" } },
                _ => new Hashtable { ["Suppressions"] = new Hashtable { ["Rule"] = "SEC2.DynamoDB.PITR", ["Resource"] = "*", ["Reason"] = "x", ["Expires"] = "soon" } },
            };
            var ex = Assert.Throws<ArgumentException>(() => Settings(data));
            Assert.Contains("test.psd1", ex.Message);
            Assert.Contains(expected, ex.Message);
        }
    }
}
