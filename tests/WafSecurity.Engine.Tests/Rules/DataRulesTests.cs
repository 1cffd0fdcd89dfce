using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Inventory;
using static WafSecurity.Engine.Tests.Rules.RuleTestInventory;

namespace WafSecurity.Engine.Tests.Rules
{
    public class DynamoDBEncryptionAtRestKmsRuleTests
    {
        private const string RuleId = "SEC2.DynamoDB.EncryptionAtRestKms";
        private const string CmkArn = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
        private const string AwsKeyArn = "arn:aws:kms:us-east-1:123456789012:key/99999999-8888-7777-6666-555555555555";

        private static DynamoDbTable Table(string name, string? sseType, string? status = "ENABLED", string? key = null) => new DynamoDbTable
        {
            TableName = name,
            Description = Fetched<TableDescription>.Ok(new TableDescription
            {
                TableName = name, TableArn = $"arn:aws:dynamodb:us-east-1:{Account}:table/{name}", SseType = sseType,
                SseStatus = sseType == null ? null : status, KmsMasterKeyArn = key,
            }),
        };

        private static RegionInventory Region(params DynamoDbTable[] tables)
        {
            var region = new RegionInventory("us-east-1") { Tables = Fetched<IReadOnlyList<DynamoDbTable>>.Ok(tables) };
            region.KmsKeys = new Dictionary<string, Fetched<KmsKey>>
            {
                [KmsKey.KeyIdOf(CmkArn)] = Fetched<KmsKey>.Ok(new KmsKey { KeyId = KmsKey.KeyIdOf(CmkArn), Arn = CmkArn, KeyManager = "CUSTOMER", KeyState = "Enabled" }),
                [KmsKey.KeyIdOf(AwsKeyArn)] = Fetched<KmsKey>.Ok(new KmsKey { KeyId = KmsKey.KeyIdOf(AwsKeyArn), Arn = AwsKeyArn, KeyManager = "AWS", KeyState = "Enabled" }),
            };
            return region;
        }

        [Fact]
        public void Evaluate_LevelKms_OwnedKeyFailsAwsManagedAndCustomerPass()
        {
            var findings = Run(RuleId, Snapshot(Region(Table("owned", null), Table("managed", "KMS", key: AwsKeyArn),
                Table("cmk", "KMS", key: CmkArn), Table("updating", "KMS", "UPDATING", CmkArn))));
            var owned = Single(findings, "owned");
            Assert.Equal("Failed", owned.Status);
            Assert.Contains("AWS owned key", owned.Reason);
            Assert.Contains("Update-DDBTable", owned.RepairCommand);
            Assert.Equal("Passed", Single(findings, "managed").Status);
            Assert.Equal("Passed", Single(findings, "cmk").Status);
            Assert.Equal("Passed", Single(findings, "updating").Status);
        }

        [Fact]
        public void Evaluate_LevelCustomerManaged_UsesDescribeKey()
        {
            var findings = Run(RuleId, Snapshot(Region(Table("managed", "KMS", key: AwsKeyArn), Table("cmk", "KMS", key: CmkArn),
                Table("unknown", "KMS", key: "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000"))),
                new Dictionary<string, object?> { ["Level"] = "CustomerManaged" });
            var managed = Single(findings, "managed");
            Assert.Equal("Failed", managed.Status);
            Assert.Contains("KeyManager is AWS", managed.Reason);
            Assert.Null(managed.RepairCommand);
            Assert.Equal("Passed", Single(findings, "cmk").Status);
            var unknown = Single(findings, "unknown");
            Assert.Equal("Error", unknown.Status);
            Assert.Contains("kms:DescribeKey", unknown.Reason);
        }

        [Fact]
        public void Evaluate_KeyNotInAllowlist_Fails()
        {
            var findings = Run(RuleId, Snapshot(Region(Table("managed", "KMS", key: AwsKeyArn), Table("cmk", "KMS", key: CmkArn))),
                new Dictionary<string, object?> { ["KmsKeyArns"] = new[] { KmsKey.KeyIdOf(CmkArn) } });
            Assert.Equal("Failed", Single(findings, "managed").Status);
            Assert.Contains("KmsKeyArns", Single(findings, "managed").Reason);
            Assert.Equal("Passed", Single(findings, "cmk").Status);
        }

        [Fact]
        public void Evaluate_DescribeTableFailed_IsError()
        {
            var table = new DynamoDbTable
            {
                TableName = "locked",
                Description = Fetched<TableDescription>.Failed(AccessDenied("dynamodb DescribeTable", "dynamodb:DescribeTable")),
            };
            var finding = Run(RuleId, Snapshot(Region(table))).Single();
            Assert.Equal("Error", finding.Status);
            Assert.Contains("dynamodb:DescribeTable", finding.Reason);
        }

