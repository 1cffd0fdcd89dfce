using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using WafSecurity.Engine.Aws;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Secrets;
using WafSecurity.Engine.Tests.Aws;

namespace WafSecurity.Engine.Tests.Inventory
{
    public sealed class SnapshotWriterTests : IDisposable
    {
        private readonly string _parent = Path.Combine(Path.GetTempPath(), "waf-writer-" + Guid.NewGuid().ToString("N"));
        private string Target => Path.Combine(_parent, "snap");

        public void Dispose()
        {
            try { Directory.Delete(_parent, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        private static SnapshotDocuments Secrets()
            => SnapshotDocuments.Load(Path.Combine(TestPaths.Fixtures, "rules", "SEC3.Lambda.SecretsInEnvVars", "fail"));

        [Fact]
        public void Write_CollectedSnapshot_WritesEveryDocumentWhereTheReaderFindsIt()
        {
            var recorded = SnapshotDocuments.Load(CollectorTestSupport.DemoAccount);
            var collected = CollectorTestSupport.Collect(recorded).Documents;
            var result = SnapshotWriter.Write(collected, Target, new SnapshotWriteOptions { NoRedaction = true });
            Assert.Equal(collected.Count, result.Files);
            Assert.Empty(CollectorTestSupport.Differences(collected, SnapshotDocuments.Load(Target), compareAccount: true));
            Assert.True(File.Exists(Path.Combine(Target, "eu-west-1", "secretsmanager", "GetResourcePolicy", "eu%2Fcustomers%2Fdb-password.json")));
            Assert.DoesNotContain(Directory.GetDirectories(_parent), d => Path.GetFileName(d).StartsWith("."));
        }

        [Fact]
        public void Write_FlaggedEnvironmentValues_NeverReachTheDisk()
        {
            var documents = Secrets();
            documents.TryGet("us-east-1/lambda/ListFunctions.json", out var list);
            var variables = JsonNode.Parse(list)!["Functions"]!.AsArray()
                .SelectMany(f => f!["Environment"]?["Variables"]?.AsObject().Select(p => (p.Key, Value: p.Value!.GetValue<string>())) ?? Enumerable.Empty<(string, string)>())
                .ToList();
            var flagged = variables.Where(v => SecretDetector.Default.Inspect(v.Item1, v.Item2) != null).ToList();
            Assert.NotEmpty(flagged);
            // Versions carry their environment too.
            documents.Set("us-east-1/lambda/ListVersionsByFunction/x.json", "{\"Versions\":[{\"Version\":\"1\",\"Environment\":{\"Variables\":{\"" +
                flagged[0].Item1 + "\":\"" + flagged[0].Item2.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"}}}]}");

            var result = SnapshotWriter.Write(documents, Target);
            Assert.True(result.RedactedValues >= flagged.Count + 1);
            var everything = string.Join("\n", Directory.GetFiles(Target, "*", SearchOption.AllDirectories).Select(File.ReadAllText));
            foreach (var (name, value) in flagged)
            {
                Assert.DoesNotContain(value, everything);
                var detection = SecretDetector.Default.Inspect(name, value)!;
                Assert.Contains($"[REDACTED:{detection.Detector}:{SecretDetector.HashPrefix(value)}]", everything);
            }
            // The redacted snapshot still fails the rule: a marker is a detected secret.
            var inventory = SnapshotReader.Read(Target);
            var findings = new WafSecurity.Engine.Rules.AuditEngine(new WafSecurity.Engine.Rules.AuditOptions { Rules = new[] { "SEC3.Lambda.SecretsInEnvVars" } }).Run(inventory);
            Assert.Contains(findings, f => f.Status == FindingStatus.Failed);
        }

        [Fact]
        public void Write_NoRedaction_KeepsValues()
        {
            var documents = Secrets();
            var result = SnapshotWriter.Write(documents, Target, new SnapshotWriteOptions { NoRedaction = true });
            Assert.Equal(0, result.RedactedValues);
            Assert.DoesNotContain("[REDACTED:", File.ReadAllText(Path.Combine(Target, "us-east-1", "lambda", "ListFunctions.json")));
        }

        [Fact]
        public void Write_NonEmptyTargetWithoutForce_RefusesAndLeavesItAlone()
        {
            Directory.CreateDirectory(Target);
            File.WriteAllText(Path.Combine(Target, "keep.txt"), "x");
            Assert.Throws<SnapshotExistsException>(() => SnapshotWriter.Write(Secrets(), Target));
            Assert.True(File.Exists(Path.Combine(Target, "keep.txt")));
        }

        [Fact]
        public void Write_Force_ReplacesTheWholeFolder()
        {
            Directory.CreateDirectory(Path.Combine(Target, "us-west-2", "lambda"));
            File.WriteAllText(Path.Combine(Target, "us-west-2", "lambda", "ListFunctions.json"), "{}");
            SnapshotWriter.Write(Secrets(), Target, new SnapshotWriteOptions { Force = true });
            Assert.False(Directory.Exists(Path.Combine(Target, "us-west-2")));
            Assert.True(File.Exists(Path.Combine(Target, "account.json")));
            Assert.Single(Directory.GetDirectories(_parent));
        }

        [Fact]
        public void Write_OnUnix_FoldersAre700AndFiles600()
        {
            if (OperatingSystem.IsWindows()) return;
            SnapshotWriter.Write(Secrets(), Target);
            var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            Assert.Equal(owner, File.GetUnixFileMode(Target));
            foreach (var directory in Directory.GetDirectories(Target, "*", SearchOption.AllDirectories))
                Assert.Equal(owner, File.GetUnixFileMode(directory));
            foreach (var file in Directory.GetFiles(Target, "*", SearchOption.AllDirectories))
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        [Fact]
        public void Write_FailedCall_IsAnErrorFileWithCodeMessageAndStatus()
        {
            var recorded = SnapshotDocuments.Load(CollectorTestSupport.DemoAccount);
            var faults = new CallFaults();
            faults.PersistentErrors["kms DescribeKey"] = ("AccessDeniedException", "not authorized to perform: kms:DescribeKey", 403);
            var collected = CollectorTestSupport.Collect(recorded, faults).Documents;
            SnapshotWriter.Write(collected, Target);
            var errors = Directory.GetFiles(Path.Combine(Target, "us-east-1", "kms", "DescribeKey"), "*.error.json");
            Assert.NotEmpty(errors);
            var record = JsonNode.Parse(File.ReadAllText(errors[0]))!.AsObject();
            Assert.Equal(new[] { "Code", "HttpStatus", "Message" }, record.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal(403, record["HttpStatus"]!.GetValue<int>());
        }
    }
}
