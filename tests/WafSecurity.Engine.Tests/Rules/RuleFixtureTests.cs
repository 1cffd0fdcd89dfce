using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Rules;

namespace WafSecurity.Engine.Tests.Rules
{
    /// <summary>
    /// Table-driven rule tests: every case folder under tests/fixtures/rules/&lt;RuleId&gt;/&lt;case&gt;/ is a snapshot with an
    /// expected.json listing every finding that rule must produce (rule, resource, status, words of the reason).
    /// </summary>
    public class RuleFixtureTests
    {
        public static IEnumerable<object[]> Cases()
        {
            var root = Path.Combine(TestPaths.Fixtures, "rules");
            if (!Directory.Exists(root)) yield break;
            foreach (var ruleDir in Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal))
                foreach (var caseDir in Directory.GetDirectories(ruleDir).OrderBy(d => d, StringComparer.Ordinal))
                    if (File.Exists(Path.Combine(caseDir, "expected.json")))
                        yield return new object[] { Path.GetFileName(ruleDir), Path.GetFileName(caseDir) };
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Evaluate_FixtureCase_GivesExactlyTheExpectedFindings(string ruleId, string caseName)
        {
            var caseDir = Path.Combine(TestPaths.Fixtures, "rules", ruleId, caseName);
            var expectation = ExpectedFindings.Load(Path.Combine(caseDir, "expected.json"));
            Assert.Contains(RuleRegistry.All, r => r.Descriptor.Id == ruleId);

            var inventory = SnapshotReader.Read(caseDir);
            var engine = new AuditEngine(new AuditOptions { Rules = new[] { ruleId }, IncludePassed = true, Parameters = expectation.Parameters });
            var findings = engine.Run(inventory).ToList();

            var actual = findings.Select(f => $"{f.RuleId} | {f.ResourceName} | {f.Status}").OrderBy(s => s, StringComparer.Ordinal).ToList();
            var expected = expectation.Findings.Select(f => $"{f.RuleId} | {f.ResourceName} | {f.Status}").OrderBy(s => s, StringComparer.Ordinal).ToList();
            Assert.Equal(expected, actual);
            foreach (var want in expectation.Findings)
            {
                var finding = findings.First(f => f.RuleId == want.RuleId && f.ResourceName == want.ResourceName && f.Status == want.Status);
                foreach (var word in want.ReasonIncludes)
                    Assert.True(finding.Reason.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0,
                        $"{ruleId}/{caseName}: the reason for {want.ResourceName} should name '{word}' but is: {finding.Reason}");
            }
        }

        [Fact]
        public void Fixtures_EveryRule_HasFailingPassingAndErrorCases()
        {
            var root = Path.Combine(TestPaths.Fixtures, "rules");
            foreach (var rule in RuleRegistry.All)
            {
                var dir = Path.Combine(root, rule.Descriptor.Id);
                Assert.True(Directory.Exists(dir), $"no fixtures for {rule.Descriptor.Id}");
                var statuses = Directory.GetDirectories(dir).Where(d => File.Exists(Path.Combine(d, "expected.json")))
                    .SelectMany(d => ExpectedFindings.Load(Path.Combine(d, "expected.json")).Findings.Select(f => f.Status)).ToHashSet();
                Assert.True(statuses.IsSupersetOf(new[] { "Failed", "Passed", "Error" }),
                    $"{rule.Descriptor.Id} fixtures cover only {string.Join(", ", statuses)}");
            }
        }
    }

    internal sealed class ExpectedFinding
    {
        public string RuleId { get; set; } = "";
        public string ResourceName { get; set; } = "";
        public string Status { get; set; } = "";
        public List<string> ReasonIncludes { get; set; } = new List<string>();
    }

    /// <summary>expected.json: either an array of findings, or {"Parameters": {...}, "Findings": [...]}.</summary>
    internal sealed class ExpectedFindings
    {
        public Dictionary<string, object?>? Parameters { get; set; }
        public List<ExpectedFinding> Findings { get; set; } = new List<ExpectedFinding>();

        private static readonly JsonSerializerOptions Options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };

        public static ExpectedFindings Load(string path)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
                return new ExpectedFindings { Findings = JsonSerializer.Deserialize<List<ExpectedFinding>>(root.GetRawText(), Options)! };
            var result = new ExpectedFindings();
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name.Equals("Findings", StringComparison.OrdinalIgnoreCase))
                    result.Findings = JsonSerializer.Deserialize<List<ExpectedFinding>>(property.Value.GetRawText(), Options)!;
                else if (property.Name.Equals("Parameters", StringComparison.OrdinalIgnoreCase))
                    result.Parameters = property.Value.EnumerateObject().ToDictionary(p => p.Name, p => ToValue(p.Value), StringComparer.OrdinalIgnoreCase);
            }
            return result;
        }

        private static object? ToValue(JsonElement value)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Array: return value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()).ToArray();
                case JsonValueKind.Number: return value.GetInt32();
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                case JsonValueKind.Null: return null;
                default: return value.GetString();
            }
        }
    }
}
