using System.Collections.Generic;

namespace WafSecurity.Engine.Inventory
{
    public static partial class SnapshotReader
    {
        /// <summary>appsync/ListGraphqlApis.json, and per API appsync/GetApiCache/&lt;apiId&gt;.json (no file: the API has no cache).</summary>
        private static Fetched<IReadOnlyList<GraphqlApi>> ReadGraphqlApis(SnapshotFolder files, string region)
        {
            var list = files.LoadList<IReadOnlyList<GraphqlApi>>(region, SnapshotOperations.AppSyncListGraphqlApis, CliDocuments.ListGraphqlApis);
            if (!list.IsOk) return list;
            foreach (var api in list.Value!)
                api.Cache = files.Load(files.KeyPath(region, SnapshotOperations.AppSyncGetApiCache, api.ApiId), SnapshotOperations.AppSyncGetApiCache,
                    CliDocuments.GetApiCache, absentWhenMissing: true);
            return list;
        }

        /// <summary>cognito-identity/ListIdentityPools.json, and per pool cognito-identity/DescribeIdentityPool/&lt;IdentityPoolId&gt;.json.</summary>
        private static Fetched<IReadOnlyList<IdentityPool>> ReadIdentityPools(SnapshotFolder files, string region)
        {
            var list = files.LoadList<IReadOnlyList<IdentityPool>>(region, SnapshotOperations.CognitoListIdentityPools, CliDocuments.ListIdentityPools);
            if (!list.IsOk) return list;
            foreach (var pool in list.Value!)
                pool.Description = files.Load(files.KeyPath(region, SnapshotOperations.CognitoDescribeIdentityPool, pool.IdentityPoolId),
                    SnapshotOperations.CognitoDescribeIdentityPool, CliDocuments.DescribeIdentityPool, absentWhenMissing: false);
            return list;
        }
    }
}
