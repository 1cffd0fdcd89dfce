using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Rules;
using WafSecurity.Engine.Rules.Lambda;

namespace WafSecurity.Engine.Tests.Iam
{
    /// <summary>Granted-but-unused services and tracked actions, on the rule's fixtures (CapturedAt 2026-11-27T10:00:00Z).</summary>
    public class UnusedPermissionsTests
    {
        private static AwsInventory Fixture(string name)
            => SnapshotReader.Read(Path.Combine(TestPaths.Fixtures, "rules", LambdaExecRoleUnusedPermissionsRule.Info.Id, name));

        private static (ExecutionRoleAnalysis Analysis, ServiceLastAccessedReport Report) Role(AwsInventory inventory, string roleName)
        {
            var role = inventory.Iam.Value!.Roles.Single(r => r.RoleName == roleName);
            return (new ExecutionRoleAnalyzer(inventory.Iam.Value!).Analyze(role), inventory.LastAccessedOf(roleName).Value!);
        }

        [Fact]
        public void Compute_NeverUsedServiceAndUntouchedTrackedAction_ListsThemButNotUngrantedActions()
        {
            var inventory = Fixture("fail");
            var (analysis, report) = Role(inventory, "orders-api-role");

            var unused = UnusedPermissions.Compute(analysis, report, inventory.Account.CapturedAt!.Value, 90);

            Assert.Equal(new[] { "dynamodb", "logs", "s3", "sqs" }, unused.GrantedServices);
            Assert.Equal(new[] { "dynamodb", "logs", "s3" }, unused.UsedServices);
            Assert.Equal(new[] { "sqs" }, unused.UnusedServices);
            // DeleteObject is tracked and never used, but not granted: not the role's unused permission.
            Assert.Equal(new[] { "s3:PutObject" }, unused.UnusedActions);
        }

        [Theory]
        [InlineData(180, false)]
        [InlineData(148, true)]
        public void Compute_UseOlderThanTheWindow_UnusedOnlyWhenTheWindowIsShorter(int days, bool unused)
        {
            var inventory = Fixture("fail-stale"); // sqs and s3:PutObject last used 2026-07-01, 149 days before CapturedAt
            var (analysis, report) = Role(inventory, "orders-api-role");

            var result = UnusedPermissions.Compute(analysis, report, inventory.Account.CapturedAt!.Value, days);

            Assert.Equal(unused, result.UnusedServices.Contains("sqs"));
            Assert.Equal(unused, result.UnusedActions.Contains("s3:PutObject"));
        }

        [Fact]
        public void Report_LastAccessedDataPresent_SuggestionNotesNameTheUnusedServicesAndActions()
        {
            var roles = new LambdaRoleInventory(Fixture("fail"));
            var report = roles.Report(roles.FindFunctions("orders-api").Single());

            var note = Assert.Single(report.SuggestionNotes, n => n.StartsWith("IAM last-accessed data", StringComparison.Ordinal));
            Assert.Contains("services sqs", note);
            Assert.Contains("tracked actions s3:PutObject", note);
            Assert.DoesNotContain(roles.Report(roles.FindFunctions("reports-fn").Single()).SuggestionNotes, n => n.Contains("last-accessed"));
        }

        [Fact]
        public void Report_LastAccessedAnswerFailed_NoteSaysItWasNotUsed()
        {
            var roles = new LambdaRoleInventory(Fixture("error"));
            var note = Assert.Single(roles.Report(roles.FindFunctions("orders-api").Single()).SuggestionNotes, n => n.Contains("last-accessed"));
            Assert.Contains("AccessDenied", note);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(401)]
        public void ValidateParameters_DaysOutsideIamTrackingPeriod_ArgumentException(int days)
        {
            var values = new RuleParameterValues(LambdaExecRoleUnusedPermissionsRule.Info,
                new Dictionary<string, object?> { [LambdaExecRoleUnusedPermissionsRule.UnusedDaysParameter] = days });
            Assert.Throws<ArgumentException>(() => new LambdaExecRoleUnusedPermissionsRule().ValidateParameters(values));
        }
    }
}
