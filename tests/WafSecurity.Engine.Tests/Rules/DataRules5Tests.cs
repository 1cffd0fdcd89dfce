using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Rules;
using WafSecurity.Engine.Rules.Secrets;
using static WafSecurity.Engine.Tests.Rules.RuleTestInventory;

namespace WafSecurity.Engine.Tests.Rules
{
    internal static class Data5
    {
        public static Fetched<ResourcePolicy> Policy(string text) => Fetched<ResourcePolicy>.Ok(new ResourcePolicy(PolicyParser.Parse(text), text));

        public static Secret Secret(string name, bool? rotation = null, long? afterDays = null, string? schedule = null,
            DateTimeOffset? last = null, DateTimeOffset? next = null, string? kms = null) => new Secret
        {
            Arn = $"arn:aws:secretsmanager:us-east-1:{Account}:secret:{name}-AbCdEf", Name = name, RotationEnabled = rotation,
            RotationAutomaticallyAfterDays = afterDays, RotationScheduleExpression = schedule, LastRotatedDate = last, NextRotationDate = next,
            KmsKeyId = kms, CreatedDate = CapturedAt.AddDays(-400),
        };

        public static RegionInventory Secrets(params Secret[] secrets)
            => new RegionInventory("us-east-1") { Secrets = Fetched<IReadOnlyList<Secret>>.Ok(secrets) };
    }

    public class LambdaDataRulesTests
    {
        private static FunctionUrlConfig Url(string fn, string? qualifier, bool? credentials, params string[] origins) => new FunctionUrlConfig
        {
            FunctionUrl = $"https://{qualifier ?? "u"}.lambda-url.us-east-1.on.aws/", AuthType = "AWS_IAM",
            FunctionArn = $"arn:aws:lambda:us-east-1:{Account}:function:{fn}" + (qualifier == null ? "" : ":" + qualifier),
            CorsAllowOrigins = origins, CorsAllowCredentials = credentials,
        };

        [Fact]
        public void CorsWildcard_CredentialsRaiseSeverityAndAliasUrlsCount()
        {
            var star = Function("star"); star.UrlConfigs = Fetched<IReadOnlyList<FunctionUrlConfig>>.Ok(new[] { Url("star", null, null, "*") });
            var creds = Function("creds");
            creds.UrlConfigs = Fetched<IReadOnlyList<FunctionUrlConfig>>.Ok(new[] { Url("creds", null, null, "https://a.example"), Url("creds", "live", true, "https://a.example", "*") });
            var named = Function("named"); named.UrlConfigs = Fetched<IReadOnlyList<FunctionUrlConfig>>.Ok(new[] { Url("named", null, true, "https://*.example.com") });

            var findings = Run("SEC1.Lambda.FunctionUrlCorsWildcard", Snapshot(Region("us-east-1", star, creds, named)));

            Assert.Equal(("Failed", "Medium"), (Single(findings, "star").Status, Single(findings, "star").Severity));
            var withCredentials = Single(findings, "creds");
            Assert.Equal(("Failed", "High"), (withCredentials.Status, withCredentials.Severity));
            Assert.Contains("alias 'live'", withCredentials.Reason);
            Assert.Equal("Passed", Single(findings, "named").Status);
        }

        [Fact]
        public void CrossAccountLayer_TrustedPublishersAndStrictMode()
        {
            var fn = Function("f");
            fn.LayerArns = new[] { $"arn:aws:lambda:us-east-1:{Account}:layer:own:1", "arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:53" };
            var foreign = Function("g");
            foreign.LayerArns = new[] { "arn:aws:lambda:us-east-1:111122223333:layer:x:1", "not-an-arn" };
            var inventory = Snapshot(Region("us-east-1", fn, foreign));

            var findings = Run("SEC2.Lambda.CrossAccountLayer", inventory);
            Assert.Equal("Passed", Single(findings, "f").Status);
            var failed = Single(findings, "g");
            Assert.Equal("Failed", failed.Status); // a foreign layer fails even when another layer ARN is unreadable
            Assert.Contains("111122223333", failed.Reason);

            var strict = Run("SEC2.Lambda.CrossAccountLayer", inventory, new Dictionary<string, object?> { ["TrustedPublisherAccountIds"] = Array.Empty<string>() });
            Assert.Equal("Failed", Single(strict, "f").Status);
            Assert.Throws<ArgumentException>(() => Run("SEC2.Lambda.CrossAccountLayer", inventory, new Dictionary<string, object?> { ["TrustedAccountIds"] = "1234" }));
        }

