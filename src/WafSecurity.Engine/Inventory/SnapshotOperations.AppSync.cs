namespace WafSecurity.Engine.Inventory
{
    public static partial class SnapshotOperations
    {
        /// <summary>Every AppSync GraphQL API of the region (one list call, all pages merged: {"graphqlApis": [...]}).</summary>
        public static readonly SnapshotOperation AppSyncListGraphqlApis = new SnapshotOperation("appsync", "ListGraphqlApis", "appsync:ListGraphqlApis", false);
        /// <summary>
        /// An API's cache ({"apiCache": {...}}), keyed by apiId. An API without a cache answers NotFoundException, so a
        /// missing file means "no cache" (absent when missing), not "not collected".
        /// </summary>
        public static readonly SnapshotOperation AppSyncGetApiCache = new SnapshotOperation("appsync", "GetApiCache", "appsync:GetApiCache", true);
        /// <summary>Every Cognito identity pool of the region (--max-results 60, all pages: {"IdentityPools": [...]}).</summary>
        public static readonly SnapshotOperation CognitoListIdentityPools = new SnapshotOperation("cognito-identity", "ListIdentityPools", "cognito-identity:ListIdentityPools", false);
        /// <summary>One identity pool's settings, keyed by IdentityPoolId ("us-east-1:&lt;uuid&gt;", written us-east-1%3A&lt;uuid&gt;).</summary>
        public static readonly SnapshotOperation CognitoDescribeIdentityPool = new SnapshotOperation("cognito-identity", "DescribeIdentityPool", "cognito-identity:DescribeIdentityPool", false);
    }
}
