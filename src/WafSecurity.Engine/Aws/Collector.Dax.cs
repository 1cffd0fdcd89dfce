using System.Threading;
using System.Threading.Tasks;
using Ops = WafSecurity.Engine.Inventory.SnapshotOperations;

namespace WafSecurity.Engine.Aws
{
    public sealed partial class Collector
    {
        /// <summary>DAX: one DescribeClusters per region (all pages); nothing it returns leads to another call.</summary>
        private async Task DaxAsync(string region, CancellationToken ct)
        {
            await CallAsync(Ops.DaxDescribeClusters, region, null, null, ct).ConfigureAwait(false);
        }
    }
}