        [Fact]
        public void EnvVarsCmk_VariablesWithoutKeyFailNamingVariablesNeverValues()
        {
            var plain = Function("plain", environment: new Dictionary<string, string> { ["DB_PASSWORD"] = "hunter2-value" });
            var cmk = Function("cmk", environment: new Dictionary<string, string> { ["X"] = "y" });
            cmk.KmsKeyArn = $"arn:aws:kms:us-east-1:{Account}:key/abc";
            var findings = Run("SEC2.Lambda.EnvVarsCmk", Snapshot(Region("us-east-1", plain, cmk, Function("bare"))),
                new Dictionary<string, object?> { ["RepairKmsKeyArn"] = $"arn:aws:kms:us-east-1:{Account}:key/abc" });
            var failed = Single(findings, "plain");
            Assert.Equal("Failed", failed.Status);
            Assert.Contains("DB_PASSWORD", failed.Reason);
            Assert.DoesNotContain("hunter2", failed.Reason);
            Assert.StartsWith("Update-LMFunctionConfiguration -FunctionName 'plain' -KMSKeyArn", failed.RepairCommand);
            Assert.Equal("Passed", Single(findings, "cmk").Status);
            Assert.Equal("Passed", Single(findings, "bare").Status);
        }
    }

    public class DynamoDBPolicyRuleTests
    {
        private static DynamoDbTable Table(string name, Fetched<ResourcePolicy> policy) => new DynamoDbTable
        {
            TableName = name, ResourcePolicy = policy,
            Description = Fetched<TableDescription>.Ok(new TableDescription { TableName = name, TableArn = $"arn:aws:dynamodb:us-east-1:{Account}:table/{name}", DeletionProtectionEnabled = false }),
        };

        private static string Allow(string principal, string? condition = null)
            => "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"S\",\"Effect\":\"Allow\",\"Principal\":" + principal +
               ",\"Action\":\"dynamodb:GetItem\",\"Resource\":\"*\"" + (condition == null ? "" : ",\"Condition\":" + condition) + "}]}";

        [Fact]
        public void ResourcePolicy_PublicIsHighCrossAccountMediumTrustedPasses()
        {
            var region = new RegionInventory("us-east-1")
            {
                Tables = Fetched<IReadOnlyList<DynamoDbTable>>.Ok(new[]
                {
                    Table("public", Data5.Policy(Allow("\"*\""))),
                    Table("partner", Data5.Policy(Allow("{\"AWS\":\"arn:aws:iam::111122223333:root\"}"))),
                    Table("via-condition", Data5.Policy(Allow("{\"AWS\":\"*\"}", "{\"StringEquals\":{\"aws:PrincipalAccount\":\"111122223333\"}}"))),
                    Table("own", Data5.Policy(Allow($"{{\"AWS\":\"arn:aws:iam::{Account}:role/api\"}}"))),
                    Table("denied", Fetched<ResourcePolicy>.Failed(AccessDenied("dynamodb GetResourcePolicy", "dynamodb:GetResourcePolicy"))),
                }),
            };
            var findings = Run("SEC2.DynamoDB.ResourcePolicyPublicOrCrossAccount", Snapshot(region));
            Assert.Equal(("Failed", "High"), (Single(findings, "public").Status, Single(findings, "public").Severity));
            Assert.Equal(("Failed", "Medium"), (Single(findings, "partner").Status, Single(findings, "partner").Severity));
            Assert.Equal(("Failed", "Medium"), (Single(findings, "via-condition").Status, Single(findings, "via-condition").Severity));
            Assert.Equal("Passed", Single(findings, "own").Status);
            Assert.Equal("Error", Single(findings, "denied").Status);
            Assert.StartsWith("Remove-DDBResourcePolicy -ResourceArn 'arn:aws:dynamodb:us-east-1:", Single(findings, "public").RepairCommand);

            var trusted = Run("SEC2.DynamoDB.ResourcePolicyPublicOrCrossAccount", Snapshot(region),
                new Dictionary<string, object?> { ["TrustedAccountIds"] = new[] { "111122223333" } });
            Assert.Equal("Passed", Single(trusted, "partner").Status);
            Assert.Equal("Passed", Single(trusted, "via-condition").Status);
            Assert.Equal("Failed", Single(trusted, "public").Status);
        }
    }

