using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using WafSecurity.Engine.Json;

namespace WafSecurity.Engine.Inventory
{
    internal static partial class CliDocuments
    {
        // ---------------- DAX ----------------

        /// <summary>aws dax describe-clusters: {"Clusters": [{"ClusterName", "ClusterArn", "SSEDescription": {"Status"}, "ClusterEndpointEncryptionType"}]}.</summary>
        public static List<DaxCluster> DescribeDaxClusters(JsonElement root)
        {
            return MapItems(root, "Clusters", (item, where) =>
            {
                var sse = item.ValueKind == JsonValueKind.Object ? item.Member("SSEDescription") : null;
                if (sse.HasValue && sse.Value.ValueKind != JsonValueKind.Object && sse.Value.ValueKind != JsonValueKind.Null)
                    throw new ShapeException($"{where}.SSEDescription must be an object, found {sse.Value.ValueKind}");
                return new DaxCluster
                {
                    ClusterName = RequireString(item, "ClusterName", where),
                    ClusterArn = item.GetString("ClusterArn"),
                    Status = item.GetString("Status"),
                    SseStatus = sse.HasValue && sse.Value.ValueKind == JsonValueKind.Object ? sse.Value.GetString("Status") : null,
                    EndpointEncryptionType = item.GetString("ClusterEndpointEncryptionType"),
                };
            });
        }
    }
}
