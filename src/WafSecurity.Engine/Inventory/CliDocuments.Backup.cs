using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using WafSecurity.Engine.Json;

namespace WafSecurity.Engine.Inventory
{
    internal static partial class CliDocuments
    {
        // ---------------- AWS Backup ----------------

        /// <summary>aws backup list-protected-resources: {"Results": [{"ResourceArn", "ResourceType", "LastBackupTime"}]}.</summary>
        public static List<ProtectedResource> ListProtectedResources(JsonElement root)
        {
            return MapItems(root, "Results", (item, where) =>
            {
                return new ProtectedResource
                {
                    ResourceArn = RequireString(item, "ResourceArn", where),
                    ResourceType = item.GetString("ResourceType"),
                    LastBackupTime = item.GetTimestamp("LastBackupTime"),
                };
            });
        }
    }
}