    public class SecretsRotationRulesTests
    {
        [Fact]
        public void RotationSucceeded_GraceDayIntervalAndDisabled()
        {
            var now = CapturedAt;
            var findings = Run("SEC3.Secrets.RotationSucceeded", Snapshot(Data5.Secrets(
                Data5.Secret("on-time", true, 30, last: now.AddDays(-29), next: now.AddDays(1)),
                Data5.Secret("due-today", true, 30, last: now.AddDays(-30.5), next: now.AddHours(-12)),
                Data5.Secret("overdue", true, 30, last: now.AddDays(-40), next: now.AddDays(-10)),
                Data5.Secret("stale-no-next", true, 7, last: now.AddDays(-20)),
                Data5.Secret("never", true, 30, next: now.AddDays(5)),
                Data5.Secret("cron-unknown", true, schedule: "cron(0 8 ? * MON *)", last: now.AddDays(-3)),
                Data5.Secret("disabled", false, last: now.AddDays(-400)))));

            Assert.Equal("Passed", Single(findings, "on-time").Status);
            Assert.Equal("Passed", Single(findings, "due-today").Status);
            Assert.Equal("Failed", Single(findings, "overdue").Status);
            Assert.Contains("7 days", Single(findings, "stale-no-next").Reason);
            Assert.Equal("Failed", Single(findings, "stale-no-next").Status);
            Assert.Equal("Failed", Single(findings, "never").Status);
            Assert.Equal("Error", Single(findings, "cron-unknown").Status);
            Assert.DoesNotContain(findings, f => f.ResourceName == "disabled");
        }

        [Fact]
        public void RotatedWithinDays_BoundaryNeverAndFutureDate()
        {
            var now = CapturedAt;
            var findings = Run("SEC3.Secrets.RotatedWithinDays", Snapshot(Data5.Secrets(
                Data5.Secret("ninety", last: now.AddDays(-90.5)),
                Data5.Secret("ninety-one", last: now.AddDays(-91)),
                Data5.Secret("never"),
                Data5.Secret("future", last: now.AddDays(30)))));
            Assert.Equal("Passed", Single(findings, "ninety").Status);
            Assert.Equal("Failed", Single(findings, "ninety-one").Status);
            Assert.Contains("never rotated", Single(findings, "never").Reason);
            Assert.Null(Single(findings, "never").RepairCommand); // no rotation configured: nothing to start
            Assert.Equal("Error", Single(findings, "future").Status);
            Assert.Throws<ArgumentException>(() => Run("SEC3.Secrets.RotatedWithinDays", Snapshot(), new Dictionary<string, object?> { ["MaxDaysSinceRotation"] = 0 }));
        }

