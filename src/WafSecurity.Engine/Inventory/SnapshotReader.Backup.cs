using System.Collections.Generic;

namespace WafSecurity.Engine.Inventory
{
    public static partial class SnapshotReader
    {
        /// <summary>backup/ListProtectedResources.json: every resource AWS Backup holds a recovery point of in the region.</summary>
        private static Fetched<IReadOnlyList<ProtectedResource>> ReadBackup(SnapshotFolder files, string region)
            => WarnIfNotCollected(files, region, SnapshotOperations.BackupListProtectedResources,
                files.LoadList<IReadOnlyList<ProtectedResource>>(region, SnapshotOperations.BackupListProtectedResources, CliDocuments.ListProtectedResources));
    }
}
