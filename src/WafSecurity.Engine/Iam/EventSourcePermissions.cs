using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Iam
{
    /// <summary>One statement of a suggested policy (always Allow).</summary>
    public sealed class SuggestedStatement
    {
        public SuggestedStatement(string sid, IEnumerable<string> actions, IEnumerable<string> resources)
        {
            Sid = sid; Actions = actions.ToList(); Resources = resources.ToList();
        }

        public string Sid { get; }
        public IReadOnlyList<string> Actions { get; }
        public IReadOnlyList<string> Resources { get; }
    }

    /// <summary>
    /// The permissions AWS documents for a Lambda execution role to read each kind of event source mapping, scoped to
    /// the source. Where the IAM catalog says an action cannot be scoped to a resource (dynamodb:ListStreams,
    /// kafka:GetBootstrapBrokers, the ec2 Describe* calls of VPC access) it goes in a statement of its own on "*".
    /// Sources:
    /// SQS https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html (execution role permissions);
    /// DynamoDB Streams https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html;
    /// Kinesis https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html;
    /// Amazon MSK https://docs.aws.amazon.com/lambda/latest/dg/with-msk-permissions.html (AWSLambdaMSKExecutionRole);
    /// self-managed Kafka https://docs.aws.amazon.com/lambda/latest/dg/with-kafka-permissions.html;
    /// Amazon MQ https://docs.aws.amazon.com/lambda/latest/dg/process-messages-with-lambda.html (with-mq.html#events-mq-permissions);
    /// on-failure destinations https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html.
    /// </summary>
    public static class EventSourcePermissions
    {
        public static readonly IReadOnlyList<string> SqsActions = new[] { "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes" };
        public static readonly IReadOnlyList<string> DynamoDbStreamActions = new[] { "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams" };
        public static readonly IReadOnlyList<string> KinesisActions = new[]
        {
            "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:SubscribeToShard",
        };
        public static readonly IReadOnlyList<string> MskActions = new[] { "kafka:DescribeClusterV2", "kafka:GetBootstrapBrokers" };
        public static readonly IReadOnlyList<string> MqActions = new[] { "mq:DescribeBroker" };
        /// <summary>Network interfaces in the source's VPC (MSK, Amazon MQ, self-managed Kafka reached through a VPC).</summary>
        public static readonly IReadOnlyList<string> VpcActions = new[]
        {
            "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeVpcs", "ec2:DeleteNetworkInterface", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups",
        };

        /// <summary>
        /// The statements the function's enabled event source mappings need, and notes on what could not be used.
        /// <paramref name="secretKey"/> gives the KMS key ARN a secret (by ARN) is encrypted with, when it is known.
        /// </summary>
        public static List<SuggestedStatement> For(LambdaFunction function, string region, ActionCatalog catalog, Func<string, string?> secretKey, List<string> notes)
        {
            var statements = new List<SuggestedStatement>();
            var mappings = function.EventSourceMappings;
            switch (mappings.State)
            {
                case FetchState.NotCollected:
                    notes.Add($"Event sources were not used: lambda ListEventSourceMappings was not collected in {region} " +
                              $"(no {region}/lambda/ListEventSourceMappings.json); the permissions its event sources need are missing from the suggestion.");
                    return statements;
                case FetchState.Failed:
                    notes.Add($"Event sources were not used: {mappings.Error?.Describe() ?? "lambda ListEventSourceMappings failed"}; " +
                              "the permissions its event sources need are missing from the suggestion.");
                    return statements;
                case FetchState.Absent:
                    return statements;
            }

            var sids = new HashSet<string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var vpc = false;
            foreach (var mapping in mappings.Value!.OrderBy(m => m.EventSourceArn ?? "", StringComparer.Ordinal).ThenBy(m => m.Uuid, StringComparer.Ordinal))
            {
                if (!mapping.IsEnabled)
                {
                    notes.Add($"Event source mapping {mapping.Uuid} ({Describe(mapping)}) is {mapping.State}: its permissions are not included.");
                    continue;
                }
                // A source mapped twice (the function and one of its aliases) needs its permissions once.
                if (!seen.Add(mapping.Kind + "|" + (mapping.EventSourceArn ?? string.Join(",", mapping.KafkaBootstrapServers)) + "|" + mapping.OnFailureDestination)) continue;
                var sid = UniqueSid(sids, "EventSource" + SourceLabel(mapping));
                switch (mapping.Kind)
                {
                    case EventSourceKind.Sqs:
                        Add(statements, sids, catalog, sid, SqsActions, new[] { mapping.EventSourceArn! });
                        break;
                    case EventSourceKind.DynamoDbStream:
                        Add(statements, sids, catalog, sid, DynamoDbStreamActions, new[] { mapping.EventSourceArn! });
                        break;
                    case EventSourceKind.Kinesis:
                        var arn = mapping.EventSourceArn!;
                        var consumer = arn.IndexOf("/consumer/", StringComparison.Ordinal);
                        var stream = consumer > 0 ? arn.Substring(0, consumer) : arn;
                        // SubscribeToShard is granted on a stream consumer (enhanced fan-out): the mapped one, or the stream's.
                        Add(statements, sids, catalog, sid, KinesisActions, new[] { stream, consumer > 0 ? arn : stream + "/consumer/*" });
                        break;
                    case EventSourceKind.AmazonMsk:
                        Add(statements, sids, catalog, sid, MskActions, new[] { mapping.EventSourceArn! });
                        if (Arn.AccountOf(mapping.EventSourceArn!) is string owner && Arn.AccountOf(function.FunctionArn) is string mine && owner != mine)
                            Add(statements, sids, catalog, UniqueSid(sids, sid + "CrossAccount"), new[] { "kafka:DescribeVpcConnection" }, new[] { "*" });
                        vpc = true;
                        break;
                    case EventSourceKind.SelfManagedKafka:
                        vpc |= mapping.UsesVpc;
                        break;
                    case EventSourceKind.AmazonMq:
                        Add(statements, sids, catalog, sid, MqActions, new[] { mapping.EventSourceArn! });
                        vpc = true;
                        break;
                    default:
                        notes.Add($"Event source mapping {mapping.Uuid} ({Describe(mapping)}) is of a kind the suggestion has no documented permissions for; " +
                                  "add what it needs by hand.");
                        continue;
                }
                var secrets = mapping.SecretArns.ToList();
                if (secrets.Count > 0)
                {
                    Add(statements, sids, catalog, UniqueSid(sids, sid + "Secrets"), new[] { "secretsmanager:GetSecretValue" }, secrets);
                    var keys = secrets.Select(secretKey).Where(k => !string.IsNullOrEmpty(k) && k!.StartsWith("arn:", StringComparison.Ordinal)
                        && k.IndexOf(":alias/", StringComparison.Ordinal) < 0).Select(k => k!).Distinct(StringComparer.Ordinal).ToList();
                    if (keys.Count > 0) Add(statements, sids, catalog, UniqueSid(sids, sid + "SecretsKey"), new[] { "kms:Decrypt" }, keys);
                }
                var destination = OnFailure(mapping.OnFailureDestination);
                if (destination != null)
                    foreach (var (actions, resources) in destination)
                        Add(statements, sids, catalog, UniqueSid(sids, sid + "OnFailure"), actions, resources);
            }
            if (vpc) Add(statements, sids, catalog, UniqueSid(sids, "EventSourceVpcAccess"), VpcActions, new[] { "*" });
            return statements;
        }

        /// <summary>The actions an on-failure destination needs: SQS SendMessage, SNS Publish, S3 PutObject and ListBucket; a Kafka topic needs none.</summary>
        private static List<(IReadOnlyList<string> Actions, IReadOnlyList<string> Resources)>? OnFailure(string? destination)
        {
            if (string.IsNullOrEmpty(destination) || !destination!.StartsWith("arn:", StringComparison.Ordinal)) return null;
            switch (Arn.ServiceOf(destination))
            {
                case "sqs": return new List<(IReadOnlyList<string>, IReadOnlyList<string>)> { (new[] { "sqs:SendMessage" }, new[] { destination }) };
                case "sns": return new List<(IReadOnlyList<string>, IReadOnlyList<string>)> { (new[] { "sns:Publish" }, new[] { destination }) };
                case "s3":
                    return new List<(IReadOnlyList<string>, IReadOnlyList<string>)>
                    {
                        (new[] { "s3:PutObject" }, new[] { destination + "/*" }),
                        (new[] { "s3:ListBucket" }, new[] { destination }),
                    };
                default: return null;
            }
        }

        /// <summary>
        /// Adds the actions on the resources; actions the catalog says take no resource ARN go into a statement of their
        /// own on "*" (named SID + "AnyResource"), since a statement scoped to an ARN would not grant them.
        /// </summary>
        private static void Add(List<SuggestedStatement> statements, HashSet<string> sids, ActionCatalog catalog, string sid, IEnumerable<string> actions, IEnumerable<string> resources)
        {
            var list = actions.ToList();
            var resourceList = resources.ToList();
            if (resourceList.Count == 1 && resourceList[0] == "*") { statements.Add(new SuggestedStatement(sid, list, resourceList)); return; }
            var scoped = list.Where(a => catalog.FindAction(a)?.SupportsResourceLevelPermissions != false).ToList();
            var star = list.Except(scoped).ToList();
            if (scoped.Count > 0) statements.Add(new SuggestedStatement(sid, scoped, resourceList));
            if (star.Count > 0) statements.Add(new SuggestedStatement(scoped.Count > 0 ? UniqueSid(sids, sid + "AnyResource") : sid, star, new[] { "*" }));
        }

        private static string Describe(EventSourceMapping mapping)
            => mapping.EventSourceArn ?? (mapping.KafkaBootstrapServers.Count > 0 ? "Kafka " + string.Join(",", mapping.KafkaBootstrapServers) : "no source ARN");

        /// <summary>"Sqs" + queue name, "DynamoDb" + table name, "Kinesis" + stream name, "Msk" + cluster, "Mq" + broker, "Kafka" + first topic.</summary>
        internal static string SourceLabel(EventSourceMapping mapping)
        {
            var arn = mapping.EventSourceArn ?? "";
            var resource = arn.Split(new[] { ':' }, 6).ElementAtOrDefault(5) ?? "";
            switch (mapping.Kind)
            {
                case EventSourceKind.Sqs: return "Sqs" + Pascal(resource);
                case EventSourceKind.DynamoDbStream: return "DynamoDb" + Pascal(Segment(resource, 1)); // table/NAME/stream/LABEL
                case EventSourceKind.Kinesis: return "Kinesis" + Pascal(Segment(resource, 1));     // stream/NAME[/consumer/...]
                case EventSourceKind.AmazonMsk: return "Msk" + Pascal(Segment(resource, 1));        // cluster/NAME/UUID
                case EventSourceKind.AmazonMq: return "Mq" + Pascal(resource.Split(':').ElementAtOrDefault(1) ?? resource); // broker:NAME:ID
                case EventSourceKind.SelfManagedKafka: return "Kafka" + Pascal(mapping.Topics.FirstOrDefault() ?? "");
                default: return "Other";
            }
        }

        private static string Segment(string resource, int index) => resource.Split('/').ElementAtOrDefault(index) ?? "";

        /// <summary>"orders-queue.fifo" to "OrdersQueueFifo": a Sid may hold only letters and digits.</summary>
        internal static string Pascal(string name)
        {
            var builder = new StringBuilder();
            var upper = true;
            foreach (var c in name)
            {
                if (c < 128 && char.IsLetterOrDigit(c))
                {
                    builder.Append(upper ? char.ToUpperInvariant(c) : c);
                    upper = false;
                }
                else upper = true;
            }
            return builder.Length > 64 ? builder.ToString(0, 64) : builder.ToString();
        }

        private static string UniqueSid(HashSet<string> used, string sid)
        {
            var candidate = sid;
            for (var n = 2; !used.Add(candidate); n++) candidate = sid + n;
            return candidate;
        }
    }
}
