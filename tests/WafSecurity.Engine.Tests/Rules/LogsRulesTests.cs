using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Rules;
using WafSecurity.Engine.Rules.Logs;

namespace WafSecurity.Engine.Tests.Rules
{
    public class LogsNoSecretsInLogsRuleTests
    {
        private const string AccessKey = "AKIAIOSFODNN7EXAMPLE";
        private const string Password = "Tr0ub4dor&3-horse";

        [Theory]
        [InlineData("fail-cli-raw")]
        [InlineData("fail")]
        public void Evaluate_SecretsInEvents_FindingsNeverHoldTheValues(string caseName)
        {
            var inventory = SnapshotReader.Read(Path.Combine(TestPaths.Fixtures, "rules", LogsNoSecretsInLogsRule.Info.Id, caseName));
            var engine = new AuditEngine(new AuditOptions { Rules = new[] { LogsNoSecretsInLogsRule.Info.Id }, IncludePassed = true });
            var findings = engine.Run(inventory).ToList();

            var failed = Assert.Single(findings, f => f.Status == "Failed");
            Assert.Contains("AwsAccessKeyId", failed.Reason);
            var detections = (string[])failed.Evidence["Detections"]!;
            Assert.Contains(detections, d => d.Contains("sha256:" + WafSecurity.Engine.Secrets.SecretDetector.HashPrefix(AccessKey)));
            var everything = JsonSerializer.Serialize(findings);
            Assert.Contains("sha256:" + WafSecurity.Engine.Secrets.SecretDetector.HashPrefix(AccessKey), everything); // the serialization holds the evidence
            Assert.DoesNotContain(AccessKey, everything);
            Assert.DoesNotContain(Password, everything);
            Assert.DoesNotContain("Tr0ub4dor", everything);
        }

        [Fact]
        public void IsOptIn_AndALiveAuditSamplesOnlyWhenItIsSelected()
        {
            Assert.True(LogsNoSecretsInLogsRule.Info.OptIn);
            Assert.Null(LogsNoSecretsInLogsRule.LogSampleFor(new AuditEngine(new AuditOptions())));
            var sample = LogsNoSecretsInLogsRule.LogSampleFor(new AuditEngine(new AuditOptions
            {
                Rules = new[] { "SEC2.Logs.*" },
                Parameters = new System.Collections.Generic.Dictionary<string, object?> { ["SEC2.Logs.NoSecretsInLogs.SampleEvents"] = 500 },
            }));
            Assert.NotNull(sample);
            Assert.Equal((500, 24), (sample!.SampleEvents, sample.LookbackHours));
        }

        [Fact]
        public void ValidateParameters_SampleAboveOnePage_IsRejected()
            => Assert.Throws<ArgumentException>(() => new AuditEngine(new AuditOptions
            {
                Rules = new[] { LogsNoSecretsInLogsRule.Info.Id },
                Parameters = new System.Collections.Generic.Dictionary<string, object?> { ["SEC2.Logs.NoSecretsInLogs.SampleEvents"] = 10001 },
            }));
    }
}
