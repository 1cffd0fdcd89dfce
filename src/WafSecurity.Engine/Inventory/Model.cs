using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Iam;

namespace WafSecurity.Engine.Inventory
{
    public sealed class AccountInfo
    {
        public string AccountId { get; set; } = "";
        public string Partition { get; set; } = "aws";
        public IReadOnlyList<string> Regions { get; set; } = Array.Empty<string>();
        public DateTimeOffset? CapturedAt { get; set; }
    }

    /// <summary>Everything collected for one account: immutable once read, queried by every rule.</summary>
    public sealed partial class AwsInventory
    {
        public AccountInfo Account { get; set; } = new AccountInfo();
        public Fetched<IamAuthorizationDetails> Iam { get; set; } = Fetched<IamAuthorizationDetails>.Absent();
        public IReadOnlyList<RegionInventory> Regions { get; set; } = Array.Empty<RegionInventory>();
        public IReadOnlyList<InventoryIssue> Issues { get; set; } = Array.Empty<InventoryIssue>();
        /// <summary>Where it came from (a snapshot folder), for messages.</summary>
        public string Source { get; set; } = "";
    }

    public sealed partial class RegionInventory
    {
        public RegionInventory(string region) { Region = region; }

        public string Region { get; }
        public Fetched<IReadOnlyList<LambdaFunction>> Functions { get; set; } = Fetched<IReadOnlyList<LambdaFunction>>.Absent();
        public Fetched<IReadOnlyList<DynamoDbTable>> Tables { get; set; } = Fetched<IReadOnlyList<DynamoDbTable>>.Absent();
        public Fetched<IReadOnlyList<Secret>> Secrets { get; set; } = Fetched<IReadOnlyList<Secret>>.Absent();
        public Fetched<IReadOnlyList<RestApi>> RestApis { get; set; } = Fetched<IReadOnlyList<RestApi>>.Absent();
        public Fetched<IReadOnlyList<ApiV2>> ApisV2 { get; set; } = Fetched<IReadOnlyList<ApiV2>>.Absent();
        /// <summary>lambda ListEventSourceMappings: every mapping of the region (also attached to each function).</summary>
        public Fetched<IReadOnlyList<EventSourceMapping>> EventSourceMappings { get; set; } = Fetched<IReadOnlyList<EventSourceMapping>>.Absent();
        /// <summary>logs DescribeLogGroups: every CloudWatch Logs log group of the region.</summary>
        public Fetched<IReadOnlyList<LogGroup>> LogGroups { get; set; } = Fetched<IReadOnlyList<LogGroup>>.Absent();
        /// <summary>kms DescribeKey answers by key id (the last ARN segment).</summary>
        public IReadOnlyDictionary<string, Fetched<KmsKey>> KmsKeys { get; set; } = new Dictionary<string, Fetched<KmsKey>>();
        /// <summary>The lookup error used when a key was named by a resource but not described.</summary>
        public Func<string, CallError>? MissingKeyError { get; set; }

        /// <summary>The DescribeKey answer for a key ARN or id; NotCollected when the snapshot does not hold it.</summary>
        public Fetched<KmsKey> FindKey(string keyArnOrId)
        {
            var keyId = KmsKey.KeyIdOf(keyArnOrId);
            if (KmsKeys.TryGetValue(keyId, out var key)) return key;
            var error = MissingKeyError?.Invoke(keyId)
                ?? new CallError("NotCollected", $"kms describe-key was not recorded for key '{keyId}'", "kms DescribeKey", "kms:DescribeKey", null);
            return Fetched<KmsKey>.NotCollected(error);
        }
    }

    // ---------------- Lambda ----------------

