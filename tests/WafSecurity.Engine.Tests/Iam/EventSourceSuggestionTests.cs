using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Tests.Iam
{
    /// <summary>
    /// lambda ListEventSourceMappings from snapshot to SuggestedPolicy: the reader attaches mappings to functions, and the
    /// suggestion keeps what AWS documents each kind of source needs, scoped to the source.
    /// </summary>
    public class EventSourceSuggestionTests
    {
        private const string Account = "123456789012";
        private const string FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:worker";

        private static readonly string Iam = JsonSerializer.Serialize(new
        {
            RoleDetailList = new[]
            {
                new
                {
                    Path = "/", RoleName = "worker", RoleId = "AROAWORKERXXXXXXXXXX", Arn = $"arn:aws:iam::{Account}:role/worker",
                    AssumeRolePolicyDocument = new { Version = "2012-10-17", Statement = new[] { new { Effect = "Allow", Principal = new { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" } } },
                    RolePolicyList = new[] { new { PolicyName = "logs", PolicyDocument = new { Version = "2012-10-17", Statement = new[] { new { Effect = "Allow", Action = "logs:PutLogEvents", Resource = "*" } } } } },
                    AttachedManagedPolicies = new object[0],
                },
            },
            Policies = new object[0],
        });

        private static string Functions(params string[] names) => JsonSerializer.Serialize(new
        {
            Functions = names.Select(n => new { FunctionName = n, FunctionArn = $"arn:aws:lambda:us-east-1:{Account}:function:{n}", Runtime = "python3.12", Role = $"arn:aws:iam::{Account}:role/worker" }),
        });

        private static string Mappings(params object[] mappings) => JsonSerializer.Serialize(new { EventSourceMappings = mappings });

        private static object Mapping(string? source, string functionArn = FunctionArn, string state = "Enabled", string? onFailure = null,
            object[]? access = null, string[]? bootstrap = null, string[]? topics = null)
        {
            var m = new Dictionary<string, object?> { ["UUID"] = System.Guid.NewGuid().ToString(), ["FunctionArn"] = functionArn, ["State"] = state };
            if (source != null) m["EventSourceArn"] = source;
            if (onFailure != null) m["DestinationConfig"] = new { OnFailure = new { Destination = onFailure } };
            if (access != null) m["SourceAccessConfigurations"] = access;
            if (bootstrap != null) m["SelfManagedEventSource"] = new { Endpoints = new { KAFKA_BOOTSTRAP_SERVERS = bootstrap } };
            if (topics != null) m["Topics"] = topics;
            return m;
        }

        private static TempSnapshot Snapshot(string? mappings, string functions = "", string? secrets = null)
        {
            var snap = new TempSnapshot()
                .Write("global/iam/GetAccountAuthorizationDetails.json", Iam)
                .Write("us-east-1/lambda/ListFunctions.json", functions.Length > 0 ? functions : Functions("worker"));
            if (mappings != null) snap.Write("us-east-1/lambda/ListEventSourceMappings.json", mappings);
            if (secrets != null) snap.Write("us-east-1/secretsmanager/ListSecrets.json", secrets);
            return snap;
        }

        private static LeastPrivilegeReport Report(TempSnapshot snap, string function = "worker")
        {
            var roles = new LambdaRoleInventory(SnapshotReader.Read(snap.Root));
            return roles.Report(roles.FindFunctions(function).Single());
        }

        private static Dictionary<string, (List<string> Actions, List<string> Resources)> Statements(LeastPrivilegeReport report)
        {
            using var document = JsonDocument.Parse(report.SuggestedPolicy);
            var result = new Dictionary<string, (List<string>, List<string>)>();
            foreach (var s in document.RootElement.GetProperty("Statement").EnumerateArray())
            {
                List<string> List(JsonElement e) => e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(x => x.GetString()!).ToList() : new List<string> { e.GetString()! };
                Assert.Equal("Allow", s.GetProperty("Effect").GetString());
                result.Add(s.GetProperty("Sid").GetString()!, (List(s.GetProperty("Action")), List(s.GetProperty("Resource"))));
            }
            // A Sid may hold only letters and digits.
            Assert.All(result.Keys, sid => Assert.Matches("^[A-Za-z0-9]+$", sid));
            return result;
        }

        private static void AssertStatement(Dictionary<string, (List<string> Actions, List<string> Resources)> statements, string sid, string[] actions, string[] resources)
        {
            Assert.True(statements.ContainsKey(sid), $"no statement {sid}; have {string.Join(", ", statements.Keys)}");
            Assert.Equal(actions, statements[sid].Actions);
            Assert.Equal(resources, statements[sid].Resources);
        }

        // ---------------------------------------------------------------- fixture (moto + AWS CLI capture)

        public static IEnumerable<object[]> FixtureCases()
        {
            foreach (var dir in System.IO.Directory.GetDirectories(System.IO.Path.Combine(TestPaths.Fixtures, "least-privilege")).OrderBy(d => d, System.StringComparer.Ordinal))
                yield return new object[] { System.IO.Path.GetFileName(dir) };
        }

        [Theory]
        [MemberData(nameof(FixtureCases))]
        public void Fixture_SuggestedPolicy_HoldsExactlyTheExpectedEventSourceStatements(string name)
        {
            var folder = System.IO.Path.Combine(TestPaths.Fixtures, "least-privilege", name);
            var inventory = SnapshotReader.Read(folder);
            Assert.DoesNotContain(inventory.Issues, i => i.Kind == IssueKind.Error);
            var roles = new LambdaRoleInventory(inventory);
            using var expected = JsonDocument.Parse(System.IO.File.ReadAllText(System.IO.Path.Combine(folder, "expected.json")));
            foreach (var function in expected.RootElement.EnumerateObject())
            {
                var report = roles.Report(roles.FindFunctions(function.Name).Single());
                var statements = Statements(report);
                var wanted = function.Value.GetProperty("Statements").EnumerateArray().ToList();
                foreach (var s in wanted)
                    AssertStatement(statements, s.GetProperty("Sid").GetString()!, s.GetProperty("Action").EnumerateArray().Select(a => a.GetString()!).ToArray(),
                        s.GetProperty("Resource").EnumerateArray().Select(a => a.GetString()!).ToArray());
                Assert.Equal(wanted.Select(s => s.GetProperty("Sid").GetString()).OrderBy(x => x), statements.Keys.Where(k => k.StartsWith("EventSource")).OrderBy(x => x));
                foreach (var absent in function.Value.GetProperty("Absent").EnumerateArray()) Assert.DoesNotContain(absent.GetString()!, statements.Keys);
                var notes = function.Value.GetProperty("NotesInclude").EnumerateArray().ToList();
                Assert.Equal(notes.Count, report.SuggestionNotes.Count);
                foreach (var words in notes)
                    Assert.Contains(report.SuggestionNotes, n => words.EnumerateArray().All(w => n.Contains(w.GetString()!)));
            }
        }

        // ---------------------------------------------------------------- reader

        [Fact]
        public void Read_Mappings_AttachedToTheirFunctionByFunctionArnQualifiedOnesIncluded()
        {
            using var snap = Snapshot(Mappings(
                Mapping("arn:aws:sqs:us-east-1:123456789012:jobs"),
                Mapping("arn:aws:kinesis:us-east-1:123456789012:stream/clicks", FunctionArn + ":live"),
                Mapping("arn:aws:sqs:us-east-1:123456789012:other", $"arn:aws:lambda:us-east-1:{Account}:function:other:3"),
                Mapping(null, FunctionArn, bootstrap: new[] { "b-1.kafka.example.com:9092" }, topics: new[] { "orders" },
                    access: new object[] { new { Type = "BASIC_AUTH", URI = "arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-AbCdEf" } })),
                Functions("worker", "other", "idle"));
            var inventory = SnapshotReader.Read(snap.Root);
            var region = inventory.Regions.Single();
            Assert.Equal(4, region.EventSourceMappings.Value!.Count);
            var functions = region.Functions.Value!.ToDictionary(f => f.FunctionName);
            var worker = functions["worker"].EventSourceMappings.Value!;
            Assert.Equal(3, worker.Count);
            Assert.Contains(worker, m => m.Qualifier == "live" && m.Kind == EventSourceKind.Kinesis);
            var kafka = Assert.Single(worker, m => m.Kind == EventSourceKind.SelfManagedKafka);
            Assert.Equal(new[] { "b-1.kafka.example.com:9092" }, kafka.KafkaBootstrapServers);
            Assert.Equal(new[] { "arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-AbCdEf" }, kafka.SecretArns);
            Assert.Equal("3", Assert.Single(functions["other"].EventSourceMappings.Value!).Qualifier);
            Assert.True(functions["idle"].EventSourceMappings.IsOk);
            Assert.Empty(functions["idle"].EventSourceMappings.Value!);
            Assert.DoesNotContain(inventory.Issues, i => i.Target.Contains("ListEventSourceMappings"));
        }

        [Fact]
        public void Read_MissingFile_NotCollectedWithOneWarningPerRegion()
        {
            using var snap = Snapshot(null, Functions("worker", "other"));
            var inventory = SnapshotReader.Read(snap.Root);
            var warning = Assert.Single(inventory.Issues, i => i.Target == "us-east-1/lambda/ListEventSourceMappings");
            Assert.Equal(IssueKind.Warning, warning.Kind);
            Assert.Equal("WafSecurity.ServiceNotCollected", warning.ErrorId);
            Assert.All(inventory.Regions.Single().Functions.Value!, f => Assert.Equal(FetchState.NotCollected, f.EventSourceMappings.State));
        }

        [Fact]
        public void Read_NoLambdaAtAll_SaysOnlyThatLambdaWasNotCollected()
        {
            using var snap = new TempSnapshot().Write("us-east-1/dynamodb/ListTables.json", "{\"TableNames\":[]}");
            var inventory = SnapshotReader.Read(snap.Root);
            Assert.Single(inventory.Issues, i => i.Target == "us-east-1/lambda");
            Assert.DoesNotContain(inventory.Issues, i => i.Target.Contains("ListEventSourceMappings"));
        }

        [Fact]
        public void Read_MappingWithoutFunctionArn_IsAnInvalidShapeError()
        {
            using var snap = Snapshot("{\"EventSourceMappings\":[{\"UUID\":\"x\",\"EventSourceArn\":\"arn:aws:sqs:us-east-1:123456789012:q\"}]}");
            var inventory = SnapshotReader.Read(snap.Root);
            Assert.Equal("InvalidShape", inventory.Regions.Single().EventSourceMappings.Error!.Code);
            Assert.Contains(inventory.Issues, i => i.Kind == IssueKind.Error && i.Message.Contains("'FunctionArn'"));
            Assert.Equal(FetchState.Failed, inventory.Regions.Single().Functions.Value!.Single().EventSourceMappings.State);
        }

        // ---------------------------------------------------------------- suggestion per source type

        [Fact]
        public void Suggest_Sqs_ReceiveDeleteGetAttributesOnTheQueue()
        {
            using var snap = Snapshot(Mappings(Mapping("arn:aws:sqs:us-east-1:123456789012:order-jobs.fifo")));
            var report = Report(snap);
            var s = Statements(report)["EventSourceSqsOrderJobsFifo"];
            Assert.Equal(new[] { "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes" }, s.Actions);
            Assert.Equal(new[] { "arn:aws:sqs:us-east-1:123456789012:order-jobs.fifo" }, s.Resources);
            Assert.Empty(report.SuggestionNotes);
        }

        [Fact]
        public void Suggest_DynamoDbStream_StreamActionsOnTheStreamAndListStreamsOnStar()
        {
            const string stream = "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-11-01T09:30:00.000";
            using var snap = Snapshot(Mappings(Mapping(stream)));
            var statements = Statements(Report(snap));
            Assert.Equal(new[] { "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator" }, statements["EventSourceDynamoDbOrders"].Actions);
            Assert.Equal(new[] { stream }, statements["EventSourceDynamoDbOrders"].Resources);
            // dynamodb:ListStreams takes no resource ARN (IAM service authorization reference): it can only be granted on "*".
            AssertStatement(statements, "EventSourceDynamoDbOrdersAnyResource", new[] { "dynamodb:ListStreams" }, new[] { "*" });
        }

        [Fact]
        public void Suggest_KinesisStream_ReadActionsOnTheStreamAndItsConsumers()
        {
            const string stream = "arn:aws:kinesis:us-east-1:123456789012:stream/clicks";
            using var snap = Snapshot(Mappings(Mapping(stream, FunctionArn + ":live")));
            var s = Statements(Report(snap))["EventSourceKinesisClicks"];
            Assert.Equal(EventSourcePermissions.KinesisActions, s.Actions);
            Assert.Equal(new[] { stream, stream + "/consumer/*" }, s.Resources);
        }

        [Fact]
        public void Suggest_KinesisConsumer_ScopedToTheStreamAndThatConsumer()
        {
            const string consumer = "arn:aws:kinesis:us-east-1:123456789012:stream/clicks/consumer/fanout:1793525400";
            using var snap = Snapshot(Mappings(Mapping(consumer)));
            var s = Statements(Report(snap))["EventSourceKinesisClicks"];
            Assert.Equal(new[] { "arn:aws:kinesis:us-east-1:123456789012:stream/clicks", consumer }, s.Resources);
        }

        [Fact]
        public void Suggest_Msk_ClusterActionsScramSecretAndVpcAccess()
        {
            const string cluster = "arn:aws:kafka:us-east-1:123456789012:cluster/payments/0b1c2d3e-aaaa-bbbb-cccc-123456789012-1";
            const string secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:AmazonMSK_payments-AbCdEf";
            const string key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
            var secrets = JsonSerializer.Serialize(new { SecretList = new[] { new { ARN = secret, Name = "AmazonMSK_payments", KmsKeyId = key } } });
            using var snap = Snapshot(Mappings(Mapping(cluster, topics: new[] { "payments" },
                access: new object[] { new { Type = "SASL_SCRAM_512_AUTH", URI = secret } })), secrets: secrets);
            var statements = Statements(Report(snap));
            AssertStatement(statements, "EventSourceMskPayments", new[] { "kafka:DescribeClusterV2" }, new[] { cluster });
            AssertStatement(statements, "EventSourceMskPaymentsAnyResource", new[] { "kafka:GetBootstrapBrokers" }, new[] { "*" });
            AssertStatement(statements, "EventSourceMskPaymentsSecrets", new[] { "secretsmanager:GetSecretValue" }, new[] { secret });
            AssertStatement(statements, "EventSourceMskPaymentsSecretsKey", new[] { "kms:Decrypt" }, new[] { key });
            Assert.Equal(EventSourcePermissions.VpcActions, statements["EventSourceVpcAccess"].Actions);
            Assert.Equal(new[] { "*" }, statements["EventSourceVpcAccess"].Resources);
            Assert.DoesNotContain(statements.Keys, k => k.Contains("CrossAccount"));
        }

        [Fact]
        public void Suggest_MskInAnotherAccount_AddsDescribeVpcConnection()
        {
            using var snap = Snapshot(Mappings(Mapping("arn:aws:kafka:us-east-1:111122223333:cluster/shared/0b1c2d3e-1")));
            var statements = Statements(Report(snap));
            Assert.Equal(new[] { "kafka:DescribeVpcConnection" }, statements["EventSourceMskSharedCrossAccount"].Actions);
        }

        [Fact]
        public void Suggest_SelfManagedKafka_AuthSecretsAndVpcAccessOnlyWhenConfigured()
        {
            const string secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-creds-AbCdEf";
            using (var snap = Snapshot(Mappings(Mapping(null, bootstrap: new[] { "b-1.example.com:9092" }, topics: new[] { "audit-log" },
                       access: new object[]
                       {
                           new { Type = "BASIC_AUTH", URI = secret },
                           new { Type = "VPC_SUBNET", URI = "subnet:subnet-0123456789abcdef0" },
                           new { Type = "VPC_SECURITY_GROUP", URI = "security_group:sg-0123456789abcdef0" },
                       }))))
            {
                var statements = Statements(Report(snap));
                AssertStatement(statements, "EventSourceKafkaAuditLogSecrets", new[] { "secretsmanager:GetSecretValue" }, new[] { secret });
                Assert.Contains("EventSourceVpcAccess", statements.Keys);
            }
            using (var snap = Snapshot(Mappings(Mapping(null, bootstrap: new[] { "b-1.example.com:9092" }, topics: new[] { "audit-log" }))))
            {
                var report = Report(snap);
                Assert.DoesNotContain(Statements(report).Keys, k => k.StartsWith("EventSource"));
                Assert.Empty(report.SuggestionNotes);
            }
        }

        [Fact]
        public void Suggest_AmazonMq_DescribeBrokerCredentialsAndVpcAccess()
        {
            const string broker = "arn:aws:mq:us-east-1:123456789012:broker:orders-broker:b-0123456789ab-cdef-0123-456789abcdef";
            const string secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:mq-creds-AbCdEf";
            using var snap = Snapshot(Mappings(Mapping(broker, access: new object[] { new { Type = "BASIC_AUTH", URI = secret } })));
            var statements = Statements(Report(snap));
            AssertStatement(statements, "EventSourceMqOrdersBroker", new[] { "mq:DescribeBroker" }, new[] { broker });
            Assert.Equal(new[] { secret }, statements["EventSourceMqOrdersBrokerSecrets"].Resources);
            Assert.Contains("EventSourceVpcAccess", statements.Keys);
        }

        [Theory]
        [InlineData("arn:aws:sqs:us-east-1:123456789012:dlq", "sqs:SendMessage", "arn:aws:sqs:us-east-1:123456789012:dlq")]
        [InlineData("arn:aws:sns:us-east-1:123456789012:failures", "sns:Publish", "arn:aws:sns:us-east-1:123456789012:failures")]
        [InlineData("arn:aws:s3:::failed-batches", "s3:PutObject", "arn:aws:s3:::failed-batches/*")]
        public void Suggest_OnFailureDestination_SendsToThatDestinationOnly(string destination, string action, string resource)
        {
            using var snap = Snapshot(Mappings(Mapping("arn:aws:kinesis:us-east-1:123456789012:stream/clicks", onFailure: destination)));
            var statements = Statements(Report(snap));
            AssertStatement(statements, "EventSourceKinesisClicksOnFailure", new[] { action }, new[] { resource });
            if (action == "s3:PutObject")
                AssertStatement(statements, "EventSourceKinesisClicksOnFailure2", new[] { "s3:ListBucket" }, new[] { destination });
        }

        [Fact]
        public void Suggest_DisabledMappingAndUnknownSource_AreLeftOutAndSaidSo()
        {
            using var snap = Snapshot(Mappings(
                Mapping("arn:aws:sqs:us-east-1:123456789012:paused", state: "Disabled"),
                Mapping("arn:aws:rds:us-east-1:123456789012:cluster:docs")));
            var report = Report(snap);
            Assert.DoesNotContain(Statements(report).Keys, k => k.StartsWith("EventSource"));
            Assert.Contains(report.SuggestionNotes, n => n.Contains("paused") && n.Contains("Disabled"));
            Assert.Contains(report.SuggestionNotes, n => n.Contains("arn:aws:rds:us-east-1:123456789012:cluster:docs"));
        }

        [Fact]
        public void Suggest_SameSourceOnFunctionAndAlias_OneStatement()
        {
            using var snap = Snapshot(Mappings(Mapping("arn:aws:sqs:us-east-1:123456789012:jobs"), Mapping("arn:aws:sqs:us-east-1:123456789012:jobs", FunctionArn + ":live")));
            var statements = Statements(Report(snap));
            Assert.Single(statements.Keys, k => k.StartsWith("EventSourceSqsJobs"));
        }

        [Fact]
        public void Suggest_MappingsNotCollected_ReportSaysTheSuggestionCouldNotUseEventSources()
        {
            using var snap = Snapshot(null);
            var report = Report(snap);
            var note = Assert.Single(report.SuggestionNotes);
            Assert.Contains("Event sources were not used", note);
            Assert.Contains("us-east-1/lambda/ListEventSourceMappings.json", note);
            Assert.DoesNotContain(Statements(report).Keys, k => k.StartsWith("EventSource"));
            Assert.Contains("OwnLogStreams", Statements(report).Keys); // the rest of the suggestion stands
        }

        [Fact]
        public void Suggest_MappingsCallFailed_NoteNamesTheErrorAndTheAction()
        {
            using var snap = Snapshot(null);
            snap.Write("us-east-1/lambda/ListEventSourceMappings.error.json", "{\"Code\":\"AccessDeniedException\",\"Message\":\"not allowed\",\"HttpStatus\":403}");
            var note = Assert.Single(Report(snap).SuggestionNotes);
            Assert.Contains("AccessDeniedException", note);
            Assert.Contains("lambda:ListEventSourceMappings", note);
        }
    }
}
