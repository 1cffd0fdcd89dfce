using System;
using System.Collections.Generic;

namespace WafSecurity.Engine.Inventory
{
    public sealed partial class RegionInventory
    {
        /// <summary>appsync ListGraphqlApis: every GraphQL API of the region, each with its GetApiCache answer.</summary>
        public Fetched<IReadOnlyList<GraphqlApi>> GraphqlApis { get; set; } = Fetched<IReadOnlyList<GraphqlApi>>.Absent();
        /// <summary>cognito-identity ListIdentityPools: every identity pool of the region, each with its DescribeIdentityPool answer.</summary>
        public Fetched<IReadOnlyList<IdentityPool>> IdentityPools { get; set; } = Fetched<IReadOnlyList<IdentityPool>>.Absent();
    }

    // ---------------- AppSync ----------------

    /// <summary>One item of appsync ListGraphqlApis (GraphqlApi).</summary>
    public sealed class GraphqlApi
    {
        public string ApiId { get; set; } = "";
        public string Name { get; set; } = "";
        public string? Arn { get; set; }
        /// <summary>GRAPHQL or MERGED; null when the answer does not say (APIs made before merged APIs existed: GRAPHQL).</summary>
        public string? ApiType { get; set; }
        /// <summary>The primary authorization mode; null when the entry lacks it (an incomplete answer: every API has one).</summary>
        public string? AuthenticationType { get; set; }
        /// <summary>additionalAuthenticationProviders[].authenticationType, in order.</summary>
        public IReadOnlyList<string> AdditionalAuthenticationTypes { get; set; } = Array.Empty<string>();
        /// <summary>The AWS WAF web ACL associated with the API; null: none.</summary>
        public string? WafWebAclArn { get; set; }
        /// <summary>logConfig; null: logging to CloudWatch Logs is not configured.</summary>
        public GraphqlLogConfig? LogConfig { get; set; }
        /// <summary>appsync GetApiCache: Absent when the API has no cache (NotFoundException, no file).</summary>
        public Fetched<ApiCache> Cache { get; set; } = Fetched<ApiCache>.Absent();

        public bool IsMerged => string.Equals(ApiType, "MERGED", StringComparison.OrdinalIgnoreCase);
    }

    public sealed class GraphqlLogConfig
    {
        /// <summary>NONE, ERROR, INFO, DEBUG or ALL; null when the entry lacks it.</summary>
        public string? FieldLogLevel { get; set; }
        /// <summary>Null: not given (AppSync's default is false: verbose content is logged).</summary>
        public bool? ExcludeVerboseContent { get; set; }
        public string? CloudWatchLogsRoleArn { get; set; }
    }

    /// <summary>appsync GetApiCache's apiCache.</summary>
    public sealed class ApiCache
    {
        public string? Type { get; set; }
        public string? Status { get; set; }
        public string? ApiCachingBehavior { get; set; }
        public long? Ttl { get; set; }
        /// <summary>Null: the answer does not say.</summary>
        public bool? AtRestEncryptionEnabled { get; set; }
        public bool? TransitEncryptionEnabled { get; set; }
    }

    // ---------------- Cognito identity pools ----------------

    /// <summary>One item of cognito-identity ListIdentityPools, with its DescribeIdentityPool answer.</summary>
    public sealed class IdentityPool
    {
        /// <summary>"&lt;region&gt;:&lt;uuid&gt;".</summary>
        public string IdentityPoolId { get; set; } = "";
        public string IdentityPoolName { get; set; } = "";
        public Fetched<IdentityPoolDescription> Description { get; set; } = Fetched<IdentityPoolDescription>.Absent();
    }

    /// <summary>cognito-identity DescribeIdentityPool (IdentityPool).</summary>
    public sealed class IdentityPoolDescription
    {
        public string IdentityPoolId { get; set; } = "";
        public string IdentityPoolName { get; set; } = "";
        /// <summary>True: anyone can get AWS credentials of the pool's unauthenticated role.</summary>
        public bool AllowUnauthenticatedIdentities { get; set; }
        /// <summary>Null: not given (the basic, classic flow is off by default).</summary>
        public bool? AllowClassicFlow { get; set; }
    }
}
