using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Json;

namespace WafSecurity.Engine.Inventory
{
    /// <summary>
    /// Maps the JSON the AWS CLI prints for each operation to the typed model. The only place that knows those
    /// shapes, used by the snapshot reader and (through the documents it writes) by live collection.
    /// </summary>
    internal static partial class CliDocuments
    {
        public static JsonElement RequireObject(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object) throw new ShapeException($"expected a JSON object at the top, found {root.ValueKind}");
            return root;
        }

        public static IEnumerable<JsonElement> RequireArray(JsonElement root, string member)
        {
            RequireObject(root);
            if (!root.TryGetMember(member, out var value) || value.ValueKind == JsonValueKind.Null) return Array.Empty<JsonElement>();
            if (value.ValueKind != JsonValueKind.Array) throw new ShapeException($"'{member}' must be an array, found {value.ValueKind}");
            return value.EnumerateArray().ToList();
        }

        /// <summary>Each element of the array <paramref name="member"/>, mapped with its place ("Member[i]") for error messages.</summary>
        public static List<T> MapItems<T>(JsonElement root, string member, Func<JsonElement, string, T> map)
        {
            var index = 0;
            return RequireArray(root, member).Select(item => map(item, $"{member}[{index++}]")).ToList();
        }

        public static string RequireString(JsonElement item, string member, string where)
        {
            var value = item.ValueKind == JsonValueKind.Object ? item.GetString(member) : null;
            if (string.IsNullOrEmpty(value)) throw new ShapeException($"{where} has no '{member}'");
            return value!;
        }

        // ---------------- account.json ----------------

        public static AccountInfo Account(JsonElement root)
        {
            RequireObject(root);
            var accountId = RequireString(root, "AccountId", "account.json");
            if (accountId.Length != 12 || !accountId.All(char.IsDigit)) throw new ShapeException($"AccountId '{accountId}' is not a 12-digit account id");
            var regions = root.TryGetMember("Regions", out var r) && r.ValueKind == JsonValueKind.Array ? r.GetStringOrList() : new List<string>();
            return new AccountInfo
            {
                AccountId = accountId,
                Partition = root.GetString("Partition") ?? "aws",
                Regions = regions,
                CapturedAt = root.GetTimestamp("CapturedAt"),
            };
        }

        // ---------------- Lambda ----------------

        public static List<LambdaFunction> ListFunctions(JsonElement root)
        {
            var functions = new List<LambdaFunction>();
            var index = 0;
            foreach (var item in RequireArray(root, "Functions"))
            {
                var where = $"Functions[{index++}]";
                var function = new LambdaFunction
                {
                    FunctionName = RequireString(item, "FunctionName", where),
                    FunctionArn = RequireString(item, "FunctionArn", where),
                    Runtime = item.GetString("Runtime"),
                    Role = item.GetString("Role"),
                    PackageType = item.GetString("PackageType"),
                    LastModified = item.GetTimestamp("LastModified"),
                    KmsKeyArn = item.GetString("KMSKeyArn"),
                    VpcId = item.Member("VpcConfig")?.GetString("VpcId"),
                    VpcSubnetIds = item.Member("VpcConfig") is JsonElement vpc && vpc.ValueKind == JsonValueKind.Object && vpc.TryGetMember("SubnetIds", out var subnets)
                        ? subnets.GetStringOrList() : new List<string>(),
                    LayerArns = item.GetArray("Layers").Select(l => l.ValueKind == JsonValueKind.Object ? l.GetString("Arn") : l.GetString())
                        .Where(a => !string.IsNullOrEmpty(a)).Select(a => a!).ToList(),
                };
                if (item.Member("Environment") is JsonElement environment && environment.ValueKind == JsonValueKind.Object)
                {
                    function.EnvironmentVariables = environment.GetStringMap("Variables");
                    if (environment.Member("Error") is JsonElement error && error.ValueKind == JsonValueKind.Object)
                        function.EnvironmentError = $"{error.GetString("ErrorCode")}: {error.GetString("Message")}";
                }
                functions.Add(function);
            }
            return functions;
        }

