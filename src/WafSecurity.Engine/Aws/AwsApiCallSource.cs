using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using WafSecurity.Engine.Aws.Protocol;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Aws
{
    /// <summary>
    /// The live <see cref="IAwsCallSource"/>: makes each snapshot operation against AWS and returns the JSON document the
    /// AWS CLI prints for it, all pages merged. Lambda, API Gateway v1/v2, Secrets Manager, CloudWatch Logs, IAM, AWS Backup and DAX go through
    /// <see cref="AwsProtocolClient"/>; DynamoDB, KMS and STS through their SDK packages. Thread-safe: the collector calls
    /// it from many tasks at once; clients are made once per service and region.
    /// </summary>
    public sealed partial class AwsApiCallSource : IAwsCallSource, IDisposable
    {
        /// <summary>Answers that mean "there is nothing to return" (the CLI snapshot tool writes no file for them).</summary>
        public static readonly IReadOnlyCollection<string> NotFoundCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            "ResourceNotFoundException", "PolicyNotFoundException", "NotFoundException", "NoSuchEntity",
            // S3 / S3 Control: no Block Public Access configuration, no default encryption, no bucket policy.
            "NoSuchPublicAccessBlockConfiguration", "ServerSideEncryptionConfigurationNotFoundError", "NoSuchBucketPolicy",
        };

        /// <summary>Page sizes: the largest each API accepts, so a full listing takes the fewest calls.</summary>
        private static readonly Dictionary<string, string> PageSizes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["lambda ListFunctions"] = "50", ["lambda ListAliases"] = "10000", ["lambda ListVersionsByFunction"] = "10000",
            ["lambda ListFunctionUrlConfigs"] = "50", ["lambda ListEventSourceMappings"] = "10000", ["apigateway GetRestApis"] = "500", ["apigateway GetResources"] = "500",
            ["apigateway GetAuthorizers"] = "500", ["apigatewayv2 GetApis"] = "500", ["apigatewayv2 GetRoutes"] = "500",
            ["apigatewayv2 GetStages"] = "500", ["apigatewayv2 GetAuthorizers"] = "500", ["secretsmanager ListSecrets"] = "100",
            ["iam GetAccountAuthorizationDetails"] = "1000", ["dynamodb ListTables"] = "100", ["logs DescribeLogGroups"] = "50",
            ["appsync ListGraphqlApis"] = "25", ["cognito-identity ListIdentityPools"] = "60",
            ["apigateway GetDomainNames"] = "500", ["apigateway GetUsagePlans"] = "500", ["apigateway GetRequestValidators"] = "500",
            ["apigatewayv2 GetDomainNames"] = "500", ["apigatewayv2 GetIntegrations"] = "500",
            ["iam GetAccountAuthorizationDetails"] = "1000", ["dynamodb ListTables"] = "100", ["logs DescribeLogGroups"] = "50", ["stepfunctions ListStateMachines"] = "1000",
            ["logs DescribeResourcePolicies"] = "50",
            ["iam GetServiceLastAccessedDetails"] = "1000", ["backup ListProtectedResources"] = "1000", ["dax DescribeClusters"] = "100",
            ["sqs ListQueues"] = "1000",
        };

        /// <summary>Operations read one page only: the collector bounds them with its own limit (a sample, not a listing).</summary>
        private static readonly HashSet<string> SinglePageOperations = new HashSet<string>(StringComparer.Ordinal) { "logs FilterLogEvents" };

        /// <summary>Operations without a resource parameter: a key on them is only a label.</summary>
        private static readonly HashSet<string> ListOperations = new HashSet<string>(StringComparer.Ordinal)
        {
            "lambda ListFunctions", "lambda ListEventSourceMappings", "dynamodb ListTables", "secretsmanager ListSecrets", "apigateway GetRestApis", "apigatewayv2 GetApis",
            "iam GetAccountAuthorizationDetails", "sts GetCallerIdentity", "ec2 DescribeRegions", "logs DescribeLogGroups",
            "appsync ListGraphqlApis", "cognito-identity ListIdentityPools",
            "apigateway GetDomainNames", "apigateway GetUsagePlans", "apigatewayv2 GetDomainNames",
            "iam GetAccountAuthorizationDetails", "sts GetCallerIdentity", "ec2 DescribeRegions", "logs DescribeLogGroups", "stepfunctions ListStateMachines",
            "logs DescribeResourcePolicies", "cloudtrail DescribeTrails",
            "backup ListProtectedResources", "dax DescribeClusters",
            "s3api ListBuckets",
            "sqs ListQueues", "cloudwatch GetMetricData",
        };

        private readonly AwsConnection _connection;
        private readonly ConcurrentDictionary<string, Lazy<IDisposable>> _clients = new ConcurrentDictionary<string, Lazy<IDisposable>>(StringComparer.Ordinal);
        private int _disposed;

        public AwsApiCallSource(AwsConnection connection)
        {
            _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        }

        public AwsConnection Connection => _connection;

        public async Task<AwsCallResult> CallAsync(AwsCall call, CancellationToken cancellationToken)
        {
            if (call == null) throw new ArgumentNullException(nameof(call));
            cancellationToken.ThrowIfCancellationRequested();
            var stats = new CallRequests(new RequestGate(call.AdmitFurtherRequest));
            try
            {
                var parameters = ParametersOf(call);
                AwsCallResult result;
                switch (call.Operation.Service)
                {
                    case "dynamodb": result = await DynamoDbAsync(call, parameters, stats, cancellationToken).ConfigureAwait(false); break;
                    case "kms": result = await KmsAsync(call, parameters, stats, cancellationToken).ConfigureAwait(false); break;
                    case "sts": result = await StsAsync(call, stats, cancellationToken).ConfigureAwait(false); break;
                    default: result = await ProtocolAsync(call, parameters, stats, cancellationToken).ConfigureAwait(false); break;
                }
                return Count(result, stats);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (AmazonServiceException e)
            {
                var code = string.IsNullOrEmpty(e.ErrorCode) ? e.GetType().Name : e.ErrorCode;
                var r = NotFoundCodes.Contains(code) ? AwsCallResult.NotFound(code, e.Message) : AwsCallResult.Failed(code, e.Message, (int)e.StatusCode);
                return Count(r, stats);
            }
            catch (ArgumentException e)
            {
                // A call the collector laid out wrongly (missing or unknown parameter): never sent.
                return Count(AwsCallResult.Failed("InvalidCall", e.Message, null), stats);
            }
            catch (AmazonClientException e)
            {
                return Count(AwsCallResult.Failed(ClientErrorCode(e), e.Message, null), stats);
            }
            catch (Exception e) when (e is JsonException || e is System.Xml.XmlException || e is InvalidDataException)
            {
                return Count(AwsCallResult.Failed("InvalidResponse", "The answer could not be read: " + e.Message, null), stats);
            }
            catch (Exception e) when (e is HttpRequestException || e is IOException || e is OperationCanceledException || e is System.Net.WebException)
            {
                // Connection failures and timeouts that outlived the retries (the token was not cancelled).
                var code = e is OperationCanceledException ? "RequestTimeout" : "ConnectionError";
                return Count(AwsCallResult.Failed(code, e.GetBaseException().Message, null), stats);
            }
        }

        private static string ClientErrorCode(AmazonClientException e)
            => e.Message.IndexOf("credential", StringComparison.OrdinalIgnoreCase) >= 0 || e.Message.IndexOf("SSO", StringComparison.Ordinal) >= 0
                ? "CredentialsUnavailable" : "ClientError";

        /// <summary>One call's requests (pages, retries) and the gate each one after the first passes.</summary>
        private sealed class CallRequests : List<CallStats>
        {
            public CallRequests(RequestGate gate) { Gate = gate; }
            public RequestGate Gate { get; }
        }

        private static AwsCallResult Count(AwsCallResult result, CallRequests stats)
        {
            lock (stats)
            {
                result.Requests = Math.Max(1, stats.Sum(s => s.Attempts));
                result.Throttles = stats.Sum(s => s.Throttles);
                result.AdmittedRequests = stats.Gate.Admitted;
            }
            return result;
        }

        private static CallStats Track(AmazonWebServiceRequest request, CallRequests stats)
        {
            var s = new CallStats { Gate = stats.Gate };
            CallStats.Attach(request, s);
            lock (stats) stats.Add(s);
            return s;
        }

        /// <summary>The call's parameters; a per-resource call given only a key gets the usual one (FunctionName[@Qualifier], TableName, ...).</summary>
        internal static IReadOnlyDictionary<string, string> ParametersOf(AwsCall call)
        {
            if (call.Parameters.Count > 0 || string.IsNullOrEmpty(call.Key) || ListOperations.Contains(call.Operation.Label)) return call.Parameters;
            var key = call.Key!;
            var p = new Dictionary<string, string>(StringComparer.Ordinal);
            switch (call.Operation.Service)
            {
                case "lambda":
                    var at = key.IndexOf('@');
                    if (at > 0 && call.Operation.Operation == "GetPolicy") { p["FunctionName"] = key.Substring(0, at); p["Qualifier"] = key.Substring(at + 1); }
                    // The file key is the config id; the API takes the ARN, which the collector passes (a key that is an ARN works too).
                    else if (call.Operation.Operation == "GetCodeSigningConfig") p["CodeSigningConfigArn"] = key;
                    else p["FunctionName"] = key;
                    break;
                case "dynamodb":
                    // A stream's key ("<table>@stream") lacks the stream label: its ARN comes only from DescribeTable, as a parameter.
                    if (call.Operation.Operation == "GetResourcePolicy" && key.IndexOf('@') > 0)
                        throw new ArgumentException($"{call.Operation.Label} for the stream key '{key}' needs the stream ARN (ResourceArn) as a parameter.");
                    if (call.Operation.Operation == "GetResourcePolicy") p["ResourceArn"] = key; else p["TableName"] = key;
                    break;
                case "kms": p["KeyId"] = key; break;
                case "secretsmanager": p["SecretId"] = key; break;
                case "apigateway": p["RestApiId"] = key; break;
                case "apigatewayv2": p["ApiId"] = key; break;
                case "appsync": p["apiId"] = key; break;
                case "cognito-identity": p["IdentityPoolId"] = key; break;
                // The file key is the machine's name; the API takes its ARN, which the collector passes (a key that is an ARN works too).
                case "stepfunctions": p["stateMachineArn"] = key; break;
                case "logs": p["logGroupName"] = key; break;
                case "cloudtrail": p["TrailName"] = key; break;
                case "s3api": p["Bucket"] = key; break;
            }
            return p;
        }

        // ------------------------------------------------------------------ Lambda, API Gateway, Secrets Manager, CloudWatch Logs, CloudWatch, SQS, CloudTrail, AppSync, Cognito identity, Step Functions, IAM
        private async Task<AwsCallResult> ProtocolAsync(AwsCall call, IReadOnlyDictionary<string, string> parameters, CallRequests stats, CancellationToken ct)
        {
            var model = AwsServiceModel.Get(ModelName(call.Operation.Service));
            var operation = model.Operation(call.Operation.Operation);

            var input = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var kv in parameters)
            {
                var member = operation.Input?.Members.FirstOrDefault(m => string.Equals(m.Name, kv.Key, StringComparison.OrdinalIgnoreCase))
                    ?? throw new ArgumentException($"{call.Operation.Label} has no parameter {kv.Key}.");
                input[member.Name] = kv.Value;
            }
            if (call.Operation.Service == "apigateway" && call.Operation.Operation == "GetResources" && !input.ContainsKey("embed")) input["embed"] = "methods";
            var client = ProtocolClient(model, call.Region, HostPrefix(operation, input));
            var pager = operation.Paginator;
            if (pager?.LimitKey != null && !input.ContainsKey(pager.LimitKey) && PageSizes.TryGetValue(call.Operation.Label, out var size)) input[pager.LimitKey] = size;

            var merger = new CliShapeConverter.PageMerger(pager);
            string? token = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            do
            {
                ct.ThrowIfCancellationRequested();
                if (token != null) input[pager!.InputTokens[0]] = token;
                var request = AwsProtocolClient.BuildRequest(model, operation, input);
                Track(request, stats);
                var response = await client.SendAsync(request, ct).ConfigureAwait(false);
                var page = ToCli(model, operation, response.Body);
                if (SinglePageOperations.Contains(call.Operation.Label)) return AwsCallResult.Ok(Print(page));
                token = pager == null ? null : CliShapeConverter.NextToken(page, pager);
                merger.Add(page);
                if (token != null && !seen.Add(token))
                    return AwsCallResult.Failed("PaginationLoop", $"{call.Operation.Label} returned the page token it was given; stopping.", null);
            }
            while (token != null);

            var result = merger.Result;
            if (call.Operation.Service == "secretsmanager" && call.Operation.Operation == "GetResourcePolicy"
                && (!result.TryGetPropertyValue("ResourcePolicy", out var policy) || policy == null))
            {
                // A secret without a policy answers {"ARN":..,"Name":..}: nothing to return (snapshot-format.md).
                return AwsCallResult.NotFound("ResourcePolicyNotSet", "The secret has no resource policy.");
            }
            return AwsCallResult.Ok(Print(result));
        }

        /// <summary>The botocore model of a CLI service name (the CLI's "s3api" is botocore's "s3").</summary>
        internal static string ModelName(string cliService) => cliService == "s3api" ? "s3" : cliService;

        /// <summary>An operation's endpoint hostPrefix with its labels filled from the input ("{AccountId}." -> "123456789012.").</summary>
        internal static string? HostPrefix(AwsOperationModel operation, IReadOnlyDictionary<string, string> input)
        {
            if (operation.HostPrefix == null) return null;
            var prefix = operation.HostPrefix;
            foreach (var kv in input) prefix = prefix.Replace("{" + kv.Key + "}", kv.Value);
            if (prefix.IndexOf('{') >= 0) throw new ArgumentException($"{operation.Name} needs the input its host prefix {operation.HostPrefix} names.");
            // One host label of ASCII letters, digits and hyphens (botocore validates the same before sending): an input
            // value can never move the request to another domain.
            var label = prefix.EndsWith(".", StringComparison.Ordinal) ? prefix.Substring(0, prefix.Length - 1) : prefix;
            if (label.Length == 0 || label.Length > 63 || label.Any(c => !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')))
                throw new ArgumentException($"{operation.Name}: '{prefix}' is not a valid host prefix.");
            return prefix;
        }

        internal static JsonObject ToCli(AwsServiceModel model, AwsOperationModel operation, string body)
        {
            if (operation.Output == null) return new JsonObject();
            if (model.Protocol == "rest-xml")
            {
                if (string.IsNullOrWhiteSpace(body)) return new JsonObject();
                var root = XDocument.Parse(body).Root!;
                if (model.Service == "s3" && operation.Name == "GetBucketLocation")
                {
                    // botocore's parse_get_bucket_location: the root's text; empty (us-east-1) is null.
                    return new JsonObject { ["LocationConstraint"] = string.IsNullOrEmpty(root.Value) ? null : JsonValue.Create(root.Value) };
                }
                var payload = operation.Output.Payload == null ? null : operation.Output.FindMember(operation.Output.Payload);
                if (payload != null) return new JsonObject { [payload.Name] = CliShapeConverter.FromXml(root, payload.Shape) };
                return CliShapeConverter.FromXml(root, operation.Output) as JsonObject ?? new JsonObject();
            }
            if (model.Protocol == "ec2")
            {
                // EC2 answers without a result wrapper: the members are the root's children.
                return CliShapeConverter.FromXml(XDocument.Parse(body).Root!, operation.Output) as JsonObject ?? new JsonObject();
            }
            if (model.Protocol == "query")
            {
                var doc = XDocument.Parse(body);
                var wrapperName = operation.OutputResultWrapper ?? operation.Name + "Result";
                var wrapper = doc.Descendants().FirstOrDefault(e => e.Name.LocalName == wrapperName)
                    ?? throw new InvalidDataException($"{model.Service} {operation.Name}: no <{wrapperName}> in the answer.");
                return CliShapeConverter.FromXml(wrapper, operation.Output) as JsonObject ?? new JsonObject();
            }
            if (string.IsNullOrWhiteSpace(body)) return new JsonObject();
            using var json = JsonDocument.Parse(body);
            return CliShapeConverter.FromJson(json.RootElement, operation.Output) as JsonObject ?? new JsonObject();
        }

        private static readonly JsonSerializerOptions PrintOptions = new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        internal static string Print(JsonNode node) => node.ToJsonString(PrintOptions);

        private AwsProtocolClient ProtocolClient(AwsServiceModel model, string region, string? hostPrefix = null)
        {
            var endpoint = model.Service == "iam"
                ? AwsEndpoints.Iam(region == AwsEndpoints.Global ? _connection.HomeRegion : region, _connection.EndpointUrl, _connection.Environment)
                : AwsEndpoints.Regional(model.ServiceId, model.EndpointPrefix, model.SigningName, RealRegion(region), _connection.EndpointUrl, _connection.Environment);
            // S3 Control's account id goes in the host name on AWS; a custom endpoint (an emulator, a proxy) is used as
            // given, as the AWS CLI does with --endpoint-url (moto routes S3 Control by its /v20180820/ path).
            if (hostPrefix != null && !endpoint.Overridden)
                endpoint = new AwsServiceEndpoint(endpoint.Url.Replace("://", "://" + hostPrefix), endpoint.SigningRegion, endpoint.SigningName, false, endpoint.Source);
            return (AwsProtocolClient)_clients.GetOrAdd(model.Service + "|" + endpoint.Url + "|" + endpoint.SigningRegion, _ => new Lazy<IDisposable>(
                () => new AwsProtocolClient(_connection.Credentials, new AwsProtocolClientConfig(model, endpoint, _connection.Retry), model))).Value;
        }

        private string RealRegion(string region) => region == AwsEndpoints.Global ? _connection.HomeRegion : region;

        /// <summary>Where a service's requests for a region go; for -Debug output and tests.</summary>
        public AwsServiceEndpoint EndpointFor(string service, string region)
        {
            switch (service)
            {
                case "iam": return AwsEndpoints.Iam(RealRegion(region), _connection.EndpointUrl, _connection.Environment);
                case "dynamodb": return SdkEndpoint("DynamoDB", "dynamodb", RealRegion(region));
                case "kms": return SdkEndpoint("KMS", "kms", RealRegion(region));
                case "sts": return SdkEndpoint("STS", "sts", RealRegion(region));
                default:
                    var model = AwsServiceModel.Get(ModelName(service));
                    return AwsEndpoints.Regional(model.ServiceId, model.EndpointPrefix, model.SigningName, RealRegion(region), _connection.EndpointUrl, _connection.Environment);
            }
        }

        private AwsServiceEndpoint SdkEndpoint(string serviceId, string prefix, string region)
            => AwsEndpoints.Regional(serviceId, prefix, prefix, region, _connection.EndpointUrl, _connection.Environment);

        // ------------------------------------------------------------------ SDK service packages
        private T SdkConfig<T>(T config, string serviceId, string prefix, string region) where T : ClientConfig
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
            var endpoint = SdkEndpoint(serviceId, prefix, region);
            if (endpoint.Overridden)
            {
                config.ServiceURL = endpoint.Url;
                // With a custom endpoint the SDK would sign for us-east-1; emulators route by the signing region.
                config.AuthenticationRegion = region;
            }
            config.IgnoreConfiguredEndpointUrls = true;
            _connection.Retry.Apply(config);
            return config;
        }

        private TClient Sdk<TClient>(string service, string region, Func<TClient> create) where TClient : class, IDisposable
            => (TClient)_clients.GetOrAdd(service + "|" + region, _ => new Lazy<IDisposable>(() => create())).Value;

        private StatsDynamoDbClient DynamoDb(string region)
            => Sdk(nameof(AmazonDynamoDBClient), region, () => new StatsDynamoDbClient(_connection.Credentials, SdkConfig(new AmazonDynamoDBConfig(), "DynamoDB", "dynamodb", region)));

        private StatsKmsClient Kms(string region)
            => Sdk(nameof(AmazonKeyManagementServiceClient), region, () => new StatsKmsClient(_connection.Credentials, SdkConfig(new AmazonKeyManagementServiceConfig(), "KMS", "kms", region)));

        private StatsStsClient Sts(string region)
            => Sdk(nameof(AmazonSecurityTokenServiceClient), region, () => new StatsStsClient(_connection.Credentials, SdkConfig(new AmazonSecurityTokenServiceConfig(), "STS", "sts", region)));

        private static string Required(IReadOnlyDictionary<string, string> p, string name, AwsCall call)
            => p.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v : throw new ArgumentException($"{call.Operation.Label} needs the parameter {name}.");

        private async Task<AwsCallResult> DynamoDbAsync(AwsCall call, IReadOnlyDictionary<string, string> p, CallRequests stats, CancellationToken ct)
        {
            var model = AwsServiceModel.Get("dynamodb");
            var op = model.Operation(call.Operation.Operation);
            var client = DynamoDb(RealRegion(call.Region));
            switch (call.Operation.Operation)
            {
                case "ListTables":
                    var merger = new CliShapeConverter.PageMerger(op.Paginator);
                    string? start = null;
                    do
                    {
                        var request = new ListTablesRequest { Limit = 100, ExclusiveStartTableName = start };
                        Track(request, stats);
                        var response = await client.ListTablesAsync(request, ct).ConfigureAwait(false);
                        var page = (JsonObject)CliShapeConverter.FromSdk(response, op.Output!)!;
                        var next = CliShapeConverter.NextToken(page, op.Paginator!);
                        merger.Add(page);
                        if (next != null && next == start) return AwsCallResult.Failed("PaginationLoop", "dynamodb ListTables returned the page token it was given; stopping.", null);
                        start = next;
                    }
                    while (start != null);
                    return AwsCallResult.Ok(Print(merger.Result));
                case "DescribeTable":
                    var describe = new DescribeTableRequest { TableName = Required(p, "TableName", call) };
                    Track(describe, stats);
                    return Ok(await client.DescribeTableAsync(describe, ct).ConfigureAwait(false), op);
                case "DescribeContinuousBackups":
                    var backups = new DescribeContinuousBackupsRequest { TableName = Required(p, "TableName", call) };
                    Track(backups, stats);
                    return Ok(await client.DescribeContinuousBackupsAsync(backups, ct).ConfigureAwait(false), op);
                case "GetResourcePolicy":
                    var policy = new GetResourcePolicyRequest { ResourceArn = Required(p, "ResourceArn", call) };
                    Track(policy, stats);
                    return Ok(await client.GetResourcePolicyAsync(policy, ct).ConfigureAwait(false), op);
                default:
                    throw new NotSupportedException(call.Operation.Label);
            }
        }

        private async Task<AwsCallResult> KmsAsync(AwsCall call, IReadOnlyDictionary<string, string> p, CallRequests stats, CancellationToken ct)
        {
            var op = AwsServiceModel.Get("kms").Operation(call.Operation.Operation);
            if (call.Operation.Operation != "DescribeKey") throw new NotSupportedException(call.Operation.Label);
            var request = new DescribeKeyRequest { KeyId = Required(p, "KeyId", call) };
            Track(request, stats);
            return Ok(await Kms(RealRegion(call.Region)).DescribeKeyAsync(request, ct).ConfigureAwait(false), op);
        }

        private async Task<AwsCallResult> StsAsync(AwsCall call, CallRequests stats, CancellationToken ct)
        {
            var op = AwsServiceModel.Get("sts").Operation(call.Operation.Operation);
            if (call.Operation.Operation != "GetCallerIdentity") throw new NotSupportedException(call.Operation.Label);
            var request = new GetCallerIdentityRequest();
            Track(request, stats);
            return Ok(await Sts(RealRegion(call.Region)).GetCallerIdentityAsync(request, ct).ConfigureAwait(false), op);
        }

        private static AwsCallResult Ok(AmazonWebServiceResponse response, AwsOperationModel op)
            => AwsCallResult.Ok(Print(CliShapeConverter.FromSdk(response, op.Output!) ?? new JsonObject()));

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            foreach (var c in _clients.Values)
            {
                if (c.IsValueCreated) c.Value.Dispose();
            }
            _clients.Clear();
        }

        // SDK clients with the attempt/throttle counter inside their retry handler.
        private sealed class StatsDynamoDbClient : AmazonDynamoDBClient
        {
            public StatsDynamoDbClient(AWSCredentials c, AmazonDynamoDBConfig config) : base(c, config) { }
            protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
            {
                base.CustomizeRuntimePipeline(pipeline);
                pipeline.AddHandlerAfter<RetryHandler>(new CallStatsHandler());
            }
        }

        private sealed class StatsKmsClient : AmazonKeyManagementServiceClient
        {
            public StatsKmsClient(AWSCredentials c, AmazonKeyManagementServiceConfig config) : base(c, config) { }
            protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
            {
                base.CustomizeRuntimePipeline(pipeline);
                pipeline.AddHandlerAfter<RetryHandler>(new CallStatsHandler());
            }
        }

        private sealed class StatsStsClient : AmazonSecurityTokenServiceClient
        {
            public StatsStsClient(AWSCredentials c, AmazonSecurityTokenServiceConfig config) : base(c, config) { }
            protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
            {
                base.CustomizeRuntimePipeline(pipeline);
                pipeline.AddHandlerAfter<RetryHandler>(new CallStatsHandler());
            }
        }
    }
}
