using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Ops = WafSecurity.Engine.Inventory.SnapshotOperations;

namespace WafSecurity.Engine.Aws
{
    // API Gateway calls that are not per-API resources, stages or authorizers.
    public sealed partial class Collector
    {
        /// <summary>
        /// REST region-wide lists (custom domain names, usage plans), made beside GetRestApis since nothing they return
        /// leads to another call.
        /// </summary>
        private Task RestRegionListsAsync(string region, CancellationToken ct)
            => WhenAllOrFirstCancel(new[]
            {
                CallAsync(Ops.RestGetDomainNames, region, null, null, ct),
                CallAsync(Ops.RestGetUsagePlans, region, null, null, ct),
            });

        /// <summary>v2 custom domain names: one list call per region (all pages).</summary>
        private Task V2RegionListsAsync(string region, CancellationToken ct) => CallAsync(Ops.V2GetDomainNames, region, null, null, ct);

        /// <summary>Per REST API calls beyond resources, stages and authorizers.</summary>
        private void AddRestApiCalls(List<Task> tasks, string region, IReadOnlyDictionary<string, string> parameters, string id, CancellationToken ct)
            => tasks.Add(CallAsync(Ops.RestGetRequestValidators, region, id, parameters, ct));

        /// <summary>Per v2 API calls beyond routes, stages and authorizers.</summary>
        private void AddV2ApiCalls(List<Task> tasks, string region, IReadOnlyDictionary<string, string> parameters, string id, CancellationToken ct)
            => tasks.Add(CallAsync(Ops.V2GetIntegrations, region, id, parameters, ct));
    }
}