    public sealed partial class LambdaFunction
    {
        public string FunctionName { get; set; } = "";
        public string FunctionArn { get; set; } = "";
        public string? Runtime { get; set; }
        public string? Role { get; set; }
        public string? PackageType { get; set; }
        public DateTimeOffset? LastModified { get; set; }
        public string? KmsKeyArn { get; set; }
        /// <summary>Environment.Variables: name to value (values may be "[REDACTED:...]" markers from Export-WafInventory).</summary>
        public IReadOnlyDictionary<string, string> EnvironmentVariables { get; set; } = new Dictionary<string, string>();
        /// <summary>Environment.Error (e.g. values that could not be decrypted), as "Code: Message".</summary>
        public string? EnvironmentError { get; set; }
        public IReadOnlyList<string> LayerArns { get; set; } = Array.Empty<string>();
        public string? VpcId { get; set; }
        /// <summary>VpcConfig.SubnetIds (empty when the function is not attached to a VPC).</summary>
        public IReadOnlyList<string> VpcSubnetIds { get; set; } = Array.Empty<string>();

        /// <summary>GetPolicy of the unqualified function.</summary>
        public Fetched<ResourcePolicy> Policy { get; set; } = Fetched<ResourcePolicy>.Absent();
        /// <summary>GetPolicy --qualifier X, by qualifier (alias name or version).</summary>
        public IReadOnlyDictionary<string, Fetched<ResourcePolicy>> QualifiedPolicies { get; set; } = new Dictionary<string, Fetched<ResourcePolicy>>();
        public Fetched<IReadOnlyList<LambdaAlias>> Aliases { get; set; } = Fetched<IReadOnlyList<LambdaAlias>>.Absent();
        public Fetched<IReadOnlyList<FunctionUrlConfig>> UrlConfigs { get; set; } = Fetched<IReadOnlyList<FunctionUrlConfig>>.Absent();
        /// <summary>
        /// The region's event source mappings whose FunctionArn is this function, unqualified or qualified (an alias or a
        /// version); NotCollected or Failed as the region's ListEventSourceMappings was.
        /// </summary>
        public Fetched<IReadOnlyList<EventSourceMapping>> EventSourceMappings { get; set; } = Fetched<IReadOnlyList<EventSourceMapping>>.Absent();
    }

    /// <summary>What kind of source an event source mapping polls, from its EventSourceArn or its self-managed endpoints.</summary>
    public enum EventSourceKind
    {
        Unknown,
        Sqs,
        DynamoDbStream,
        Kinesis,
        /// <summary>Amazon MSK (arn:...:kafka:...).</summary>
        AmazonMsk,
        /// <summary>Self-managed Apache Kafka (SelfManagedEventSource.Endpoints.KAFKA_BOOTSTRAP_SERVERS, no ARN).</summary>
        SelfManagedKafka,
        /// <summary>Amazon MQ for ActiveMQ or RabbitMQ (arn:...:mq:...).</summary>
        AmazonMq,
        /// <summary>Amazon DocumentDB change streams (arn:...:rds:...:cluster:...).</summary>
        DocumentDb,
    }

    /// <summary>One item of lambda ListEventSourceMappings (EventSourceMappingConfiguration).</summary>
    public sealed class EventSourceMapping
    {
        public string Uuid { get; set; } = "";
        public string? EventSourceMappingArn { get; set; }
        /// <summary>The function ARN as the mapping names it: unqualified, or with ":alias" / ":version".</summary>
        public string FunctionArn { get; set; } = "";
        /// <summary>Null for a self-managed Kafka source.</summary>
        public string? EventSourceArn { get; set; }
        /// <summary>Creating, Enabling, Enabled, Disabling, Disabled, Updating or Deleting.</summary>
        public string? State { get; set; }
        public string? StateTransitionReason { get; set; }
        /// <summary>DestinationConfig.OnFailure.Destination (an SQS queue, SNS topic or S3 bucket ARN; a Kafka topic URI).</summary>
        public string? OnFailureDestination { get; set; }
        /// <summary>Kafka topics (MSK and self-managed).</summary>
        public IReadOnlyList<string> Topics { get; set; } = Array.Empty<string>();
        /// <summary>Amazon MQ queue names.</summary>
        public IReadOnlyList<string> Queues { get; set; } = Array.Empty<string>();
        /// <summary>SourceAccessConfigurations: authentication secrets (BASIC_AUTH, SASL_SCRAM_*, CLIENT_CERTIFICATE_TLS_AUTH, ...) and VPC settings.</summary>
        public IReadOnlyList<SourceAccessConfiguration> SourceAccessConfigurations { get; set; } = Array.Empty<SourceAccessConfiguration>();
        /// <summary>SelfManagedEventSource.Endpoints.KAFKA_BOOTSTRAP_SERVERS.</summary>
        public IReadOnlyList<string> KafkaBootstrapServers { get; set; } = Array.Empty<string>();
        /// <summary>KMSKeyArn: the customer managed key that encrypts the filter criteria.</summary>
        public string? KmsKeyArn { get; set; }

