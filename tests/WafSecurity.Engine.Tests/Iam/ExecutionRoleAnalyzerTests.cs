using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Inventory;
using static WafSecurity.Engine.Tests.Iam.IamTestSupport;

namespace WafSecurity.Engine.Tests.Iam
{
    public class ExecutionRoleAnalyzerTests
    {
        internal const string LambdaTrust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

        internal static IamManagedPolicy AwsManaged(string name, string path = "")
            => new IamManagedPolicy { Arn = $"arn:aws:iam::aws:policy/{path}{name}", PolicyName = name, DefaultDocument = Fetched<PolicyDocument>.Ok(PolicyParser.Parse(ManagedPolicy(name))) };

        internal static IamRole Role(string name, IEnumerable<string>? managed = null, IDictionary<string, string>? inline = null, string trust = LambdaTrust, string? boundary = null)
            => new IamRole
            {
                Arn = $"arn:aws:iam::{Account}:role/service-role/{name}", RoleName = name, Path = "/service-role/",
                TrustPolicy = Fetched<PolicyDocument>.Ok(PolicyParser.Parse(trust)),
                AttachedManagedPolicyArns = (managed ?? Array.Empty<string>()).ToList(),
                InlinePolicies = (inline ?? new Dictionary<string, string>()).Select(p => new NamedPolicy(p.Key, Fetched<PolicyDocument>.Ok(PolicyParser.Parse(p.Value)))).ToList(),
                PermissionsBoundaryArn = boundary,
            };

        internal static IamAuthorizationDetails Details(IEnumerable<IamRole> roles, params IamManagedPolicy[] policies)
            => new IamAuthorizationDetails { Roles = roles.ToList(), Policies = policies.ToList() };

        private static ExecutionRoleAnalysis Analyze(IamRole role, params IamManagedPolicy[] policies)
            => new ExecutionRoleAnalyzer(Details(new[] { role }, policies)).Analyze(role);

        private static readonly IamManagedPolicy Basic = AwsManaged("AWSLambdaBasicExecutionRole", "service-role/");
        private static readonly IamManagedPolicy Admin = AwsManaged("AdministratorAccess");
        private static readonly IamManagedPolicy PowerUser = AwsManaged("PowerUserAccess");
        private static readonly IamManagedPolicy ReadOnly = AwsManaged("ReadOnlyAccess");

        [Fact]
        public void Analyze_BasicExecutionRole_GrantsThreeLogActionsButFlagsThemOnStar()
        {
            var analysis = Analyze(Role("basic", new[] { Basic.Arn }), Basic);
            Assert.Equal(3, analysis.Granted.Count);
            Assert.DoesNotContain(analysis.Issues, i => i.RuleId == ExecRoleRuleIds.Admin || i.RuleId == ExecRoleRuleIds.PrivEsc);
            // logs:* are resource-scopable, so AWS's own basic policy on "*" is a wildcard finding (rule-catalog.md).
            var wildcard = Assert.Single(analysis.IssuesFor(ExecRoleRuleIds.Wildcards));
            Assert.Equal(Basic.Arn, wildcard.Policy);
            Assert.Equal("Statement[0]", wildcard.Statement);
        }

        [Fact]
        public void Analyze_AdministratorAccess_IsAdminPrivEscAndEverything()
        {
            var analysis = Analyze(Role("admin", new[] { Admin.Arn }), Admin);
            Assert.Equal(ActionCatalog.Default.AllActions.Count, analysis.Granted.Count);
            var ids = analysis.Issues.Select(i => i.RuleId).Distinct().ToList();
            foreach (var id in new[] { ExecRoleRuleIds.Admin, ExecRoleRuleIds.PrivEsc, ExecRoleRuleIds.PassRoleStar, ExecRoleRuleIds.DataExfil,
                         ExecRoleRuleIds.ResourceExposure, ExecRoleRuleIds.CredentialsExposure, ExecRoleRuleIds.Wildcards })
                Assert.Contains(id, ids);
            Assert.Equal(Admin.Arn, analysis.IssuesFor(ExecRoleRuleIds.Admin).First().Policy);
        }

        [Fact]
        public void Analyze_PowerUserAccess_IsNotAdminButWildcardAndPrivEsc()
        {
            var analysis = Analyze(Role("power", new[] { PowerUser.Arn }), PowerUser);
            Assert.Empty(analysis.IssuesFor(ExecRoleRuleIds.Admin));
            Assert.Contains(analysis.IssuesFor(ExecRoleRuleIds.Wildcards), i => i.Message.Contains("NotAction"));
            Assert.Contains(analysis.IssuesFor(ExecRoleRuleIds.PrivEsc), i => i.Actions.SequenceEqual(new[] { "lambda:UpdateFunctionCode" }));
            Assert.Empty(analysis.IssuesFor(ExecRoleRuleIds.PassRoleStar)); // iam:* is excluded
        }

        [Fact]
        public void Analyze_ReadOnlyAccess_ExfiltratesButDoesNotEscalate()
        {
            var analysis = Analyze(Role("ro", new[] { ReadOnly.Arn }), ReadOnly);
            Assert.Empty(analysis.IssuesFor(ExecRoleRuleIds.Admin));
            Assert.Empty(analysis.IssuesFor(ExecRoleRuleIds.PrivEsc));
            Assert.Contains(analysis.IssuesFor(ExecRoleRuleIds.DataExfil), i => i.Actions.Contains("s3:GetObject"));
        }

