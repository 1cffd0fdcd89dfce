using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using WafSecurity.Engine.Json;

namespace WafSecurity.Engine.Inventory
{
    internal static partial class CliDocuments
    {
        // ---------------- AppSync ----------------

        /// <summary>
        /// appsync list-graphql-apis: {"graphqlApis": [...]}. apiId and name are required; authenticationType is kept null
        /// when missing so the rules can say the entry is incomplete instead of guessing.
        /// </summary>
        public static List<GraphqlApi> ListGraphqlApis(JsonElement root)
        {
            return MapItems(root, "graphqlApis", (item, where) =>
            {
                var log = item.Member("logConfig");
                if (log is JsonElement l && l.ValueKind != JsonValueKind.Object) throw new ShapeException($"{where}.logConfig must be an object, found {l.ValueKind}");
                var providers = item.Member("additionalAuthenticationProviders");
                if (providers is JsonElement p && p.ValueKind != JsonValueKind.Array)
                    throw new ShapeException($"{where}.additionalAuthenticationProviders must be an array, found {p.ValueKind}");
                var provider = 0;
                return new GraphqlApi
                {
                    ApiId = RequireString(item, "apiId", where),
                    Name = RequireString(item, "name", where),
                    Arn = item.GetString("arn"),
                    ApiType = item.GetString("apiType"),
                    AuthenticationType = item.GetString("authenticationType"),
                    AdditionalAuthenticationTypes = item.GetArray("additionalAuthenticationProviders")
                        .Select(a => RequireString(a, "authenticationType", $"{where}.additionalAuthenticationProviders[{provider++}]")).ToList(),
                    WafWebAclArn = NullIfEmpty(item.GetString("wafWebAclArn")),
                    LogConfig = log is JsonElement config
                        ? new GraphqlLogConfig
                        {
                            FieldLogLevel = config.GetString("fieldLogLevel"),
                            ExcludeVerboseContent = config.GetBool("excludeVerboseContent"),
                            CloudWatchLogsRoleArn = config.GetString("cloudWatchLogsRoleArn"),
                        }
                        : null,
                };
            });
        }

        /// <summary>appsync get-api-cache: {"apiCache": {...}}; no apiCache member means the API has no cache (null: Absent).</summary>
        public static ApiCache? GetApiCache(JsonElement root)
        {
            RequireObject(root);
            var cache = root.Member("apiCache");
            if (cache == null) return null;
            var c = cache.Value;
            if (c.ValueKind != JsonValueKind.Object) throw new ShapeException($"'apiCache' must be an object, found {c.ValueKind}");
            return new ApiCache
            {
                Type = c.GetString("type"),
                Status = c.GetString("status"),
                ApiCachingBehavior = c.GetString("apiCachingBehavior"),
                Ttl = c.GetInt64("ttl"),
                AtRestEncryptionEnabled = c.GetBool("atRestEncryptionEnabled"),
                TransitEncryptionEnabled = c.GetBool("transitEncryptionEnabled"),
            };
        }

        // ---------------- Cognito identity pools ----------------

        /// <summary>cognito-identity list-identity-pools: {"IdentityPools": [{"IdentityPoolId", "IdentityPoolName"}]}.</summary>
        public static List<IdentityPool> ListIdentityPools(JsonElement root)
        {
            return MapItems(root, "IdentityPools", (item, where) =>
            {
                return new IdentityPool
                {
                    IdentityPoolId = RequireString(item, "IdentityPoolId", where),
                    IdentityPoolName = RequireString(item, "IdentityPoolName", where),
                };
            });
        }

        /// <summary>
        /// cognito-identity describe-identity-pool: the IdentityPool object. AllowUnauthenticatedIdentities is required by
        /// the service model, so an answer without it is not one (ShapeException: the rule says Error).
        /// </summary>
        public static IdentityPoolDescription DescribeIdentityPool(JsonElement root)
        {
            RequireObject(root);
            var guests = root.GetBool("AllowUnauthenticatedIdentities")
                         ?? throw new ShapeException("the answer has no boolean 'AllowUnauthenticatedIdentities'");
            return new IdentityPoolDescription
            {
                IdentityPoolId = RequireString(root, "IdentityPoolId", "IdentityPool"),
                IdentityPoolName = RequireString(root, "IdentityPoolName", "IdentityPool"),
                AllowUnauthenticatedIdentities = guests,
                AllowClassicFlow = root.GetBool("AllowClassicFlow"),
            };
        }
    }
}
