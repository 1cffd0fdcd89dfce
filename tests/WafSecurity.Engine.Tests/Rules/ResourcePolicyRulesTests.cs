using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Inventory;
using static WafSecurity.Engine.Tests.Rules.RuleTestInventory;

namespace WafSecurity.Engine.Tests.Rules
{
    /// <summary>Edge cases of the resource-policy rules that the fixtures do not pin down.</summary>
    public class ResourcePolicyRulesTests
    {
        private static Fetched<ResourcePolicy> Policy(string statements)
        {
            var text = "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}";
            return Fetched<ResourcePolicy>.Ok(new ResourcePolicy(PolicyParser.Parse(text), text));
        }

        private static string Statement(string sid, string principal, string? condition = null, string action = "lambda:InvokeFunction")
            => "{\"Sid\":\"" + sid + "\",\"Effect\":\"Allow\",\"Principal\":" + principal + ",\"Action\":\"" + action + "\",\"Resource\":\"*\""
               + (condition == null ? "" : ",\"Condition\":" + condition) + "}";

        private static Fetched<ResourcePolicy> Denied() => Fetched<ResourcePolicy>.Failed(AccessDenied("lambda GetPolicy", "lambda:GetPolicy"));

        [Fact]
        public void PublicInvoke_PublicAliasAndFailedVersionPolicy_FailsNamingQualifierSidAndPrincipal()
        {
            var function = Function("orders");
            function.Policy = Policy(Statement("own", "{\"AWS\":\"arn:aws:iam::123456789012:root\"}"));
            function.QualifiedPolicies = new Dictionary<string, Fetched<ResourcePolicy>> { ["live"] = Policy(Statement("AllowAll", "\"*\"")), ["3"] = Denied() };

            var finding = Single(Run("SEC2.Lambda.PublicInvoke", Snapshot(Region("us-east-1", function))), "orders");

            Assert.Equal("Failed", finding.Status);
            Assert.Equal("Statement 'AllowAll' of the policy on alias 'live' lets principal '*' call lambda:InvokeFunction with no restricting condition. "
                         + "Expected no public principal without a restricting condition.", finding.Reason);
            Assert.Equal(new object[] { "Qualifier", "Sid", "Principal", "Actions", "Condition", "StatementJson" }, finding.Evidence.Keys.Cast<object>().ToArray());
            Assert.Equal("Remove-LMPermission -FunctionName 'orders' -StatementId 'AllowAll' -Qualifier 'live' -Region us-east-1 -Force", finding.RepairCommand);
        }

        [Fact]
        public void PublicInvoke_FailedVersionPolicyAndNothingPublic_IsErrorNamingTheVersion()
        {
            var function = Function("orders");
            function.QualifiedPolicies = new Dictionary<string, Fetched<ResourcePolicy>> { ["3"] = Denied() };
            var finding = Single(Run("SEC2.Lambda.PublicInvoke", Snapshot(Region("us-east-1", function))), "orders");
            Assert.Equal("Error", finding.Status);
            Assert.Contains("version '3'", finding.Reason);
            Assert.Contains("lambda:GetPolicy", finding.Reason);
        }

        [Fact]
        public void PublicInvoke_AliasListingFailed_IsErrorNotPass()
        {
            var function = Function("orders");
            function.Aliases = Fetched<IReadOnlyList<LambdaAlias>>.Failed(AccessDenied("lambda ListAliases", "lambda:ListAliases"));
            var finding = Single(Run("SEC2.Lambda.PublicInvoke", Snapshot(Region("us-east-1", function))), "orders");
            Assert.Equal("Error", finding.Status);
            Assert.Contains("lambda:ListAliases", finding.Reason);
        }

        [Fact]
        public void PublicInvoke_NoPolicyAnywhere_Passes()
            => Assert.Equal("Passed", Single(Run("SEC2.Lambda.PublicInvoke", Snapshot(Region("us-east-1", Function("orders")))), "orders").Status);

        [Theory]
        [InlineData("s3.amazonaws.com", "High")]
        [InlineData("sns.amazonaws.com", "Medium")]
        public void ServicePrincipalUnscoped_Severity_IsHighOnlyForS3(string service, string severity)
        {
            var function = Function("thumbnails");
            function.Policy = Policy(Statement("trigger", "{\"Service\":\"" + service + "\"}"));
            var finding = Single(Run("SEC2.Lambda.ServicePrincipalUnscoped", Snapshot(Region("us-east-1", function))), "thumbnails");
            Assert.Equal("Failed", finding.Status);
            Assert.Equal(severity, finding.Severity);
            Assert.Contains("service principal '" + service + "'", finding.Reason);
            Assert.Contains("Add-LMPermission", finding.RepairCommand);
            Assert.Contains("-SourceAccount '123456789012'", finding.RepairCommand);
        }