        /// <summary>lambda get-policy, dynamodb get-resource-policy: {"Policy": "&lt;json text&gt;", "RevisionId": ...}; {} means none.</summary>
        public static ResourcePolicy? PolicyMember(JsonElement root, string member)
        {
            RequireObject(root);
            if (!root.TryGetMember(member, out var policy) || policy.ValueKind == JsonValueKind.Null) return null;
            if (policy.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(policy.GetString())) return null;
            return new ResourcePolicy(PolicyParser.Parse(policy), policy.ValueKind == JsonValueKind.String ? policy.GetString()! : policy.GetRawText());
        }

        public static List<LambdaAlias> ListAliases(JsonElement root)
        {
            return MapItems(root, "Aliases", (item, where) =>
            {
                return new LambdaAlias
                {
                    Name = RequireString(item, "Name", where),
                    AliasArn = item.GetString("AliasArn") ?? "",
                    FunctionVersion = item.GetString("FunctionVersion"),
                };
            });
        }

        public static List<FunctionUrlConfig> ListFunctionUrlConfigs(JsonElement root)
        {
            return MapItems(root, "FunctionUrlConfigs", (item, where) =>
            {
                var cors = item.Member("Cors");
                return new FunctionUrlConfig
                {
                    FunctionUrl = item.GetString("FunctionUrl") ?? "",
                    FunctionArn = RequireString(item, "FunctionArn", where),
                    AuthType = RequireString(item, "AuthType", where),
                    CorsAllowOrigins = cors is JsonElement c && c.TryGetMember("AllowOrigins", out var origins) ? origins.GetStringOrList() : new List<string>(),
                    CorsAllowCredentials = cors?.GetBool("AllowCredentials"),
                };
            });
        }

        /// <summary>
        /// lambda list-event-source-mappings: {"EventSourceMappings": [...]}. FunctionArn is required (it is how a mapping
        /// reaches its function); EventSourceArn is absent for self-managed Kafka, whose brokers are
        /// SelfManagedEventSource.Endpoints.KAFKA_BOOTSTRAP_SERVERS.
        /// </summary>
        public static List<EventSourceMapping> ListEventSourceMappings(JsonElement root)
        {
            return MapItems(root, "EventSourceMappings", (item, where) =>
            {
                var endpoints = item.Member("SelfManagedEventSource")?.Member("Endpoints");
                return new EventSourceMapping
                {
                    Uuid = item.GetString("UUID") ?? "",
                    EventSourceMappingArn = item.GetString("EventSourceMappingArn"),
                    FunctionArn = RequireString(item, "FunctionArn", where),
                    EventSourceArn = item.GetString("EventSourceArn"),
                    State = item.GetString("State"),
                    StateTransitionReason = item.GetString("StateTransitionReason"),
                    OnFailureDestination = item.Member("DestinationConfig")?.Member("OnFailure")?.GetString("Destination"),
                    Topics = item.TryGetMember("Topics", out var topics) ? topics.GetStringOrList() : new List<string>(),
                    Queues = item.TryGetMember("Queues", out var queues) ? queues.GetStringOrList() : new List<string>(),
                    SourceAccessConfigurations = item.GetArray("SourceAccessConfigurations").Where(c => c.ValueKind == JsonValueKind.Object)
                        .Select(c => new SourceAccessConfiguration(c.GetString("Type"), c.GetString("URI"))).ToList(),
                    KafkaBootstrapServers = endpoints is JsonElement e && e.TryGetMember("KAFKA_BOOTSTRAP_SERVERS", out var servers)
                        ? servers.GetStringOrList() : new List<string>(),
                    KmsKeyArn = item.GetString("KMSKeyArn"),
                };
            });
        }

        // ---------------- CloudWatch Logs ----------------

        /// <summary>
        /// logs describe-log-groups: {"logGroups": [...]}. logGroupName is required; creationTime is milliseconds since the
        /// epoch (a number, as the CLI prints it); a retentionInDays of null or absent means the events never expire.
        /// </summary>
        public static List<LogGroup> DescribeLogGroups(JsonElement root)
        {
            return MapItems(root, "logGroups", (item, where) =>
            {
                var created = item.GetInt64("creationTime");
                var retention = item.GetInt64("retentionInDays");
                return new LogGroup
                {
                    LogGroupName = RequireString(item, "logGroupName", where),
                    Arn = item.GetString("arn"),
                    RetentionInDays = retention is long days && days >= int.MinValue && days <= int.MaxValue ? (int)days : (int?)null,
                    KmsKeyId = item.GetString("kmsKeyId"),
                    CreationTime = created is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null,
                    StoredBytes = item.GetInt64("storedBytes"),
                };
            });
        }

