using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Rules;
using WafSecurity.Engine.Tests.Rules;

namespace WafSecurity.Engine.Tests.Inventory
{
    /// <summary>
    /// Damaged or unusual snapshots (tests/fixtures/bad-input/&lt;case&gt;): the listed files, and only those, are reported as
    /// errors naming the file, and the listed rules still give exactly the expected findings for the rest.
    /// </summary>
    public class BadInputTests
    {
        private static string Root => Path.Combine(TestPaths.Fixtures, "bad-input");

        public static IEnumerable<object[]> Cases()
            => Directory.Exists(Root)
                ? Directory.GetDirectories(Root).Where(d => File.Exists(Path.Combine(d, "expected.json")))
                    .OrderBy(d => d, StringComparer.Ordinal).Select(d => new object[] { Path.GetFileName(d) })
                : Enumerable.Empty<object[]>();

        [Theory]
        [MemberData(nameof(Cases))]
        public void Read_BadInputCase_ReportsExactlyTheDamagedFilesAndAuditsTheRest(string caseName)
        {
            var caseDir = Path.Combine(Root, caseName);
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(caseDir, "expected.json")));
            var rules = document.RootElement.GetProperty("Rules").EnumerateArray().Select(r => r.GetString()!).ToArray();
            var wantedErrors = document.RootElement.GetProperty("SnapshotErrors").EnumerateArray().Select(e => e.GetString()!).OrderBy(e => e).ToList();
            var wantedFindings = JsonSerializer.Deserialize<List<ExpectedFinding>>(document.RootElement.GetProperty("Findings").GetRawText(),
                new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

            var inventory = SnapshotReader.Read(caseDir);
            var reported = inventory.Issues.Where(i => i.Kind == IssueKind.Error).Select(i => i.Target).Distinct().OrderBy(t => t).ToList();
            Assert.Equal(wantedErrors, reported);
            foreach (var issue in inventory.Issues.Where(i => i.Kind == IssueKind.Error))
                Assert.Contains(issue.Target, issue.Message);

            var findings = new AuditEngine(new AuditOptions { Rules = rules, IncludePassed = true }).Run(inventory).ToList();
            Assert.Equal(
                wantedFindings.Select(f => $"{f.RuleId} | {f.ResourceName} | {f.Status}").OrderBy(s => s, StringComparer.Ordinal),
                findings.Select(f => $"{f.RuleId} | {f.ResourceName} | {f.Status}").OrderBy(s => s, StringComparer.Ordinal));
            foreach (var want in wantedFindings)
            {
                var finding = findings.First(f => f.RuleId == want.RuleId && f.ResourceName == want.ResourceName && f.Status == want.Status);
                foreach (var word in want.ReasonIncludes)
                    Assert.True(finding.Reason.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0, $"{caseName}: '{word}' not in: {finding.Reason}");
            }
        }
    }
}
