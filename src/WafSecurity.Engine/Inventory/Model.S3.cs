using System;
using System.Collections.Generic;
using System.Linq;

namespace WafSecurity.Engine.Inventory
{
    public sealed partial class AwsInventory
    {
        /// <summary>S3 buckets and the account's Block Public Access (global/s3api, global/s3control).</summary>
        public S3Inventory S3 { get; set; } = new S3Inventory();
    }

    /// <summary>
    /// What was collected about S3. Bucket names are global, so this hangs off the account, not a region;
    /// <see cref="Buckets"/> is NotCollected when global/s3api/ListBuckets.json is missing (S3 not collected).
    /// </summary>
    public sealed class S3Inventory
    {
        /// <summary>s3api ListBuckets: the account's buckets with their per-bucket answers.</summary>
        public Fetched<IReadOnlyList<S3Bucket>> Buckets { get; set; } = Fetched<IReadOnlyList<S3Bucket>>.NotCollected(
            new CallError("NotCollected", "no answer recorded at global/s3api/ListBuckets.json", SnapshotOperations.S3ListBuckets.Label,
                SnapshotOperations.S3ListBuckets.IamAction, null));
        /// <summary>s3control GetPublicAccessBlock: the account-level Block Public Access; Absent when the account has none.</summary>
        public Fetched<PublicAccessBlock> AccountPublicAccessBlock { get; set; } = Fetched<PublicAccessBlock>.Absent();

        /// <summary>The listed bucket of that name, or null (not in this account's ListBuckets, or S3 not collected).</summary>
        public S3Bucket? Find(string bucketName)
            => Buckets.Value?.FirstOrDefault(b => string.Equals(b.Name, bucketName, StringComparison.Ordinal));
    }

    /// <summary>One bucket of s3api ListBuckets and its per-bucket answers.</summary>
    public sealed class S3Bucket
    {
        public string Name { get; set; } = "";
        /// <summary>ListBuckets BucketRegion (absent in older answers and in moto).</summary>
        public string? BucketRegion { get; set; }
        public DateTimeOffset? CreationDate { get; set; }
        /// <summary>GetBucketEncryption: the default encryption; Absent on ServerSideEncryptionConfigurationNotFoundError.</summary>
        public Fetched<BucketEncryption> Encryption { get; set; } = Fetched<BucketEncryption>.Absent();
        /// <summary>GetPublicAccessBlock: the bucket-level Block Public Access; Absent when the bucket has none.</summary>
        public Fetched<PublicAccessBlock> PublicAccessBlock { get; set; } = Fetched<PublicAccessBlock>.Absent();
        /// <summary>GetBucketPolicyStatus; Absent on NoSuchBucketPolicy (no bucket policy, so not public by policy).</summary>
        public Fetched<BucketPolicyStatus> PolicyStatus { get; set; } = Fetched<BucketPolicyStatus>.Absent();

        public string Arn(string partition) => $"arn:{partition}:s3:::{Name}";
    }

    /// <summary>ServerSideEncryptionConfiguration: its rules, in order (S3 applies the first).</summary>
    public sealed class BucketEncryption
    {
        public IReadOnlyList<BucketEncryptionRule> Rules { get; set; } = Array.Empty<BucketEncryptionRule>();
    }

    public sealed class BucketEncryptionRule
    {
        /// <summary>ApplyServerSideEncryptionByDefault.SSEAlgorithm: AES256, aws:kms or aws:kms:dsse.</summary>
        public string? SseAlgorithm { get; set; }
        /// <summary>ApplyServerSideEncryptionByDefault.KMSMasterKeyID: a key id, key ARN or alias; null: the AWS managed key aws/s3.</summary>
        public string? KmsMasterKeyId { get; set; }
        public bool? BucketKeyEnabled { get; set; }
    }

    /// <summary>PublicAccessBlockConfiguration (bucket or account level); a missing member reads as false, as S3 treats it.</summary>
    public sealed class PublicAccessBlock
    {
        public bool BlockPublicAcls { get; set; }
        public bool IgnorePublicAcls { get; set; }
        public bool BlockPublicPolicy { get; set; }
        public bool RestrictPublicBuckets { get; set; }

        public bool AllOn => BlockPublicAcls && IgnorePublicAcls && BlockPublicPolicy && RestrictPublicBuckets;
        public bool AllOff => !BlockPublicAcls && !IgnorePublicAcls && !BlockPublicPolicy && !RestrictPublicBuckets;
        /// <summary>RestrictPublicBuckets makes S3 ignore a public policy's grants to anyone outside the account and AWS services.</summary>
        public bool NeutralisesPublicPolicy => RestrictPublicBuckets;

        public string Describe() => $"BlockPublicAcls={Text(BlockPublicAcls)}, IgnorePublicAcls={Text(IgnorePublicAcls)}, " +
                                    $"BlockPublicPolicy={Text(BlockPublicPolicy)}, RestrictPublicBuckets={Text(RestrictPublicBuckets)}";

        private static string Text(bool value) => value ? "true" : "false";
    }

    /// <summary>GetBucketPolicyStatus PolicyStatus.</summary>
    public sealed class BucketPolicyStatus
    {
        /// <summary>IsPublic; null when the answer lacks it.</summary>
        public bool? IsPublic { get; set; }
    }
}
