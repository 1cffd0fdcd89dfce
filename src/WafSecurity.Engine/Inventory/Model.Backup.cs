using System;
using System.Collections.Generic;

namespace WafSecurity.Engine.Inventory
{
    public sealed partial class RegionInventory
    {
        /// <summary>backup ListProtectedResources: every resource AWS Backup has a recovery point of in the region.</summary>
        public Fetched<IReadOnlyList<ProtectedResource>> ProtectedResources { get; set; } = Fetched<IReadOnlyList<ProtectedResource>>.Absent();
    }

    /// <summary>One item of backup ListProtectedResources (ProtectedResource).</summary>
    public sealed class ProtectedResource
    {
        public string ResourceArn { get; set; } = "";
        /// <summary>The AWS resource type as AWS Backup names it ("DynamoDB", "EBS", ...).</summary>
        public string? ResourceType { get; set; }
        public DateTimeOffset? LastBackupTime { get; set; }
    }
}