        [Fact]
        public void Analyze_DenyStatement_SubtractsFromGrant()
        {
            var inline = new Dictionary<string, string> { ["no-iam"] = Statement("\"Effect\":\"Deny\",\"Action\":[\"iam:*\",\"lambda:Update*\"],\"Resource\":\"*\"") };
            var analysis = Analyze(Role("admin-deny", new[] { PowerUser.Arn }, inline), PowerUser);
            Assert.DoesNotContain(analysis.IssuesFor(ExecRoleRuleIds.PrivEsc), i => i.Actions.Any(a => a.StartsWith("lambda:Update")));
            Assert.DoesNotContain(analysis.Granted.Actions(), a => a.FullName == "lambda:UpdateFunctionCode");
        }

        [Fact]
        public void Analyze_ConditionalDeny_DoesNotSubtract()
        {
            var inline = new Dictionary<string, string> { ["cond"] = Statement("\"Effect\":\"Deny\",\"Action\":\"lambda:*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}") };
            var analysis = Analyze(Role("cond-deny", new[] { PowerUser.Arn }, inline), PowerUser);
            Assert.Contains(analysis.Granted.Actions(), a => a.FullName == "lambda:UpdateFunctionCode");
        }

        [Fact]
        public void Analyze_PermissionsBoundary_LimitsAdministratorAccess()
        {
            var boundary = new IamManagedPolicy { Arn = $"arn:aws:iam::{Account}:policy/logs-only", PolicyName = "logs-only",
                DefaultDocument = Fetched<PolicyDocument>.Ok(PolicyParser.Parse(Statement("\"Effect\":\"Allow\",\"Action\":\"logs:*\",\"Resource\":\"*\""))) };
            var analysis = Analyze(Role("bounded", new[] { Admin.Arn }, boundary: boundary.Arn), Admin, boundary);
            Assert.All(analysis.Granted.Actions(), a => Assert.Equal("logs", a.Service.Prefix));
            Assert.Empty(analysis.IssuesFor(ExecRoleRuleIds.PrivEsc));
            // AdministratorAccess attached is still reported, but no statement is effectively admin.
            var admin = Assert.Single(analysis.IssuesFor(ExecRoleRuleIds.Admin));
            Assert.Equal("(policy attached)", admin.Statement);
        }

        [Fact]
        public void Analyze_PassRoleOnStar_NamesInlinePolicyAndSid()
        {
            var inline = new Dictionary<string, string> { ["deploy"] = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Pass\",\"Effect\":\"Allow\",\"Action\":[\"iam:PassRole\",\"lambda:CreateFunction\",\"lambda:InvokeFunction\"],\"Resource\":\"*\"}]}" };
            var analysis = Analyze(Role("deployer", inline: inline));
            var pass = Assert.Single(analysis.IssuesFor(ExecRoleRuleIds.PassRoleStar));
            Assert.Equal("inline:deploy", pass.Policy);
            Assert.Equal("Pass", pass.Statement);
            Assert.Contains(analysis.IssuesFor(ExecRoleRuleIds.PrivEsc), i => i.Actions.SequenceEqual(new[] { "iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction" }));
            Assert.Contains(analysis.IssuesFor(ExecRoleRuleIds.ResourceExposure), i => i.Actions.Contains("iam:PassRole"));
        }

        [Fact]
        public void Analyze_ScopedLeastPrivilegeRole_HasNoIssues()
        {
            var inline = new Dictionary<string, string>
            {
                ["app"] = "{\"Version\":\"2012-10-17\",\"Statement\":["
                    + "{\"Effect\":\"Allow\",\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\"arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/orders:*\"},"
                    + "{\"Effect\":\"Allow\",\"Action\":[\"dynamodb:GetItem\",\"dynamodb:PutItem\"],\"Resource\":\"arn:aws:dynamodb:us-east-1:111122223333:table/orders\"},"
                    + "{\"Effect\":\"Allow\",\"Action\":[\"xray:PutTraceSegments\",\"xray:PutTelemetryRecords\"],\"Resource\":\"*\"}]}",
            };
            var analysis = Analyze(Role("orders", inline: inline));
            Assert.Empty(analysis.Issues);
            Assert.Equal(6, analysis.Granted.Count);
        }

        [Fact]
        public void Analyze_MissingManagedPolicy_IsReportedAsProblem()
        {
            var analysis = Analyze(Role("missing", new[] { "arn:aws:iam::aws:policy/NotCollected" }));
            Assert.False(analysis.IsComplete);
            Assert.Contains("NotCollected", analysis.Problems[0]);
        }

        [Theory]
        [InlineData("{\"Service\":\"lambda.amazonaws.com\"}", null)]
        [InlineData("{\"Service\":[\"lambda.amazonaws.com\",\"edgelambda.amazonaws.com\"]}", null)]
        [InlineData("\"*\"", "Critical")]
        [InlineData("{\"AWS\":\"*\"}", "Critical")]
        [InlineData("{\"AWS\":\"arn:aws:iam::444455556666:root\"}", "Medium")]
        [InlineData("{\"AWS\":\"111122223333\"}", "Medium")]
        [InlineData("{\"Service\":\"ec2.amazonaws.com\"}", "Medium")]
        public void TrustIssues_Principal_GetsExpectedSeverity(string principal, string? severity)
        {
            var trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":" + principal + ",\"Action\":\"sts:AssumeRole\"}]}";
            var issues = ExecutionRoleChecks.TrustIssues(Role("t", trust: trust)).ToList();
            if (severity == null) Assert.Empty(issues);
            else Assert.Equal(severity, Assert.Single(issues).Severity);
        }
    }
}
