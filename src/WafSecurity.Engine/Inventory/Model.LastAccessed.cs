using System;
using System.Collections.Generic;

namespace WafSecurity.Engine.Inventory
{
    public sealed partial class AwsInventory
    {
        /// <summary>
        /// iam GetServiceLastAccessedDetails answers by role name (global/iam/GetServiceLastAccessedDetails/&lt;RoleName&gt;.json).
        /// Empty when the snapshot holds none (<see cref="LastAccessedCollected"/> is then false).
        /// </summary>
        public IReadOnlyDictionary<string, Fetched<ServiceLastAccessedReport>> RoleLastAccessed { get; set; } =
            new Dictionary<string, Fetched<ServiceLastAccessedReport>>(StringComparer.Ordinal);

        /// <summary>True when the snapshot has the global/iam/GetServiceLastAccessedDetails folder (the data was collected at all).</summary>
        public bool LastAccessedCollected { get; set; }

        /// <summary>The last-accessed report of a role; NotCollected when the snapshot does not hold one for it.</summary>
        public Fetched<ServiceLastAccessedReport> LastAccessedOf(string roleName)
        {
            if (RoleLastAccessed.TryGetValue(roleName, out var report)) return report;
            var op = SnapshotOperations.IamGetServiceLastAccessedDetails;
            var path = $"global/iam/GetServiceLastAccessedDetails/{SnapshotKey.Escape(roleName)}.json";
            return Fetched<ServiceLastAccessedReport>.NotCollected(new CallError("NotCollected", $"no answer recorded at {path}", op.Label, op.IamAction, path));
        }
    }

    /// <summary>A completed iam GetServiceLastAccessedDetails job (all pages merged).</summary>
    public sealed class ServiceLastAccessedReport
    {
        public string JobStatus { get; set; } = "";
        /// <summary>SERVICE_LEVEL or ACTION_LEVEL (only ACTION_LEVEL reports tracked actions).</summary>
        public string? JobType { get; set; }
        public DateTimeOffset? JobCreationDate { get; set; }
        public DateTimeOffset? JobCompletionDate { get; set; }
        public IReadOnlyList<ServiceLastAccessed> Services { get; set; } = Array.Empty<ServiceLastAccessed>();
    }

    /// <summary>One item of ServicesLastAccessed: a service the role's policies allow, and when the role last used it.</summary>
    public sealed class ServiceLastAccessed
    {
        public string ServiceName { get; set; } = "";
        /// <summary>The IAM action prefix ("dynamodb", "s3").</summary>
        public string ServiceNamespace { get; set; } = "";
        /// <summary>When the role last authenticated to the service; null: never within IAM's tracking period.</summary>
        public DateTimeOffset? LastAuthenticated { get; set; }
        public int? TotalAuthenticatedEntities { get; set; }
        /// <summary>TrackedActionsLastAccessed: only for services whose actions IAM tracks (empty otherwise).</summary>
        public IReadOnlyList<TrackedActionLastAccessed> TrackedActions { get; set; } = Array.Empty<TrackedActionLastAccessed>();
    }

    public sealed class TrackedActionLastAccessed
    {
        /// <summary>The action name without its prefix ("PutObject").</summary>
        public string ActionName { get; set; } = "";
        /// <summary>null: never used within the tracking period.</summary>
        public DateTimeOffset? LastAccessedTime { get; set; }
    }
}