        /// <summary>The function ARN without a qualifier (arn:partition:lambda:region:account:function:name).</summary>
        public string UnqualifiedFunctionArn => UnqualifiedArn(FunctionArn);

        /// <summary>The qualifier (alias or version) the mapping invokes, or null.</summary>
        public string? Qualifier
        {
            get
            {
                var parts = FunctionArn.Split(':');
                return parts.Length >= 8 && parts[7].Length > 0 ? parts[7] : null;
            }
        }

        /// <summary>Enabled, or on its way to it (Creating, Enabling, Updating; no State at all): it polls, or will.</summary>
        public bool IsEnabled => !(string.Equals(State, "Disabled", StringComparison.OrdinalIgnoreCase)
                                   || string.Equals(State, "Disabling", StringComparison.OrdinalIgnoreCase)
                                   || string.Equals(State, "Deleting", StringComparison.OrdinalIgnoreCase));

        public EventSourceKind Kind
        {
            get
            {
                if (string.IsNullOrEmpty(EventSourceArn)) return KafkaBootstrapServers.Count > 0 ? EventSourceKind.SelfManagedKafka : EventSourceKind.Unknown;
                var parts = EventSourceArn!.Split(new[] { ':' }, 6);
                if (parts.Length < 6) return EventSourceKind.Unknown;
                switch (parts[2])
                {
                    case "sqs": return EventSourceKind.Sqs;
                    case "kinesis": return EventSourceKind.Kinesis;
                    case "dynamodb": return parts[5].IndexOf("/stream/", StringComparison.Ordinal) > 0 ? EventSourceKind.DynamoDbStream : EventSourceKind.Unknown;
                    case "kafka": return EventSourceKind.AmazonMsk;
                    case "mq": return EventSourceKind.AmazonMq;
                    case "rds": return EventSourceKind.DocumentDb;
                    default: return EventSourceKind.Unknown;
                }
            }
        }

        /// <summary>The URIs (Secrets Manager secret ARNs) of SourceAccessConfigurations whose type names a secret.</summary>
        public IEnumerable<string> SecretArns => SourceAccessConfigurations
            .Where(c => c.Type != null && !c.Type.StartsWith("VPC_", StringComparison.Ordinal) && c.Uri != null
                        && c.Uri.StartsWith("arn:", StringComparison.Ordinal) && c.Uri.IndexOf(":secretsmanager:", StringComparison.Ordinal) > 0)
            .Select(c => c.Uri!).Distinct(StringComparer.Ordinal);

        /// <summary>Self-managed Kafka reached through a VPC (VPC_SUBNET / VPC_SECURITY_GROUP access configurations).</summary>
        public bool UsesVpc => SourceAccessConfigurations.Any(c => c.Type != null && c.Type.StartsWith("VPC_", StringComparison.Ordinal));

        /// <summary>"arn:...:function:name:qualifier" to "arn:...:function:name"; anything else unchanged.</summary>
        public static string UnqualifiedArn(string functionArn) => Iam.Arn.UnqualifiedFunction(functionArn);
    }

    /// <summary>One SourceAccessConfiguration: Type (BASIC_AUTH, VPC_SUBNET, SASL_SCRAM_512_AUTH, ...) and URI.</summary>
    public sealed class SourceAccessConfiguration
    {
        public SourceAccessConfiguration(string? type, string? uri) { Type = type; Uri = uri; }
        public string? Type { get; }
        public string? Uri { get; }
    }

    public sealed class LambdaAlias
    {
        public string Name { get; set; } = "";
        public string AliasArn { get; set; } = "";
        public string? FunctionVersion { get; set; }
    }