        // ---------------- DynamoDB / KMS ----------------

        public static List<string> ListTables(JsonElement root)
            => RequireArray(root, "TableNames").Select(t => t.ValueKind == JsonValueKind.String ? t.GetString()! : throw new ShapeException("TableNames must hold strings")).ToList();

        public static TableDescription DescribeTable(JsonElement root)
        {
            RequireObject(root);
            var table = root.Member("Table") ?? throw new ShapeException("has no 'Table'");
            var sse = table.Member("SSEDescription");
            return new TableDescription
            {
                TableName = RequireString(table, "TableName", "Table"),
                TableArn = RequireString(table, "TableArn", "Table"),
                TableStatus = table.GetString("TableStatus"),
                SseType = sse?.GetString("SSEType"),
                SseStatus = sse?.GetString("Status"),
                KmsMasterKeyArn = sse?.GetString("KMSMasterKeyArn"),
                DeletionProtectionEnabled = table.GetBool("DeletionProtectionEnabled"),
                CreationDateTime = table.GetTimestamp("CreationDateTime"),
                LatestStreamArn = table.GetString("LatestStreamArn"),
            };
        }

        public static ContinuousBackups DescribeContinuousBackups(JsonElement root)
        {
            RequireObject(root);
            var description = root.Member("ContinuousBackupsDescription") ?? throw new ShapeException("has no 'ContinuousBackupsDescription'");
            var pitr = description.Member("PointInTimeRecoveryDescription");
            return new ContinuousBackups
            {
                ContinuousBackupsStatus = description.GetString("ContinuousBackupsStatus"),
                PointInTimeRecoveryStatus = pitr?.GetString("PointInTimeRecoveryStatus"),
                RecoveryPeriodInDays = pitr?.GetInt64("RecoveryPeriodInDays"),
            };
        }

        public static KmsKey DescribeKey(JsonElement root)
        {
            RequireObject(root);
            var metadata = root.Member("KeyMetadata") ?? throw new ShapeException("has no 'KeyMetadata'");
            return new KmsKey
            {
                KeyId = RequireString(metadata, "KeyId", "KeyMetadata"),
                Arn = metadata.GetString("Arn") ?? "",
                KeyManager = metadata.GetString("KeyManager"),
                KeyState = metadata.GetString("KeyState"),
            };
        }

        // ---------------- Secrets Manager ----------------

        public static List<Secret> ListSecrets(JsonElement root)
        {
            return MapItems(root, "SecretList", (item, where) =>
            {
                var rules = item.Member("RotationRules");
                return new Secret
                {
                    Arn = RequireString(item, "ARN", where),
                    Name = RequireString(item, "Name", where),
                    KmsKeyId = item.GetString("KmsKeyId"),
                    RotationEnabled = item.GetBool("RotationEnabled"),
                    RotationAutomaticallyAfterDays = rules?.GetInt64("AutomaticallyAfterDays"),
                    RotationScheduleExpression = rules?.GetString("ScheduleExpression"),
                    CreatedDate = item.GetTimestamp("CreatedDate"),
                    LastAccessedDate = item.GetTimestamp("LastAccessedDate"),
                    LastRotatedDate = item.GetTimestamp("LastRotatedDate"),
                    LastChangedDate = item.GetTimestamp("LastChangedDate"),
                    NextRotationDate = item.GetTimestamp("NextRotationDate"),
                };
            });
        }

        // ---------------- API Gateway v1 ----------------

        public static List<RestApi> GetRestApis(JsonElement root, Func<string, string, Fetched<ResourcePolicy>> parseApiPolicy)
        {
            return MapItems(root, "items", (item, where) =>
            {
                var id = RequireString(item, "id", where);
                var types = item.Member("endpointConfiguration") is JsonElement endpoint && endpoint.TryGetMember("types", out var t)
                    ? t.GetStringOrList() : new List<string>();
                var policyText = item.GetString("policy");
                return new RestApi
                {
                    Id = id,
                    Name = item.GetString("name") ?? id,
                    EndpointTypes = types,
                    CreatedDate = item.GetTimestamp("createdDate"),
                    Policy = string.IsNullOrWhiteSpace(policyText) ? Fetched<ResourcePolicy>.Absent() : parseApiPolicy(id, policyText!),
                };
            });
        }

