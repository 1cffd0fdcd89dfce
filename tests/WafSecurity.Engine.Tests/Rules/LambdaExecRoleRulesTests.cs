using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Tests.Iam;
using static WafSecurity.Engine.Tests.Rules.RuleTestInventory;

namespace WafSecurity.Engine.Tests.Rules
{
    public class LambdaExecRoleRulesTests
    {
        private static readonly IamManagedPolicy Admin = ExecutionRoleAnalyzerTests.AwsManaged("AdministratorAccess");
        private static readonly IamManagedPolicy Basic = ExecutionRoleAnalyzerTests.AwsManaged("AWSLambdaBasicExecutionRole", "service-role/");

        private static AwsInventory WithRoles(AwsInventory inventory, IEnumerable<IamRole> roles, params IamManagedPolicy[] policies)
        {
            inventory.Iam = Fetched<IamAuthorizationDetails>.Ok(ExecutionRoleAnalyzerTests.Details(roles, policies));
            return inventory;
        }

        private static IamRole Role(string name, params string[] managed)
        {
            var role = ExecutionRoleAnalyzerTests.Role(name, managed);
            role.Arn = $"arn:aws:iam::{Account}:role/service-role/{name}";
            return role;
        }

        [Fact]
        public void ExecRoleAdmin_FunctionWithAdministratorAccess_FailsNamingPolicyAndStatement()
        {
            var admin = Role("admin-exec", Admin.Arn);
            var basic = Role("basic-exec", Basic.Arn);
            var inventory = WithRoles(Snapshot(Region("us-east-1", Function("api", role: admin.Arn), Function("worker", role: basic.Arn))), new[] { admin, basic }, Admin, Basic);

            var findings = Run(ExecRoleRuleIds.Admin, inventory);

            var failed = Single(findings, "admin-exec");
            Assert.Equal("Failed", failed.Status);
            Assert.Equal("Critical", failed.Severity);
            Assert.Equal("AWS::IAM::Role", failed.ResourceType);
            Assert.Contains("api@us-east-1", failed.Reason);
            Assert.Equal(Admin.Arn, failed.Evidence["Policy"]);
            Assert.Equal("Statement[0]", failed.Evidence["Statement"]);
            Assert.Equal("Passed", Single(findings, "basic-exec").Status);
        }

        [Fact]
        public void ExecRoleRules_IamNotCollected_AreErrorsNeverPasses()
        {
            var inventory = Snapshot(Region("us-east-1", Function("api", role: $"arn:aws:iam::{Account}:role/x")));
            foreach (var id in new[] { ExecRoleRuleIds.Admin, ExecRoleRuleIds.Wildcards, ExecRoleRuleIds.PrivEsc, ExecRoleRuleIds.TrustTooBroad })
            {
                var finding = Assert.Single(Run(id, inventory));
                Assert.Equal("Error", finding.Status);
                Assert.Contains("iam:GetAccountAuthorizationDetails", finding.Reason);
            }
        }

        [Fact]
        public void ExecRoleRules_ManagedPolicyNotCollected_IsErrorUnlessAnIssueIsFound()
        {
            var role = Role("partial", "arn:aws:iam::aws:policy/Missing");
            var inventory = WithRoles(Snapshot(Region("us-east-1", Function("api", role: role.Arn))), new[] { role });
            Assert.Equal("Error", Assert.Single(Run(ExecRoleRuleIds.PrivEsc, inventory)).Status);
        }