        [Fact]
        public void Cmk_AwsManagedAliasFormsKeyManagerAndAllowlist()
        {
            var keyId = "1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b";
            var region = Data5.Secrets(
                Data5.Secret("default"),
                Data5.Secret("aws-alias-arn", kms: $"arn:aws:kms:us-east-1:{Account}:alias/aws/secretsmanager"),
                Data5.Secret("aws-key", kms: $"arn:aws:kms:us-east-1:{Account}:key/{keyId}"),
                Data5.Secret("customer", kms: $"arn:aws:kms:us-east-1:{Account}:key/cust-1"),
                Data5.Secret("undescribed", kms: $"arn:aws:kms:us-east-1:{Account}:key/unknown"));
            region.KmsKeys = new Dictionary<string, Fetched<KmsKey>>
            {
                [keyId] = Fetched<KmsKey>.Ok(new KmsKey { KeyId = keyId, Arn = $"arn:aws:kms:us-east-1:{Account}:key/{keyId}", KeyManager = "AWS" }),
                ["cust-1"] = Fetched<KmsKey>.Ok(new KmsKey { KeyId = "cust-1", Arn = $"arn:aws:kms:us-east-1:{Account}:key/cust-1", KeyManager = "CUSTOMER" }),
            };
            var findings = Run("SEC3.Secrets.Cmk", Snapshot(region));
            Assert.Equal("Failed", Single(findings, "default").Status);
            Assert.Equal("Failed", Single(findings, "aws-alias-arn").Status);
            Assert.Contains("KeyManager is AWS", Single(findings, "aws-key").Reason);
            Assert.Equal("Passed", Single(findings, "customer").Status);
            Assert.Equal("Error", Single(findings, "undescribed").Status);

            var allow = Run("SEC3.Secrets.Cmk", Snapshot(region), new Dictionary<string, object?> { ["KmsKeyArns"] = new[] { "cust-1" } });
            Assert.Equal("Passed", Single(allow, "customer").Status);
            Assert.Equal("Failed", Single(allow, "undescribed").Status); // an explicit key id outside the list needs no DescribeKey
            Assert.Equal("Update-SECSecret -SecretId 'default' -KmsKeyId 'cust-1' -Region us-east-1", Single(allow, "default").RepairCommand);
        }
    }

    public class SecretsRestrictivePolicyRuleTests
    {
        private const string Arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf";
        private const string Role = "arn:aws:iam::123456789012:role/app";

        private static PolicyStatement Deny(string json) => PolicyParser.Parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + json + "]}").Statements[0];

        [Theory]
        [InlineData("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"secretsmanager:*\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:PrincipalArn\":\"" + Role + "\"}}}", null)]
        [InlineData("{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"*\",\"Resource\":\"" + Arn + "\",\"Condition\":{\"ArnNotEqualsIfExists\":{\"aws:PrincipalArn\":[\"" + Role + "\"]}}}", null)]
        [InlineData("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:PrincipalArn\":\"" + Role + "\"}}}", "not secretsmanager:*")]
        [InlineData("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"secretsmanager:*\",\"Resource\":\"*\",\"Condition\":{\"StringNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::123456789012:role/*\"}}}", "wildcard")]
        [InlineData("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"secretsmanager:*\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:PrincipalArn\":\"" + Role + "\",\"aws:SourceVpc\":\"vpc-1\"}}}", "narrow")]
        [InlineData("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"secretsmanager:*\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:PrincipalAccount\":\"123456789012\"}}}", "aws:PrincipalAccount")]
        [InlineData("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"secretsmanager:*\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:PrincipalArn\":\"arn:aws:sts::123456789012:assumed-role/app/s\"}}}", "not an IAM role or user")]
        [InlineData("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"NotAction\":\"secretsmanager:GetSecretValue\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:PrincipalArn\":\"" + Role + "\"}}}", "NotAction")]
        [InlineData("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"secretsmanager:*\",\"Resource\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:other-*\",\"Condition\":{\"StringNotEquals\":{\"aws:PrincipalArn\":\"" + Role + "\"}}}", "Resource")]
        [InlineData("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"secretsmanager:*\",\"Resource\":\"*\"}", "no condition")]
        public void WhyNotLockdown_ExactPattern(string statement, string? why)
        {
            var result = SecretsRestrictivePolicyRule.WhyNotLockdown(Deny(statement), Arn);
            if (why == null) Assert.Null(result);
            else Assert.Contains(why, result);
        }

        [Fact]
        public void Evaluate_LockdownWithServiceAllowWithoutSourceAccount_Fails()
        {
            var text = "{\"Version\":\"2012-10-17\",\"Statement\":[" +
                       "{\"Sid\":\"Lock\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"secretsmanager:*\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:PrincipalArn\":\"" + Role + "\"}}}," +
                       "{\"Sid\":\"Svc\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"events.amazonaws.com\"},\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"*\"}]}";
            var secret = Data5.Secret("app");
            secret.ResourcePolicy = Data5.Policy(text);
            var finding = Run("SEC3.Secrets.RestrictivePolicy", Snapshot(Data5.Secrets(secret))).Single();
            Assert.Equal("Failed", finding.Status);
            Assert.Contains("Svc", finding.Reason);
            Assert.Contains("service", finding.Reason);
        }
    }
}