        public static List<ApiResource> GetResources(JsonElement root)
        {
            return MapItems(root, "items", (item, where) =>
            {
                var methods = new List<ApiMethod>();
                if (item.Member("resourceMethods") is JsonElement map)
                {
                    if (map.ValueKind != JsonValueKind.Object) throw new ShapeException($"{where}.resourceMethods must be an object");
                    foreach (var verb in map.EnumerateObject())
                    {
                        var method = verb.Value;
                        methods.Add(new ApiMethod
                        {
                            HttpMethod = method.ValueKind == JsonValueKind.Object ? method.GetString("httpMethod") ?? verb.Name : verb.Name,
                            AuthorizationType = method.ValueKind == JsonValueKind.Object ? method.GetString("authorizationType") : null,
                            AuthorizerId = method.ValueKind == JsonValueKind.Object ? method.GetString("authorizerId") : null,
                            ApiKeyRequired = method.ValueKind == JsonValueKind.Object && (method.GetBool("apiKeyRequired") ?? false),
                            RequestValidatorId = method.ValueKind == JsonValueKind.Object ? method.GetString("requestValidatorId") : null,
                            RequestParameters = method.ValueKind == JsonValueKind.Object ? BoolMap(method, "requestParameters") : new Dictionary<string, bool>(),
                            RequestModels = method.ValueKind == JsonValueKind.Object ? method.GetStringMap("requestModels") : new Dictionary<string, string>(),
                            IntegrationType = method.ValueKind == JsonValueKind.Object ? method.Member("methodIntegration")?.GetString("type") : null,
                            IntegrationUri = method.ValueKind == JsonValueKind.Object ? method.Member("methodIntegration")?.GetString("uri") : null,
                        });
                    }
                }
                return new ApiResource { Id = RequireString(item, "id", where), Path = item.GetString("path") ?? "/", Methods = methods };
            });
        }

        public static List<RestStage> GetRestStages(JsonElement root)
        {
            return MapItems(root, "item", (item, where) =>
            {
                var settings = new List<MethodSetting>();
                if (item.Member("methodSettings") is JsonElement map)
                {
                    if (map.ValueKind != JsonValueKind.Object) throw new ShapeException($"{where}.methodSettings must be an object");
                    foreach (var entry in map.EnumerateObject())
                    {
                        var v = entry.Value;
                        if (v.ValueKind != JsonValueKind.Object) throw new ShapeException($"{where}.methodSettings['{entry.Name}'] must be an object");
                        settings.Add(new MethodSetting
                        {
                            Key = entry.Name,
                            LoggingLevel = v.GetString("loggingLevel"),
                            DataTraceEnabled = v.GetBool("dataTraceEnabled"),
                            MetricsEnabled = v.GetBool("metricsEnabled"),
                            CachingEnabled = v.GetBool("cachingEnabled"),
                            CacheDataEncrypted = v.GetBool("cacheDataEncrypted"),
                            ThrottlingRateLimit = v.GetDouble("throttlingRateLimit"),
                            ThrottlingBurstLimit = v.GetInt64("throttlingBurstLimit"),
                        });
                    }
                }
                var accessLog = item.Member("accessLogSettings");
                return new RestStage
                {
                    StageName = RequireString(item, "stageName", where),
                    DeploymentId = item.GetString("deploymentId"),
                    WebAclArn = NullIfEmpty(item.GetString("webAclArn")),
                    ClientCertificateId = NullIfEmpty(item.GetString("clientCertificateId")),
                    CacheClusterEnabled = item.GetBool("cacheClusterEnabled"),
                    TracingEnabled = item.GetBool("tracingEnabled"),
                    MethodSettings = settings,
                    AccessLogDestinationArn = NullIfEmpty(accessLog?.GetString("destinationArn")),
                    AccessLogFormat = NullIfEmpty(accessLog?.GetString("format")),
                    Variables = item.GetStringMap("variables"),
                };
            });
        }