        [Fact]
        public void ExecRoleTrustTooBroad_PublicTrust_FailsCritical()
        {
            var role = ExecutionRoleAnalyzerTests.Role("open", trust: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}]}");
            var inventory = WithRoles(Snapshot(Region("us-east-1", Function("api", role: role.Arn))), new[] { role });
            var finding = Assert.Single(Run(ExecRoleRuleIds.TrustTooBroad, inventory));
            Assert.Equal("Failed", finding.Status);
            Assert.Equal("Critical", finding.Severity);
        }

        [Fact]
        public void ExecRoleUnusedOrOrphan_RoleNoFunctionUses_FailsAndUsedRolePasses()
        {
            var used = Role("used", Basic.Arn);
            var orphan = Role("orphan", Basic.Arn);
            orphan.CreateDate = CapturedAt.AddDays(-400);
            var stale = Role("stale", Basic.Arn);
            stale.CreateDate = CapturedAt.AddDays(-400);
            stale.LastUsedDate = CapturedAt.AddDays(-200);
            var young = Role("young", Basic.Arn);
            young.CreateDate = CapturedAt.AddDays(-3);
            var inventory = WithRoles(Snapshot(Region("us-east-1", Function("api", role: used.Arn), Function("old", role: stale.Arn))),
                new[] { used, orphan, stale, young }, Basic);

            var findings = Run(ExecRoleRuleIds.UnusedOrOrphan, inventory);

            Assert.Equal("Passed", Single(findings, "used").Status);
            Assert.Equal("Failed", Single(findings, "orphan").Status);
            Assert.Contains("no function", Single(findings, "orphan").Reason);
            Assert.Equal("Failed", Single(findings, "stale").Status);
            Assert.Contains("200 days", Single(findings, "stale").Reason);
            Assert.Equal("Passed", Single(findings, "young").Status);
            Assert.Equal("Failed", Single(Run(ExecRoleRuleIds.UnusedOrOrphan, inventory, new Dictionary<string, object?> { ["UnusedDays"] = 2 }), "young").Status);
        }

        private static IamRole InlineRole(string name, string statementJson, string? trust = null)
        {
            var inline = new Dictionary<string, string> { ["p"] = "{\"Version\":\"2012-10-17\",\"Statement\":[" + statementJson + "]}" };
            var role = trust == null ? ExecutionRoleAnalyzerTests.Role(name, null, inline) : ExecutionRoleAnalyzerTests.Role(name, null, inline, trust);
            role.Arn = $"arn:aws:iam::{Account}:role/service-role/{name}";
            return role;
        }

        private static string StatusOf(string ruleId, IamRole role)
            => Assert.Single(Run(ruleId, WithRoles(Snapshot(Region("us-east-1", Function("fn", role: role.Arn))), new[] { role }))).Status;

        [Theory]
        [InlineData("{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}", "Failed")]
        [InlineData("{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}", "Failed")]
        [InlineData("{\"Effect\":\"Allow\",\"Action\":\"kms:ReEncryptFrom\",\"Resource\":\"arn:aws:kms:us-east-1:123456789012:*\"}", "Failed")]
        [InlineData("{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"s3.us-east-1.amazonaws.com\"}}}", "Failed")]
        [InlineData("{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\",\"Condition\":{\"ForAnyValue:StringEquals\":{\"kms:ResourceAliases\":\"alias/orders\"}}}", "Passed")]
        [InlineData("{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b\"}", "Passed")]
        [InlineData("{\"Effect\":\"Allow\",\"Action\":\"kms:Encrypt\",\"Resource\":\"*\"}", "Passed")]
        public void ExecRoleKmsAllKeys_Statement_GivesStatus(string statement, string expected)
            => Assert.Equal(expected, StatusOf(ExecRoleRuleIds.KmsAllKeys, InlineRole("kms", statement)));

        [Theory]
        [InlineData("{\"Effect\":\"Allow\",\"Action\":\"dynamodb:PutItem\",\"Resource\":\"*\"}", "Failed")]
        [InlineData("{\"Effect\":\"Allow\",\"Action\":\"dynamodb:TagResource\",\"Resource\":\"*\"}", "Failed")]
        [InlineData("{\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\",\"Resource\":\"*\"}", "Passed")]
        [InlineData("{\"Effect\":\"Allow\",\"Action\":[\"xray:PutTraceSegments\",\"xray:PutTelemetryRecords\"],\"Resource\":\"*\"}", "Passed")]
        [InlineData("{\"Effect\":\"Allow\",\"Action\":\"dynamodb:PutItem\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:ResourceTag/app\":\"orders\"}}}", "Passed")]
        public void ExecRoleInfraModification_Statement_GivesStatus(string statement, string expected)
            => Assert.Equal(expected, StatusOf(ExecRoleRuleIds.InfraModification, InlineRole("infra", statement)));

        [Theory]
        [InlineData("", "Failed")]
        [InlineData(",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"123456789012\"}}", "Passed")]
        [InlineData(",\"Condition\":{\"ArnLike\":{\"AWS:SourceArn\":\"arn:aws:lambda:us-east-1:123456789012:function:*\"}}", "Passed")]
        [InlineData(",\"Condition\":{\"Null\":{\"aws:SourceArn\":\"false\"}}", "Failed")]
        [InlineData(",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}", "Failed")]
        public void ExecRoleTrustConfusedDeputy_TrustCondition_GivesStatusAndStaysInformational(string condition, string expected)
        {
            var trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"" + condition + "}]}";
            var role = InlineRole("deputy", "{\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\",\"Resource\":\"arn:aws:dynamodb:us-east-1:123456789012:table/t\"}", trust);
            var finding = Assert.Single(Run(ExecRoleRuleIds.TrustConfusedDeputy, WithRoles(Snapshot(Region("us-east-1", Function("fn", role: role.Arn))), new[] { role })));
            Assert.Equal(expected, finding.Status);
            Assert.Equal("Informational", finding.Severity);
            Assert.Null(finding.RepairCommand);
            // Advice only: it never makes a role fail Test-LambdaLeastPrivilege.
            Assert.DoesNotContain(new ExecutionRoleAnalyzer(ExecutionRoleAnalyzerTests.Details(new[] { role })).Analyze(role).Issues, i => i.RuleId == ExecRoleRuleIds.TrustConfusedDeputy);
        }

        [Fact]
        public void Registry_EveryExecRoleRule_IsRegisteredWithADoc()
        {
            var ids = WafSecurity.Engine.Rules.RuleRegistry.All.Select(r => r.Descriptor.Id).ToList();
            foreach (var id in new[] { ExecRoleRuleIds.Admin, ExecRoleRuleIds.Wildcards, ExecRoleRuleIds.PrivEsc, ExecRoleRuleIds.PassRoleStar, ExecRoleRuleIds.DataExfil,
                         ExecRoleRuleIds.ResourceExposure, ExecRoleRuleIds.CredentialsExposure, ExecRoleRuleIds.TrustTooBroad, ExecRoleRuleIds.UnusedOrOrphan,
                         ExecRoleRuleIds.InfraModification, ExecRoleRuleIds.KmsAllKeys, ExecRoleRuleIds.TrustConfusedDeputy })
            {
                Assert.Contains(id, ids);
                Assert.True(System.IO.File.Exists(System.IO.Path.Combine(TestPaths.RepoRoot, "docs", "rules", id + ".md")), $"docs/rules/{id}.md is missing");
            }
        }
    }
}
