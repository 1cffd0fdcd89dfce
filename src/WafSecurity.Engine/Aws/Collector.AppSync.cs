using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WafSecurity.Engine.Inventory;
using Ops = WafSecurity.Engine.Inventory.SnapshotOperations;

namespace WafSecurity.Engine.Aws
{
    public sealed partial class Collector
    {
        /// <summary>
        /// AppSync: ListGraphqlApis once per region (all pages), then GetApiCache per API. An API without a cache answers
        /// NotFoundException, which writes no file: the reader reads that as "no cache".
        /// </summary>
        private async Task AppSyncAsync(string region, CancellationToken ct)
        {
            var list = await CallAsync(Ops.AppSyncListGraphqlApis, region, null, null, ct).ConfigureAwait(false);
            var ids = Parse(list, root => CliDocuments.ListGraphqlApis(root).Select(a => a.ApiId).ToList());
            if (ids == null) return;
            var tasks = ids.Select(id => CallAsync(Ops.AppSyncGetApiCache, region, id, new Dictionary<string, string> { ["apiId"] = id }, ct)).ToList();
            await WhenAllOrFirstCancel(tasks).ConfigureAwait(false);
        }

        /// <summary>Cognito identity pools: ListIdentityPools once per region (60 a page, all pages), then DescribeIdentityPool per pool.</summary>
        private async Task IdentityPoolsAsync(string region, CancellationToken ct)
        {
            var list = await CallAsync(Ops.CognitoListIdentityPools, region, null, null, ct).ConfigureAwait(false);
            var ids = Parse(list, root => CliDocuments.ListIdentityPools(root).Select(p => p.IdentityPoolId).ToList());
            if (ids == null) return;
            var tasks = ids.Select(id => CallAsync(Ops.CognitoDescribeIdentityPool, region, id, new Dictionary<string, string> { ["IdentityPoolId"] = id }, ct)).ToList();
            await WhenAllOrFirstCancel(tasks).ConfigureAwait(false);
        }
    }
}