    public sealed class FunctionUrlConfig
    {
        public string FunctionUrl { get; set; } = "";
        public string FunctionArn { get; set; } = "";
        public string AuthType { get; set; } = "";
        public IReadOnlyList<string> CorsAllowOrigins { get; set; } = Array.Empty<string>();
        public bool? CorsAllowCredentials { get; set; }
    }

    /// <summary>A resource policy as recorded: the parsed document plus the text it came from.</summary>
    public sealed class ResourcePolicy
    {
        public ResourcePolicy(PolicyDocument document, string source) { Document = document; Source = source; }
        public PolicyDocument Document { get; }
        public string Source { get; }
    }

    // ---------------- DynamoDB / KMS ----------------

    public sealed class DynamoDbTable
    {
        public string TableName { get; set; } = "";
        public Fetched<TableDescription> Description { get; set; } = Fetched<TableDescription>.Absent();
        public Fetched<ContinuousBackups> ContinuousBackups { get; set; } = Fetched<ContinuousBackups>.Absent();
        public Fetched<ResourcePolicy> ResourcePolicy { get; set; } = Fetched<ResourcePolicy>.Absent();
        /// <summary>The policy of the table's stream (GetResourcePolicy/&lt;TableName&gt;@stream); Absent without a stream or a policy.</summary>
        public Fetched<ResourcePolicy> StreamResourcePolicy { get; set; } = Fetched<ResourcePolicy>.Absent();

        /// <summary>
        /// The file key of a table's stream policy: "&lt;TableName&gt;@stream". '@' is the snapshot's qualifier separator and
        /// cannot occur in a table name ([A-Za-z0-9_.-]); the stream label (a timestamp) is left out so the key is stable.
        /// </summary>
        public static string StreamPolicyKey(string tableName) => tableName + "@stream";
    }

    public sealed class TableDescription
    {
        public string TableName { get; set; } = "";
        public string TableArn { get; set; } = "";
        public string? TableStatus { get; set; }
        /// <summary>SSEDescription.SSEType (KMS or AES256); null when the table uses the AWS-owned key.</summary>
        public string? SseType { get; set; }
        public string? SseStatus { get; set; }
        public string? KmsMasterKeyArn { get; set; }
        public bool? DeletionProtectionEnabled { get; set; }
        public DateTimeOffset? CreationDateTime { get; set; }
        /// <summary>Table.LatestStreamArn: the table's stream (still reported for a while after the stream is disabled); null without one.</summary>
        public string? LatestStreamArn { get; set; }
    }

    public sealed class ContinuousBackups
    {
        public string? ContinuousBackupsStatus { get; set; }
        public string? PointInTimeRecoveryStatus { get; set; }
        public long? RecoveryPeriodInDays { get; set; }
    }

    public sealed class KmsKey
    {
        public string KeyId { get; set; } = "";
        public string Arn { get; set; } = "";
        /// <summary>AWS or CUSTOMER.</summary>
        public string? KeyManager { get; set; }
        public string? KeyState { get; set; }

        /// <summary>The key id of a key ARN ("arn:...:key/ID"), an alias ARN's alias name, or the input itself.</summary>
        public static string KeyIdOf(string keyArnOrId)
        {
            var slash = keyArnOrId.LastIndexOf('/');
            return keyArnOrId.StartsWith("arn:", StringComparison.Ordinal) && slash >= 0 ? keyArnOrId.Substring(slash + 1) : keyArnOrId;
        }
    }

    // ---------------- Secrets Manager ----------------

    public sealed class Secret
    {
        public string Arn { get; set; } = "";
        public string Name { get; set; } = "";
        public string? KmsKeyId { get; set; }
        public bool? RotationEnabled { get; set; }
        public long? RotationAutomaticallyAfterDays { get; set; }
        public string? RotationScheduleExpression { get; set; }
        public DateTimeOffset? CreatedDate { get; set; }
        public DateTimeOffset? LastAccessedDate { get; set; }
        public DateTimeOffset? LastRotatedDate { get; set; }
        public DateTimeOffset? LastChangedDate { get; set; }
        public DateTimeOffset? NextRotationDate { get; set; }
        public Fetched<ResourcePolicy> ResourcePolicy { get; set; } = Fetched<ResourcePolicy>.Absent();
    }

