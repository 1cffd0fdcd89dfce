using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using WafSecurity.Engine.Iam;

namespace WafSecurity.Engine.Tests.Iam.Differential
{
    /// <summary>One line of cases.jsonl (format: tools/iam-differential/README.md).</summary>
    internal sealed class DifferentialCase
    {
        public string Id = "";
        public string Kind = "decision";
        public string Line = "";
        public List<string> IdentityPolicies = new List<string>();
        public string? Boundary;
        public string? ResourcePolicy;
        public string? Caller;
        public string? ResourceOwner;
        public string Action = "";
        public string Resource = "";
        public Dictionary<string, IReadOnlyList<string>> Context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        public string Pattern = "";
        /// <summary>The parsed line, for rules that look at the policies' shape.</summary>
        public JsonElement Raw;

        public static DifferentialCase Parse(string line)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement.Clone();
            var c = new DifferentialCase { Line = line, Raw = root, Id = root.GetProperty("id").GetString()! };
            c.Kind = root.TryGetProperty("kind", out var kind) ? kind.GetString()! : "decision";
            if (c.Kind == "expand")
            {
                c.Pattern = root.GetProperty("pattern").GetString()!;
                return c;
            }
            foreach (var policy in root.GetProperty("identityPolicies").EnumerateArray()) c.IdentityPolicies.Add(policy.GetRawText());
            if (root.TryGetProperty("boundary", out var boundary) && boundary.ValueKind == JsonValueKind.Object) c.Boundary = boundary.GetRawText();
            if (root.TryGetProperty("resourcePolicy", out var rp) && rp.ValueKind == JsonValueKind.Object) c.ResourcePolicy = rp.GetRawText();
            c.Caller = root.TryGetProperty("caller", out var caller) ? caller.GetString() : null;
            c.ResourceOwner = root.TryGetProperty("resourceOwner", out var owner) ? owner.GetString() : null;
            c.Action = root.GetProperty("action").GetString()!;
            c.Resource = root.GetProperty("resource").GetString()!;
            if (root.TryGetProperty("context", out var context) && context.ValueKind == JsonValueKind.Object)
                foreach (var entry in context.EnumerateObject())
                    c.Context[entry.Name] = entry.Value.ValueKind == JsonValueKind.Array
                        ? entry.Value.EnumerateArray().Select(v => v.GetString()!).ToArray()
                        : new[] { entry.Value.GetString()! };
            return c;
        }
    }

    /// <summary>One line of answers.jsonl: the oracle's decision, expansion, or error.</summary>
    internal sealed class OracleAnswer
    {
        public string Id = "";
        public string? Decision;
        public List<string>? Actions;
        public string? Error;
        public List<string> IgnoredContextKeys = new List<string>();

        public static OracleAnswer Parse(string line)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var a = new OracleAnswer { Id = root.GetProperty("id").GetString()! };
            if (root.TryGetProperty("decision", out var d)) a.Decision = d.GetString();
            if (root.TryGetProperty("error", out var e)) a.Error = e.GetString();
            if (root.TryGetProperty("actions", out var actions)) a.Actions = actions.EnumerateArray().Select(x => x.GetString()!).ToList();
            if (root.TryGetProperty("ignoredContextKeys", out var ignored)) a.IgnoredContextKeys = ignored.EnumerateArray().Select(x => x.GetString()!).ToList();
            return a;
        }
    }

    internal sealed class Disagreement
    {
        public DifferentialCase Case = null!;
        public string Ours = "";
        public string Oracle = "";
        /// <summary>The KNOWN-DIFFERENCES.md rule that explains it, or null.</summary>
        public string? Rule;
    }

    internal sealed class DifferentialReport
    {
        public int DecisionCases;
        public int DecisionAgreements;
        public int ExpansionCases;
        public int ExpansionAgreements;
        /// <summary>Cases the oracle could not run or that were not valid for it (a generator defect; listed, never compared).</summary>
        public List<string> Invalid = new List<string>();
        public List<Disagreement> Disagreements = new List<Disagreement>();
        public Dictionary<string, int> ExcludedByRule = new Dictionary<string, int>();

        public IEnumerable<Disagreement> Unexplained => Disagreements.Where(d => d.Rule == null);
        public int Compared => DecisionCases + ExpansionCases;
        public int Agreements => DecisionAgreements + ExpansionAgreements;

        public string Summary()
        {
            var sb = new StringBuilder();
            var excluded = Disagreements.Count(d => d.Rule != null);
            sb.AppendLine($"IAM differential check against @cloud-copilot/iam-simulate");
            sb.AppendLine($"  decisions:  {DecisionAgreements}/{DecisionCases} agree ({Rate(DecisionAgreements, DecisionCases)})");
            sb.AppendLine($"  expansions: {ExpansionAgreements}/{ExpansionCases} agree ({Rate(ExpansionAgreements, ExpansionCases)})");
            sb.AppendLine($"  disagreements: {Disagreements.Count} ({excluded} explained by KNOWN-DIFFERENCES.md rules, {Disagreements.Count - excluded} unexplained)");
            var agreeAfter = Agreements + excluded;
            sb.AppendLine($"  agreement excluding documented oracle deviations: {agreeAfter}/{Compared} ({Rate(agreeAfter, Compared)})");
            foreach (var rule in ExcludedByRule.OrderBy(r => r.Key, StringComparer.Ordinal))
                sb.AppendLine($"  rule {rule.Key}: {rule.Value} case(s) excluded");
            if (Invalid.Count > 0) sb.AppendLine($"  invalid cases (not compared): {Invalid.Count}: {string.Join(", ", Invalid.Take(20))}");
            foreach (var d in Disagreements.OrderBy(d => d.Rule != null).ThenBy(d => d.Case.Id, StringComparer.Ordinal).Take(200))
            {
                sb.AppendLine();
                sb.AppendLine($"{d.Case.Id}: ours={d.Ours} oracle={d.Oracle}{(d.Rule == null ? "  UNEXPLAINED" : "  (rule " + d.Rule + ")")}");
                sb.AppendLine("  " + d.Case.Line);
            }
            return sb.ToString();
        }

        private static string Rate(int a, int n) => n == 0 ? "n/a" : (100.0 * a / n).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "%";
    }

    /// <summary>Feeds cases to our engine through the API Test-WafIamPolicy and Expand-WafIamAction use, and compares.</summary>
    internal static class DifferentialHarness
    {
        public static string CorpusFolder => Path.Combine(TestPaths.Fixtures, "iam", "differential");
        public static string ToolFolder => Path.Combine(TestPaths.RepoRoot, "tools", "iam-differential");

        public static List<DifferentialCase> ReadCases(string path)
            => File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(DifferentialCase.Parse).ToList();

        public static Dictionary<string, OracleAnswer> ReadAnswers(string path)
            => File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(OracleAnswer.Parse).ToDictionary(a => a.Id, StringComparer.Ordinal);

        /// <summary>Our decision for a case, exactly as Test-WafIamPolicy computes it.</summary>
        public static string OurDecision(DifferentialCase c, bool withStatements = false)
        {
            var outcome = IamPolicySimulator.Simulate(new IamSimulationRequest
            {
                PolicyDocuments = c.IdentityPolicies,
                PermissionsBoundary = c.Boundary,
                ResourcePolicy = c.ResourcePolicy,
                CallerArn = c.Caller,
                ResourceOwner = c.ResourceOwner,
                Actions = new[] { c.Action },
                ResourceArns = new[] { c.Resource },
                Context = c.Context,
            });
            if (outcome.Errors.Count > 0) return "error: " + string.Join("; ", outcome.Errors.Select(e => e.ToString()));
            var result = outcome.Results.Single();
            if (!withStatements || result.MatchedStatements.Count == 0) return result.EvalDecision;
            return result.EvalDecision + " [" + string.Join(", ", result.MatchedStatements.Select(m => m.SourcePolicyId + "#" + m.StatementIndex)) + "]";
        }

        public static List<string> OurExpansion(string pattern)
            => IamActionExpander.Expand(pattern).Select(a => a.Action).OrderBy(a => a, StringComparer.Ordinal).ToList();

        public static DifferentialReport Compare(IReadOnlyList<DifferentialCase> cases, IReadOnlyDictionary<string, OracleAnswer> answers)
        {
            var report = new DifferentialReport();
            foreach (var c in cases)
            {
                if (!answers.TryGetValue(c.Id, out var answer)) { report.Invalid.Add(c.Id + " (no answer)"); continue; }
                if (answer.Error != null) { report.Invalid.Add($"{c.Id} ({answer.Error})"); continue; }
                if (answer.IgnoredContextKeys.Count > 0) { report.Invalid.Add($"{c.Id} (oracle ignored {string.Join(",", answer.IgnoredContextKeys)})"); continue; }
                if (c.Kind == "expand")
                {
                    report.ExpansionCases++;
                    var ours = OurExpansion(c.Pattern);
                    var theirs = answer.Actions ?? new List<string>();
                    if (ours.SequenceEqual(theirs, StringComparer.Ordinal)) { report.ExpansionAgreements++; continue; }
                    var onlyOurs = ours.Except(theirs, StringComparer.Ordinal).ToList();
                    var onlyTheirs = theirs.Except(ours, StringComparer.Ordinal).ToList();
                    AddDisagreement(report, c,
                        $"{ours.Count} actions (+{onlyOurs.Count}: {string.Join(" ", onlyOurs.Take(8))})",
                        $"{theirs.Count} actions (+{onlyTheirs.Count}: {string.Join(" ", onlyTheirs.Take(8))})");
                    continue;
                }
                report.DecisionCases++;
                var decision = OurDecision(c);
                if (decision == answer.Decision) { report.DecisionAgreements++; continue; }
                AddDisagreement(report, c, OurDecision(c, withStatements: true), answer.Decision ?? "?");
            }
            return report;
        }

        private static void AddDisagreement(DifferentialReport report, DifferentialCase c, string ours, string oracle)
        {
            var d = new Disagreement { Case = c, Ours = ours, Oracle = oracle, Rule = KnownDifferences.Explain(c, ours.Split(' ')[0], oracle) };
            report.Disagreements.Add(d);
            if (d.Rule != null) report.ExcludedByRule[d.Rule] = report.ExcludedByRule.TryGetValue(d.Rule, out var n) ? n + 1 : 1;
        }
    }
}
