using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Inventory;
using static WafSecurity.Engine.Tests.Rules.RuleTestInventory;

namespace WafSecurity.Engine.Tests.Rules
{
    public class LambdaSharedExecutionRoleRuleTests
    {
        private const string RuleId = "SEC2.Lambda.SharedExecutionRole";
        private const string SharedRole = "arn:aws:iam::123456789012:role/shared-exec";
        private const string OwnRole = "arn:aws:iam::123456789012:role/orders-exec";

        [Fact]
        public void Evaluate_RoleUsedInTwoRegions_FailsListingEveryFunctionWithRegion()
        {
            var inventory = Snapshot(
                Region("eu-west-1", Function("billing", "eu-west-1", SharedRole)),
                Region("us-east-1", Function("api", "us-east-1", SharedRole), Function("orders", "us-east-1", OwnRole)));

            var findings = Run(RuleId, inventory);

            var shared = Single(findings, "shared-exec");
            Assert.Equal("Failed", shared.Status);
            Assert.Equal(SharedRole, shared.ResourceArn);
            Assert.Equal("AWS::IAM::Role", shared.ResourceType);
            Assert.Equal("global", shared.Region);
            Assert.Contains("api@us-east-1", shared.Reason);
            Assert.Contains("billing@eu-west-1", shared.Reason);
            Assert.Equal("Passed", Single(findings, "orders-exec").Status);
        }

        [Fact]
        public void Evaluate_RegionListFailed_SingleUserRoleIsErrorButSharedRoleStillFails()
        {
            var failed = new RegionInventory("ap-south-1")
            {
                Functions = Fetched<IReadOnlyList<LambdaFunction>>.Failed(AccessDenied("lambda ListFunctions", "lambda:ListFunctions")),
            };
            var inventory = Snapshot(failed,
                Region("us-east-1", Function("a", role: SharedRole), Function("b", role: SharedRole), Function("c", role: OwnRole)));

            var findings = Run(RuleId, inventory);

            Assert.Equal("Failed", Single(findings, "shared-exec").Status);
            var single = Single(findings, "orders-exec");
            Assert.Equal("Error", single.Status);
            Assert.Contains("ap-south-1", single.Reason);
            Assert.Contains("lambda:ListFunctions", single.Reason);
        }

        [Fact]
        public void Evaluate_FunctionWithoutRole_ProducesNoFinding()
            => Assert.Empty(Run(RuleId, Snapshot(Region("us-east-1", Function("norole", role: null)))));
    }

    public class LambdaSecretsInEnvVarsRuleTests
    {
        private const string RuleId = "SEC3.Lambda.SecretsInEnvVars";

        [Fact]
        public void Evaluate_PlainPassword_FailsNamingVariableAndDetectorNeverValue()
        {
            const string value = "Sup3rS3cretValue!";
            var function = Function("orders", environment: new Dictionary<string, string>
            {
                ["DB_PASSWORD"] = value, ["TABLE_NAME"] = "orders", ["API_KEY_PARAM"] = "/prod/orders/api-key",
            });

            var finding = Run(RuleId, Snapshot(Region("us-east-1", function))).Single();

            Assert.Equal("Failed", finding.Status);
            Assert.Contains("DB_PASSWORD", finding.Reason);
            Assert.Contains("SensitiveName", finding.Reason);
            Assert.DoesNotContain("API_KEY_PARAM", finding.Reason);
            Assert.DoesNotContain(value, finding.Reason);
            foreach (System.Collections.DictionaryEntry entry in finding.Evidence)
            {
                var text = entry.Value is string[] list ? string.Join("|", list) : entry.Value?.ToString() ?? "";
                Assert.DoesNotContain(value, text);
            }
            var detections = (string[])finding.Evidence["Detections"]!;
            Assert.Contains(detections, d => d.Contains("sha256:" + WafSecurity.Engine.Secrets.SecretDetector.HashPrefix(value)));
        }

        [Fact]
        public void Evaluate_IgnorePattern_ExcludesVariableNames()
        {
            var function = Function("orders", environment: new Dictionary<string, string> { ["TEST_PASSWORD"] = "localdevpassword" });
            var finding = Run(RuleId, Snapshot(Region("us-east-1", function)),
                new Dictionary<string, object?> { ["IgnorePattern"] = "^TEST_" }).Single();
            Assert.Equal("Passed", finding.Status);
            Assert.Contains("ignored", finding.Reason);
        }

        [Fact]
        public void Evaluate_EnvironmentError_IsErrorNeverPass()
        {
            var function = Function("enc");
            function.EnvironmentError = "KMSAccessDeniedException: Lambda was unable to decrypt the environment variables";
            var finding = Run(RuleId, Snapshot(Region("us-east-1", function))).Single();
            Assert.Equal("Error", finding.Status);
            Assert.Contains("kms:Decrypt", finding.Reason);
        }

        [Fact]
        public void Evaluate_NoVariables_Passes()
            => Assert.Equal("Passed", Run(RuleId, Snapshot(Region("us-east-1", Function("bare")))).Single().Status);

        [Fact]
        public void Evaluate_RedactedMarker_FailsWithExportedDetector()
        {
            var function = Function("f", environment: new Dictionary<string, string> { ["X"] = "[REDACTED:StripeKey:0a1b2c3d]" });
            var finding = Run(RuleId, Snapshot(Region("us-east-1", function))).Single();
            Assert.Equal("Failed", finding.Status);
            Assert.Contains("X (StripeKey)", finding.Reason);
        }
    }

    public class LambdaDeprecatedRuntimeRuleTests
    {
        private const string RuleId = "SEC2.Lambda.DeprecatedRuntime";

        [Fact]
        public void Evaluate_DefaultList_FailsDeprecatedPassesCurrentSkipsImages()
        {
            var image = Function("img", runtime: null);
            image.PackageType = "Image";
            var inventory = Snapshot(Region("us-east-1", Function("old", runtime: "python3.9"), Function("new", runtime: "python3.13"),
                Function("al2", runtime: "java8.al2"), image));

            var findings = Run(RuleId, inventory);

            Assert.Equal(3, findings.Count);
            var old = Single(findings, "old");
            Assert.Equal("Failed", old.Status);
            Assert.Contains("python3.9", old.Reason);
            Assert.Contains("2025-12-15", old.Reason);
            Assert.Contains("-Runtime python3.13", old.RepairCommand);
            Assert.Equal("Passed", Single(findings, "new").Status);
            Assert.Equal("Passed", Single(findings, "al2").Status);
        }

        [Fact]
        public void Evaluate_CustomList_ReplacesDefault()
        {
            var findings = Run(RuleId, Snapshot(Region("us-east-1", Function("a", runtime: "python3.11"), Function("b", runtime: "python3.9"))),
                new Dictionary<string, object?> { ["DeprecatedRuntimes"] = new[] { "PYTHON3.11" } });
            Assert.Equal("Failed", Single(findings, "a").Status);
            Assert.Equal("Passed", Single(findings, "b").Status);
        }

        [Fact]
        public void Evaluate_ZipFunctionWithoutRuntime_IsError()
        {
            var finding = Run(RuleId, Snapshot(Region("us-east-1", Function("partial", runtime: null)))).Single();
            Assert.Equal("Error", finding.Status);
            Assert.Contains("Runtime", finding.Reason);
        }

        [Fact]
        public void Evaluate_GoRuntime_HasNoRepairCommand()
        {
            var finding = Run(RuleId, Snapshot(Region("us-east-1", Function("go", runtime: "go1.x")))).Single();
            Assert.Equal("Failed", finding.Status);
            Assert.Null(finding.RepairCommand);
        }
    }
}
