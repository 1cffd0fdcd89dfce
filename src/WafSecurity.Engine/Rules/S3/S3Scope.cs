using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.S3
{
    /// <summary>What the S3 rules share: the workload's buckets, and the Error for a bucket that was named but not collected.</summary>
    internal static class S3Scope
    {
        public const string BucketType = "AWS::S3::Bucket";

        public static IReadOnlyList<WorkloadBucket> Buckets(RuleContext context) => context.Shared(inventory => new WorkloadBuckets(inventory)).All;

        public static string Region(WorkloadBucket bucket) => string.IsNullOrEmpty(bucket.Region) ? "global" : bucket.Region;

        public static string Arn(RuleContext context, WorkloadBucket bucket) => $"arn:{context.Partition}:s3:::{bucket.Name}";

        public static string NamedBy(WorkloadBucket bucket) => string.Join("; ", bucket.NamedBy.Take(3)) + (bucket.NamedBy.Count > 3 ? $"; and {bucket.NamedBy.Count - 3} more" : "");

        /// <summary>
        /// The Error for a bucket the workload names but ListBuckets does not hold (S3 not collected, ListBuckets failed, or
        /// the bucket is another account's or gone); null when the bucket was listed.
        /// </summary>
        public static RuleResult? NotListed(RuleContext context, WorkloadBucket bucket, SnapshotOperation needed, string what)
        {
            if (bucket.Bucket != null) return null;
            var list = context.Inventory.S3.Buckets;
            var error = list.IsOk
                ? new CallError("NotCollected", $"bucket {bucket.Name} is named by {NamedBy(bucket)}, but is not among this account's buckets " +
                                                "(ListBuckets): it belongs to another account or no longer exists, so it was not collected",
                    needed.Label, needed.IamAction, null)
                : list.Error!;
            var result = RuleResult.FromError(Region(bucket), Arn(context, bucket), bucket.Name, error, what);
            result.Evidence.Add("NamedBy", bucket.NamedBy.ToArray());
            return result;
        }
    }
}