        [Fact]
        public void Evaluate_UnknownLevel_IsRejected()
            => Assert.Throws<ArgumentException>(() => RuleFailure(new Dictionary<string, object?> { ["Level"] = "Strong" }));

        private static void RuleFailure(IDictionary<string, object?> parameters)
        {
            var engine = new WafSecurity.Engine.Rules.AuditEngine(new WafSecurity.Engine.Rules.AuditOptions { Rules = new[] { RuleId }, Parameters = parameters });
            var rule = engine.Rules.Single();
            var context = new WafSecurity.Engine.Rules.RuleContext(Snapshot(Region()),
                new WafSecurity.Engine.Rules.RuleParameterValues(rule.Descriptor, parameters), WafSecurity.Engine.Rules.SystemClock.Instance,
                new System.Collections.Concurrent.ConcurrentDictionary<Type, object>());
            rule.Evaluate(context).ToList();
        }
    }

    public class SecretsRulesTests
    {
        private static Secret Secret(string name, bool? rotation = null, long? afterDays = null, string? schedule = null,
            DateTimeOffset? created = null, DateTimeOffset? accessed = null) => new Secret
        {
            Arn = $"arn:aws:secretsmanager:us-east-1:{Account}:secret:{name}-AbCdEf", Name = name, RotationEnabled = rotation,
            RotationAutomaticallyAfterDays = afterDays, RotationScheduleExpression = schedule, CreatedDate = created, LastAccessedDate = accessed,
        };

        private static RegionInventory Region(params Secret[] secrets)
            => new RegionInventory("us-east-1") { Secrets = Fetched<IReadOnlyList<Secret>>.Ok(secrets) };

        [Fact]
        public void RotationEnabled_DefaultParameters_OnlyRequiresRotation()
        {
            var findings = Run("SEC3.Secrets.RotationEnabled", Snapshot(Region(Secret("off"), Secret("false", false), Secret("on", true, 365))));
            Assert.Equal("Failed", Single(findings, "off").Status);
            Assert.Equal("Failed", Single(findings, "false").Status);
            Assert.Equal("Passed", Single(findings, "on").Status);
        }

        [Fact]
        public void RotationEnabled_MaxInterval_ComparesDaysAndRateExpressions()
        {
            var findings = Run("SEC3.Secrets.RotationEnabled", Snapshot(Region(Secret("slow", true, 90), Secret("fast", true, 30),
                    Secret("hourly", true, schedule: "rate(4 hours)"), Secret("cron", true, schedule: "cron(0 16 1,15 * ? *)"))),
                new Dictionary<string, object?> { ["MaxRotationIntervalDays"] = 60 });
            var slow = Single(findings, "slow");
            Assert.Equal("Failed", slow.Status);
            Assert.Contains("90", slow.Reason);
            Assert.Contains("60", slow.Reason);
            Assert.Equal("Passed", Single(findings, "fast").Status);
            Assert.Equal("Passed", Single(findings, "hourly").Status);
            Assert.Equal("Error", Single(findings, "cron").Status);
        }

        [Fact]
        public void Unused_MeasuredFromCapturedAt()
        {
            var now = CapturedAt;
            var findings = Run("SEC3.Secrets.Unused", Snapshot(Region(
                Secret("stale", created: now.AddDays(-400), accessed: now.AddDays(-91)),
                Secret("recent", created: now.AddDays(-400), accessed: now.AddDays(-90)),
                Secret("never-old", created: now.AddDays(-91)),
                Secret("never-new", created: now.AddDays(-10)),
                Secret("no-dates"))));
            Assert.Equal("Failed", Single(findings, "stale").Status);
            Assert.Equal("Passed", Single(findings, "recent").Status);
            var neverOld = Single(findings, "never-old");
            Assert.Equal("Failed", neverOld.Status);
            Assert.Contains("never accessed", neverOld.Reason);
            Assert.Equal("Passed", Single(findings, "never-new").Status);
            Assert.Equal("Error", Single(findings, "no-dates").Status);
        }

        [Fact]
        public void Unused_ParameterChangesThreshold()
        {
            var findings = Run("SEC3.Secrets.Unused", Snapshot(Region(Secret("s", created: CapturedAt.AddDays(-100), accessed: CapturedAt.AddDays(-20)))),
                new Dictionary<string, object?> { ["UnusedForDays"] = 14 });
            Assert.Equal("Failed", findings.Single().Status);
        }
    }
}
