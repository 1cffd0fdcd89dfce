using System;
using System.Collections.Generic;
using System.Linq;

namespace WafSecurity.Engine.Inventory
{
    public static partial class SnapshotReader
    {
        /// <summary>
        /// global/iam/GetServiceLastAccessedDetails/&lt;RoleName&gt;.json, one per execution role. Without the folder the data
        /// was not collected at all: said once (warning), and the rules that need it yield nothing; with it, a role whose
        /// file is missing is NotCollected (Error findings).
        /// </summary>
        private static void ReadLastAccessed(SnapshotFolder files, AwsInventory inventory)
        {
            var op = SnapshotOperations.IamGetServiceLastAccessedDetails;
            var reports = new Dictionary<string, Fetched<ServiceLastAccessedReport>>(StringComparer.Ordinal);
            inventory.LastAccessedCollected = files.Store.DirectoryExists(files.OperationDirectory("global", op));
            foreach (var pair in files.IndexKeys("global", op))
                reports[pair.Key] = files.Load(pair.Value, op, CliDocuments.GetServiceLastAccessedDetails, absentWhenMissing: false);
            inventory.RoleLastAccessed = reports;
            var functionsListed = inventory.Regions.Any(r => r.Functions.IsOk && r.Functions.Value!.Count > 0);
            if (!inventory.LastAccessedCollected && inventory.Iam.IsOk && functionsListed)
                files.Report(IssueKind.Warning, "WafSecurity.ServiceNotCollected", "global/iam/GetServiceLastAccessedDetails",
                    "IAM service last-accessed data was not collected (no global/iam/GetServiceLastAccessedDetails/): " +
                    "unused execution-role permissions are not judged.");
        }
    }
}
