using System.Threading;
using System.Threading.Tasks;
using Ops = WafSecurity.Engine.Inventory.SnapshotOperations;

namespace WafSecurity.Engine.Aws
{
    public sealed partial class Collector
    {
        /// <summary>AWS Backup: one ListProtectedResources per region (all pages); nothing it returns leads to another call.</summary>
        private async Task BackupAsync(string region, CancellationToken ct)
        {
            await CallAsync(Ops.BackupListProtectedResources, region, null, null, ct).ConfigureAwait(false);
        }
    }
}