        private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

        /// <summary>A map of booleans (requestParameters); a value that is not a boolean counts as false.</summary>
        private static Dictionary<string, bool> BoolMap(JsonElement owner, string member)
        {
            var map = new Dictionary<string, bool>(StringComparer.Ordinal);
            if (owner.TryGetMember(member, out var value) && value.ValueKind == JsonValueKind.Object)
                foreach (var property in value.EnumerateObject())
                    map[property.Name] = property.Value.ValueKind == JsonValueKind.True
                        || (property.Value.ValueKind == JsonValueKind.String && string.Equals(property.Value.GetString(), "true", StringComparison.OrdinalIgnoreCase));
            return map;
        }

        private static RouteSetting ReadRouteSetting(JsonElement value, string? routeKey) => new RouteSetting
        {
            RouteKey = routeKey,
            LoggingLevel = value.GetString("LoggingLevel"),
            DataTraceEnabled = value.GetBool("DataTraceEnabled"),
            DetailedMetricsEnabled = value.GetBool("DetailedMetricsEnabled"),
            ThrottlingRateLimit = value.GetDouble("ThrottlingRateLimit"),
            ThrottlingBurstLimit = value.GetInt64("ThrottlingBurstLimit"),
        };

        public static List<ApiAuthorizer> GetRestAuthorizers(JsonElement root)
        {
            var index = 0;
            return RequireArray(root, "items").Select(item => new ApiAuthorizer
            {
                Id = RequireString(item, "id", $"items[{index++}]"),
                Name = item.GetString("name") ?? "",
                Type = item.GetString("type"),
            }).ToList();
        }

        // ---------------- API Gateway v2 ----------------

        public static List<ApiV2> GetApis(JsonElement root)
        {
            return MapItems(root, "Items", (item, where) =>
            {
                var id = RequireString(item, "ApiId", where);
                return new ApiV2
                {
                    ApiId = id,
                    Name = item.GetString("Name") ?? id,
                    ProtocolType = RequireString(item, "ProtocolType", where),
                    ApiEndpoint = item.GetString("ApiEndpoint"),
                    CreatedDate = item.GetTimestamp("CreatedDate"),
                };
            });
        }

        public static List<ApiRoute> GetRoutes(JsonElement root)
        {
            return MapItems(root, "Items", (item, where) =>
            {
                return new ApiRoute
                {
                    RouteId = RequireString(item, "RouteId", where),
                    RouteKey = RequireString(item, "RouteKey", where),
                    AuthorizationType = item.GetString("AuthorizationType") ?? "NONE",
                    AuthorizerId = item.GetString("AuthorizerId"),
                    ApiKeyRequired = item.GetBool("ApiKeyRequired") ?? false,
                };
            });
        }

        public static List<ApiV2Stage> GetV2Stages(JsonElement root)
        {
            return MapItems(root, "Items", (item, where) =>
            {
                var accessLog = item.Member("AccessLogSettings");
                var overrides = new List<RouteSetting>();
                if (item.Member("RouteSettings") is JsonElement map)
                {
                    if (map.ValueKind != JsonValueKind.Object) throw new ShapeException($"{where}.RouteSettings must be an object");
                    foreach (var entry in map.EnumerateObject())
                        if (entry.Value.ValueKind == JsonValueKind.Object) overrides.Add(ReadRouteSetting(entry.Value, entry.Name));
                }
                return new ApiV2Stage
                {
                    StageName = RequireString(item, "StageName", where),
                    AccessLogDestinationArn = NullIfEmpty(accessLog?.GetString("DestinationArn")),
                    AccessLogFormat = NullIfEmpty(accessLog?.GetString("Format")),
                    DefaultRouteSettings = item.Member("DefaultRouteSettings") is JsonElement d && d.ValueKind == JsonValueKind.Object ? ReadRouteSetting(d, null) : null,
                    RouteSettings = overrides,
                    StageVariables = item.GetStringMap("StageVariables"),
                    AutoDeploy = item.GetBool("AutoDeploy"),
                };
            });
        }

