using System.Collections.Generic;

namespace WafSecurity.Engine.Inventory
{
    public static partial class SnapshotReader
    {
        /// <summary>dax/DescribeClusters.json: every DAX cluster of the region.</summary>
        private static Fetched<IReadOnlyList<DaxCluster>> ReadDax(SnapshotFolder files, string region)
            => WarnIfNotCollected(files, region, SnapshotOperations.DaxDescribeClusters,
                files.LoadList<IReadOnlyList<DaxCluster>>(region, SnapshotOperations.DaxDescribeClusters, CliDocuments.DescribeDaxClusters));
    }
}