    // ---------------- API Gateway v1 (REST) ----------------

    public sealed class RestApi
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public IReadOnlyList<string> EndpointTypes { get; set; } = Array.Empty<string>();
        /// <summary>createdDate: when the API was created.</summary>
        public DateTimeOffset? CreatedDate { get; set; }
        /// <summary>The API's resource policy, when it has one.</summary>
        public Fetched<ResourcePolicy> Policy { get; set; } = Fetched<ResourcePolicy>.Absent();
        public Fetched<IReadOnlyList<ApiResource>> Resources { get; set; } = Fetched<IReadOnlyList<ApiResource>>.Absent();
        public Fetched<IReadOnlyList<RestStage>> Stages { get; set; } = Fetched<IReadOnlyList<RestStage>>.Absent();
        public Fetched<IReadOnlyList<ApiAuthorizer>> Authorizers { get; set; } = Fetched<IReadOnlyList<ApiAuthorizer>>.Absent();
        /// <summary>apigateway GetRequestValidators of this API.</summary>
        public Fetched<IReadOnlyList<RequestValidator>> RequestValidators { get; set; } = Fetched<IReadOnlyList<RequestValidator>>.Absent();

        public bool IsPrivate => EndpointTypes.Count == 1 && string.Equals(EndpointTypes[0], "PRIVATE", StringComparison.OrdinalIgnoreCase);
    }

    public sealed class ApiResource
    {
        public string Id { get; set; } = "";
        public string Path { get; set; } = "";
        public IReadOnlyList<ApiMethod> Methods { get; set; } = Array.Empty<ApiMethod>();
    }

    public sealed class ApiMethod
    {
        public string HttpMethod { get; set; } = "";
        /// <summary>NONE, AWS_IAM, CUSTOM or COGNITO_USER_POOLS; null when the snapshot lacks it (get-resources without --embed methods).</summary>
        public string? AuthorizationType { get; set; }
        public string? AuthorizerId { get; set; }
        public bool ApiKeyRequired { get; set; }
        public string? RequestValidatorId { get; set; }
        /// <summary>requestParameters: "method.request.{querystring|path|header}.NAME" to whether it is required.</summary>
        public IReadOnlyDictionary<string, bool> RequestParameters { get; set; } = new Dictionary<string, bool>();
        /// <summary>requestModels: content type to model name.</summary>
        public IReadOnlyDictionary<string, string> RequestModels { get; set; } = new Dictionary<string, string>();
        /// <summary>methodIntegration.type (AWS, AWS_PROXY, HTTP, HTTP_PROXY, MOCK); null when not embedded.</summary>
        public string? IntegrationType { get; set; }
        /// <summary>methodIntegration.uri, e.g. "arn:aws:apigateway:us-east-1:s3:path/bucket/{key}" for an S3 integration.</summary>
        public string? IntegrationUri { get; set; }
    }

    public sealed class RestStage
    {
        public string StageName { get; set; } = "";
        public string? DeploymentId { get; set; }
        public string? WebAclArn { get; set; }
        public string? ClientCertificateId { get; set; }
        public bool? CacheClusterEnabled { get; set; }
        public bool? TracingEnabled { get; set; }
        /// <summary>methodSettings, in the order printed: "*/*" (the stage default) and "{resource path}/{VERB}" overrides.</summary>
        public IReadOnlyList<MethodSetting> MethodSettings { get; set; } = Array.Empty<MethodSetting>();
        /// <summary>accessLogSettings.destinationArn; null when access logging is off.</summary>
        public string? AccessLogDestinationArn { get; set; }
        public string? AccessLogFormat { get; set; }
        /// <summary>Stage variables: name to value.</summary>
        public IReadOnlyDictionary<string, string> Variables { get; set; } = new Dictionary<string, string>();
    }

    /// <summary>One entry of a REST stage's methodSettings map.</summary>
    public sealed class MethodSetting
    {
        /// <summary>The map key: "*/*" for every method, or "{resource path with '/' as ~1}/{VERB}".</summary>
        public string Key { get; set; } = "";
        public string? LoggingLevel { get; set; }
        public bool? DataTraceEnabled { get; set; }
        public bool? MetricsEnabled { get; set; }
        public bool? CachingEnabled { get; set; }
        public bool? CacheDataEncrypted { get; set; }
        public double? ThrottlingRateLimit { get; set; }
        public long? ThrottlingBurstLimit { get; set; }

        public bool IsStageDefault => Key == "*/*";

        /// <summary>"every method (*/*)" or "GET /pets/{id}" for messages.</summary>
        public string Describe()
        {
            if (IsStageDefault) return "every method (*/*)";
            var slash = Key.LastIndexOf('/');
            if (slash < 0) return Key;
            var path = Key.Substring(0, slash).Replace("~1", "/");
            var verb = Key.Substring(slash + 1);
            if (path == "*") return $"{verb} on every resource";
            return $"{verb} {(path.StartsWith("/", StringComparison.Ordinal) ? path : "/" + path)}";
        }

        /// <summary>The update-stage patch path prefix for this entry, e.g. "/*/*" or "/~1pets/GET".</summary>
        public string PatchPath()
        {
            if (IsStageDefault) return "/*/*";
            var slash = Key.LastIndexOf('/');
            if (slash < 0) return "/" + Key;
            var path = Key.Substring(0, slash).Replace("~1", "/").TrimStart('/');
            return "/" + (path == "*" ? "*" : "~1" + path.Replace("/", "~1")) + "/" + Key.Substring(slash + 1);
        }
    }

    public sealed class ApiAuthorizer
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        /// <summary>v1: TOKEN, REQUEST, COGNITO_USER_POOLS. v2: REQUEST, JWT.</summary>
        public string? Type { get; set; }
    }

    // ---------------- API Gateway v2 (HTTP, WebSocket) ----------------

    public sealed class ApiV2
    {
        public string ApiId { get; set; } = "";
        public string Name { get; set; } = "";
        /// <summary>HTTP or WEBSOCKET.</summary>
        public string ProtocolType { get; set; } = "";
        public string? ApiEndpoint { get; set; }
        /// <summary>CreatedDate: when the API was created.</summary>
        public DateTimeOffset? CreatedDate { get; set; }
        public Fetched<IReadOnlyList<ApiRoute>> Routes { get; set; } = Fetched<IReadOnlyList<ApiRoute>>.Absent();
        public Fetched<IReadOnlyList<ApiV2Stage>> Stages { get; set; } = Fetched<IReadOnlyList<ApiV2Stage>>.Absent();
        public Fetched<IReadOnlyList<ApiAuthorizer>> Authorizers { get; set; } = Fetched<IReadOnlyList<ApiAuthorizer>>.Absent();
        /// <summary>apigatewayv2 GetIntegrations of this API.</summary>
        public Fetched<IReadOnlyList<ApiIntegration>> Integrations { get; set; } = Fetched<IReadOnlyList<ApiIntegration>>.Absent();
    }

    public sealed class ApiRoute
    {
        public string RouteId { get; set; } = "";
        public string RouteKey { get; set; } = "";
        public string AuthorizationType { get; set; } = "NONE";
        public string? AuthorizerId { get; set; }
        public bool ApiKeyRequired { get; set; }
    }

    public sealed class ApiV2Stage
    {
        public string StageName { get; set; } = "";
        /// <summary>AccessLogSettings.DestinationArn; null when access logging is off.</summary>
        public string? AccessLogDestinationArn { get; set; }
        public string? AccessLogFormat { get; set; }
        /// <summary>DefaultRouteSettings (null when absent).</summary>
        public RouteSetting? DefaultRouteSettings { get; set; }
        /// <summary>RouteSettings: per-route overrides, by route key.</summary>
        public IReadOnlyList<RouteSetting> RouteSettings { get; set; } = Array.Empty<RouteSetting>();
        public IReadOnlyDictionary<string, string> StageVariables { get; set; } = new Dictionary<string, string>();
        public bool? AutoDeploy { get; set; }
    }

    /// <summary>v2 RouteSettings (the stage default, or one route's override).</summary>
    public sealed class RouteSetting
    {
        /// <summary>The route key for an override; null for DefaultRouteSettings.</summary>
        public string? RouteKey { get; set; }
        /// <summary>ERROR, INFO or OFF (WebSocket APIs only).</summary>
        public string? LoggingLevel { get; set; }
        public bool? DataTraceEnabled { get; set; }
        public bool? DetailedMetricsEnabled { get; set; }
        public double? ThrottlingRateLimit { get; set; }
        public long? ThrottlingBurstLimit { get; set; }

        public string Describe() => RouteKey == null ? "DefaultRouteSettings" : $"RouteSettings of route {RouteKey}";
    }

    // ---------------- IAM ----------------

    /// <summary>iam GetAccountAuthorizationDetails, indexed.</summary>
    public sealed class IamAuthorizationDetails
    {
        public IReadOnlyList<IamRole> Roles { get; set; } = Array.Empty<IamRole>();
        public IReadOnlyList<IamManagedPolicy> Policies { get; set; } = Array.Empty<IamManagedPolicy>();

        private Dictionary<string, IamRole>? _rolesByArn;
        private Dictionary<string, IamManagedPolicy>? _policiesByArn;

        public IamRole? FindRole(string roleArn)
        {
            _rolesByArn ??= BuildIndex(Roles, r => r.Arn);
            return _rolesByArn.TryGetValue(roleArn, out var role) ? role : null;
        }

        public IamManagedPolicy? FindPolicy(string policyArn)
        {
            _policiesByArn ??= BuildIndex(Policies, p => p.Arn);
            return _policiesByArn.TryGetValue(policyArn, out var policy) ? policy : null;
        }

        private static Dictionary<string, T> BuildIndex<T>(IReadOnlyList<T> items, Func<T, string> key)
        {
            var index = new Dictionary<string, T>(StringComparer.Ordinal);
            foreach (var item in items) index[key(item)] = item;
            return index;
        }
    }

    public sealed class IamRole
    {
        public string Arn { get; set; } = "";
        public string RoleName { get; set; } = "";
        public string RoleId { get; set; } = "";
        public string Path { get; set; } = "/";
        public DateTimeOffset? CreateDate { get; set; }
        public Fetched<PolicyDocument> TrustPolicy { get; set; } = Fetched<PolicyDocument>.Absent();
        public IReadOnlyList<NamedPolicy> InlinePolicies { get; set; } = Array.Empty<NamedPolicy>();
        public IReadOnlyList<string> AttachedManagedPolicyArns { get; set; } = Array.Empty<string>();
        public string? PermissionsBoundaryArn { get; set; }
        public DateTimeOffset? LastUsedDate { get; set; }
        public string? LastUsedRegion { get; set; }
    }

    public sealed class NamedPolicy
    {
        public NamedPolicy(string name, Fetched<PolicyDocument> document) { Name = name; Document = document; }
        public string Name { get; }
        public Fetched<PolicyDocument> Document { get; }
    }

    public sealed class IamManagedPolicy
    {
        public string Arn { get; set; } = "";
        public string PolicyName { get; set; } = "";
        public string? DefaultVersionId { get; set; }
        /// <summary>The default version's document.</summary>
        public Fetched<PolicyDocument> DefaultDocument { get; set; } = Fetched<PolicyDocument>.Absent();
    }

    // ---------------- CloudWatch Logs ----------------

    /// <summary>One item of logs DescribeLogGroups (LogGroup).</summary>
    public sealed class LogGroup
    {
        public string LogGroupName { get; set; } = "";
        /// <summary>The ARN as DescribeLogGroups gives it ("arn" member: it ends with ":*").</summary>
        public string? Arn { get; set; }
        /// <summary>Days events are kept; null: never expire.</summary>
        public int? RetentionInDays { get; set; }
        /// <summary>The ARN of the KMS key that encrypts the group's data; null: CloudWatch Logs' own encryption.</summary>
        public string? KmsKeyId { get; set; }
        /// <summary>creationTime (milliseconds since 1970-01-01 UTC), as a time.</summary>
        public DateTimeOffset? CreationTime { get; set; }
        public long? StoredBytes { get; set; }
    }
}