        public static List<ApiAuthorizer> GetV2Authorizers(JsonElement root)
        {
            var index = 0;
            return RequireArray(root, "Items").Select(item => new ApiAuthorizer
            {
                Id = RequireString(item, "AuthorizerId", $"Items[{index++}]"),
                Name = item.GetString("Name") ?? "",
                Type = item.GetString("AuthorizerType"),
            }).ToList();
        }

        // ---------------- IAM ----------------

        public static IamAuthorizationDetails AuthorizationDetails(JsonElement root, Action<string, string> reportPolicyProblem)
        {
            RequireObject(root);
            var roles = new List<IamRole>();
            var index = 0;
            foreach (var item in RequireArray(root, "RoleDetailList"))
            {
                var where = $"RoleDetailList[{index++}]";
                var arn = RequireString(item, "Arn", where);
                var lastUsed = item.Member("RoleLastUsed");
                var inline = new List<NamedPolicy>();
                foreach (var policy in item.GetArray("RolePolicyList"))
                {
                    var name = policy.GetString("PolicyName") ?? "(unnamed)";
                    inline.Add(new NamedPolicy(name, ParseEmbedded(policy, "PolicyDocument", $"{arn} inline policy {name}", reportPolicyProblem)));
                }
                roles.Add(new IamRole
                {
                    Arn = arn,
                    RoleName = item.GetString("RoleName") ?? arn.Substring(arn.LastIndexOf('/') + 1),
                    RoleId = item.GetString("RoleId") ?? "",
                    Path = item.GetString("Path") ?? "/",
                    CreateDate = item.GetTimestamp("CreateDate"),
                    TrustPolicy = ParseEmbedded(item, "AssumeRolePolicyDocument", $"{arn} trust policy", reportPolicyProblem),
                    InlinePolicies = inline,
                    AttachedManagedPolicyArns = item.GetArray("AttachedManagedPolicies").Select(p => p.GetString("PolicyArn")).Where(a => a != null).Select(a => a!).ToList(),
                    PermissionsBoundaryArn = item.Member("PermissionsBoundary")?.GetString("PermissionsBoundaryArn"),
                    LastUsedDate = lastUsed?.GetTimestamp("LastUsedDate"),
                    LastUsedRegion = lastUsed?.GetString("Region"),
                });
            }
            var policies = new List<IamManagedPolicy>();
            index = 0;
            foreach (var item in RequireArray(root, "Policies"))
            {
                var where = $"Policies[{index++}]";
                var arn = RequireString(item, "Arn", where);
                var defaultVersion = item.GetString("DefaultVersionId");
                var versions = item.GetArray("PolicyVersionList").ToList();
                var chosen = versions.FirstOrDefault(v => v.GetBool("IsDefaultVersion") == true);
                if (chosen.ValueKind == JsonValueKind.Undefined)
                    chosen = versions.FirstOrDefault(v => v.GetString("VersionId") == defaultVersion);
                policies.Add(new IamManagedPolicy
                {
                    Arn = arn,
                    PolicyName = item.GetString("PolicyName") ?? arn.Substring(arn.LastIndexOf('/') + 1),
                    DefaultVersionId = defaultVersion,
                    DefaultDocument = chosen.ValueKind == JsonValueKind.Object
                        ? ParseEmbedded(chosen, "Document", $"{arn} version {defaultVersion}", reportPolicyProblem)
                        : Fetched<PolicyDocument>.Absent(),
                });
            }
            return new IamAuthorizationDetails { Roles = roles, Policies = policies };
        }

        /// <summary>A policy embedded in an IAM answer: an object (CLI) or URL-encoded text (API). A bad one fails alone.</summary>
        private static Fetched<PolicyDocument> ParseEmbedded(JsonElement owner, string member, string label, Action<string, string> report)
        {
            if (!owner.TryGetMember(member, out var value) || value.ValueKind == JsonValueKind.Null) return Fetched<PolicyDocument>.Absent();
            try
            {
                return Fetched<PolicyDocument>.Ok(PolicyParser.Parse(value));
            }
            catch (PolicyParseException ex)
            {
                report(label, ex.Message);
                return Fetched<PolicyDocument>.Failed(new CallError("InvalidPolicy", $"{label} is not a valid policy: {ex.Message}",
                    SnapshotOperations.IamAuthorizationDetails.Label, SnapshotOperations.IamAuthorizationDetails.IamAction, null));
            }
        }
    }
}
