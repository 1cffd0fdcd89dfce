using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit.Abstractions;

namespace WafSecurity.Engine.Tests.Iam.Differential
{
    /// <summary>
    /// Our IAM engine against an independent simulator (@cloud-copilot/iam-simulate, run by tools/iam-differential as a
    /// separate node process; never linked). The frozen corpus runs offline everywhere; the live run needs node and
    /// `npm ci` in tools/iam-differential and is skipped otherwise.
    /// </summary>
    public sealed class IamDifferentialTests
    {
        private readonly ITestOutputHelper _output;

        public IamDifferentialTests(ITestOutputHelper output) { _output = output; }

        [Fact]
        public void FrozenCorpus_EveryCase_AgreesWithOracleOrKnownDifference()
        {
            var folder = DifferentialHarness.CorpusFolder;
            var cases = DifferentialHarness.ReadCases(Path.Combine(folder, "cases.jsonl"));
            var answers = DifferentialHarness.ReadAnswers(Path.Combine(folder, "answers.jsonl"));
            var report = DifferentialHarness.Compare(cases, answers);
            _output.WriteLine(report.Summary());

            Assert.True(report.DecisionCases >= 1500, $"the frozen corpus has only {report.DecisionCases} decision cases");
            Assert.True(report.ExpansionCases >= 100, $"the frozen corpus has only {report.ExpansionCases} expansion cases");
            Assert.Empty(report.Invalid);
            Assert.True(!report.Unexplained.Any(), "unexplained disagreements with the oracle:\n" + report.Summary());
        }

        [OracleFact]
        public void LiveOracle_FreshCases_AgreeWithOracleOrKnownDifference()
        {
            // WAF_IAM_DIFF_DIR: a folder with cases.jsonl and answers.jsonl made by Invoke-IamDifferential.ps1.
            // Otherwise the cases are generated here (seed WAF_IAM_DIFF_SEED, default one other than the corpus's).
            var folder = Environment.GetEnvironmentVariable("WAF_IAM_DIFF_DIR");
            if (string.IsNullOrEmpty(folder) || !File.Exists(Path.Combine(folder, "answers.jsonl")))
            {
                folder = Path.Combine(Path.GetTempPath(), "waf-iam-diff-" + Guid.NewGuid().ToString("N").Substring(0, 8));
                Directory.CreateDirectory(folder);
                var seed = Environment.GetEnvironmentVariable("WAF_IAM_DIFF_SEED") ?? "777";
                var count = Environment.GetEnvironmentVariable("WAF_IAM_DIFF_COUNT") ?? "3000";
                Node("gen.js", "--seed", seed, "--decisions", count, "--expansions", "300", "--out", Path.Combine(folder, "cases.jsonl"));
                Node("oracle.js", Path.Combine(folder, "cases.jsonl"), Path.Combine(folder, "answers.jsonl"));
            }
            var report = DifferentialHarness.Compare(
                DifferentialHarness.ReadCases(Path.Combine(folder, "cases.jsonl")),
                DifferentialHarness.ReadAnswers(Path.Combine(folder, "answers.jsonl")));
            var summary = report.Summary();
            File.WriteAllText(Path.Combine(folder, "report.txt"), summary);
            _output.WriteLine($"report: {Path.Combine(folder, "report.txt")}");
            _output.WriteLine(summary);
            Assert.Empty(report.Invalid);
            Assert.True(!report.Unexplained.Any(), "unexplained disagreements with the oracle:\n" + summary);
        }

        private static void Node(params string[] args)
        {
            var start = new ProcessStartInfo("node") { WorkingDirectory = DifferentialHarness.ToolFolder, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in args) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"node {string.Join(" ", args)} failed ({process.ExitCode}): {stderr.Result}{stdout}");
        }
    }

    /// <summary>A fact that runs only where node and the installed oracle are (skipped, saying why, elsewhere).</summary>
    public sealed class OracleFactAttribute : FactAttribute
    {
        public OracleFactAttribute()
        {
            var reason = OracleMissingReason();
            if (reason != null) Skip = reason;
        }

        internal static string? OracleMissingReason()
        {
            var tool = DifferentialHarness.ToolFolder;
            if (!File.Exists(Path.Combine(tool, "node_modules", "@cloud-copilot", "iam-simulate", "package.json")))
                return $"the IAM oracle is not installed: run `npm ci` in {tool} (or build.ps1 -Task IamDifferential) to run the live differential check";
            if (!OnPath("node"))
                return "node is not on PATH: the live IAM differential check needs Node.js 18+";
            return null;
        }

        private static bool OnPath(string name)
        {
            var path = Environment.GetEnvironmentVariable("PATH") ?? "";
            var names = OperatingSystem.IsWindows() ? new[] { name + ".exe", name + ".cmd" } : new[] { name };
            return path.Split(Path.PathSeparator).Any(dir => dir.Length > 0 && names.Any(n => File.Exists(Path.Combine(dir, n))));
        }
    }
}
