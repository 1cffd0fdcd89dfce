using System.Collections.Generic;

namespace WafSecurity.Engine.Inventory
{
    public sealed partial class RegionInventory
    {
        /// <summary>dax DescribeClusters: every DAX cluster of the region.</summary>
        public Fetched<IReadOnlyList<DaxCluster>> DaxClusters { get; set; } = Fetched<IReadOnlyList<DaxCluster>>.Absent();
    }

    /// <summary>One item of dax DescribeClusters (Cluster): what its encryption rules read.</summary>
    public sealed class DaxCluster
    {
        public string ClusterName { get; set; } = "";
        public string? ClusterArn { get; set; }
        public string? Status { get; set; }
        /// <summary>SSEDescription.Status (ENABLING, ENABLED, DISABLING, DISABLED); null when the answer has no SSEDescription.</summary>
        public string? SseStatus { get; set; }
        /// <summary>ClusterEndpointEncryptionType (NONE or TLS); null when not reported.</summary>
        public string? EndpointEncryptionType { get; set; }
    }
}