        [Fact]
        public void CrossAccountInvoke_TrustedAccountIdsParameter_TurnsTheFailureIntoAPass()
        {
            var function = Function("orders");
            function.Policy = Policy(Statement("partner", "{\"AWS\":\"arn:aws:iam::210987654321:root\"}"));
            var inventory = Snapshot(Region("us-east-1", function));

            var failed = Single(Run("SEC2.Lambda.CrossAccountInvoke", inventory), "orders");
            Assert.Equal("Failed", failed.Status);
            Assert.Contains("210987654321", failed.Reason);
            Assert.Equal(new[] { "210987654321" }, (string[])failed.Evidence["ForeignAccounts"]!);

            var trusted = Single(Run("SEC2.Lambda.CrossAccountInvoke", inventory,
                new Dictionary<string, object?> { ["TrustedAccountIds"] = new[] { "210987654321" } }), "orders");
            Assert.Equal("Passed", trusted.Status);
        }

        [Theory]
        [InlineData("21098765432")]
        [InlineData("arn:aws:iam::210987654321:root")]
        public void CrossAccountInvoke_TrustedAccountIdNotTwelveDigits_IsRejectedBeforeTheAudit(string id)
        {
            var error = Assert.Throws<System.ArgumentException>(() => Run("SEC2.Lambda.CrossAccountInvoke", Snapshot(Region("us-east-1")),
                new Dictionary<string, object?> { ["TrustedAccountIds"] = new[] { id } }));
            Assert.Contains("TrustedAccountIds", error.Message);
        }

        [Fact]
        public void CrossAccountInvoke_PublicPrincipal_IsLeftToPublicInvoke()
        {
            var function = Function("orders");
            function.Policy = Policy(Statement("AllowAll", "\"*\""));
            Assert.Equal("Passed", Single(Run("SEC2.Lambda.CrossAccountInvoke", Snapshot(Region("us-east-1", function))), "orders").Status);
        }

        [Fact]
        public void FunctionUrlAuthNone_AliasUrlNone_FailsNamingUrlAndAlias()
        {
            var function = Function("orders");
            function.UrlConfigs = Fetched<IReadOnlyList<FunctionUrlConfig>>.Ok(new[]
            {
                new FunctionUrlConfig { FunctionUrl = "https://a.lambda-url.us-east-1.on.aws/", FunctionArn = function.FunctionArn, AuthType = "AWS_IAM" },
                new FunctionUrlConfig { FunctionUrl = "https://b.lambda-url.us-east-1.on.aws/", FunctionArn = function.FunctionArn + ":live", AuthType = "NONE" },
            });
            var finding = Single(Run("SEC1.Lambda.FunctionUrlAuthNone", Snapshot(Region("us-east-1", function))), "orders");
            Assert.Equal("Failed", finding.Status);
            Assert.Contains("https://b.lambda-url.us-east-1.on.aws/", finding.Reason);
            Assert.Contains("alias 'live'", finding.Reason);
            Assert.Equal("Update-LMFunctionUrlConfig -FunctionName 'orders' -Qualifier 'live' -AuthType AWS_IAM -Region us-east-1", finding.RepairCommand);
        }

        [Fact]
        public void FunctionUrlAuthNone_UrlConfigsNotCollected_IsErrorNamingTheAction()
        {
            var function = Function("orders");
            function.UrlConfigs = Fetched<IReadOnlyList<FunctionUrlConfig>>.NotCollected(
                new CallError("NotCollected", "no answer recorded", "lambda ListFunctionUrlConfigs", "lambda:ListFunctionUrlConfigs", null));
            var finding = Single(Run("SEC1.Lambda.FunctionUrlAuthNone", Snapshot(Region("us-east-1", function))), "orders");
            Assert.Equal("Error", finding.Status);
            Assert.Contains("lambda:ListFunctionUrlConfigs", finding.Reason);
        }

        [Fact]
        public void FunctionUrlAuthNone_EmptyUrlList_Passes()
        {
            var function = Function("orders");
            function.UrlConfigs = Fetched<IReadOnlyList<FunctionUrlConfig>>.Ok(new FunctionUrlConfig[0]);
            Assert.Equal("Passed", Single(Run("SEC1.Lambda.FunctionUrlAuthNone", Snapshot(Region("us-east-1", function))), "orders").Status);
        }

        [Fact]
        public void SecretsPublicPolicy_CrossAccountGrantPassesPublicGrantFails()
        {
            Secret SecretWith(string name, string statement) => new Secret
            {
                Name = name, Arn = $"arn:aws:secretsmanager:us-east-1:{Account}:secret:{name}-AbCdEf",
                ResourcePolicy = Policy(statement),
            };
            var region = new RegionInventory("us-east-1")
            {
                Secrets = Fetched<IReadOnlyList<Secret>>.Ok(new[]
                {
                    SecretWith("app/partner", Statement("Partner", "{\"AWS\":\"arn:aws:iam::210987654321:root\"}", action: "secretsmanager:GetSecretValue")),
                    SecretWith("app/public", Statement("ReadAll", "{\"AWS\":\"*\"}", action: "secretsmanager:GetSecretValue")),
                }),
            };
            var findings = Run("SEC3.Secrets.PublicPolicy", Snapshot(region));
            Assert.Equal("Passed", Single(findings, "app/partner").Status);
            var failed = Single(findings, "app/public");
            Assert.Equal("Failed", failed.Status);
            Assert.Contains("secret 'app/public'", failed.Reason);
            Assert.Equal("Remove-SECResourcePolicy -SecretId 'app/public' -Region us-east-1 -Force", failed.RepairCommand);
        }
    }
}
