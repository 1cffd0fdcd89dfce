using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using WafSecurity.Engine.Json;

namespace WafSecurity.Engine.Inventory
{
    internal static partial class CliDocuments
    {
        // ---------------- S3 / S3 Control ----------------

        /// <summary>s3api list-buckets: {"Buckets": [{"Name", "CreationDate", "BucketRegion"?}], "Owner": {...}}; Name is required.</summary>
        public static List<S3Bucket> ListBuckets(JsonElement root)
        {
            return MapItems(root, "Buckets", (item, where) =>
            {
                return new S3Bucket
                {
                    Name = RequireString(item, "Name", where),
                    BucketRegion = NullIfEmpty(item.GetString("BucketRegion")),
                    CreationDate = item.GetTimestamp("CreationDate"),
                };
            });
        }

        /// <summary>
        /// s3api get-bucket-encryption: {"ServerSideEncryptionConfiguration": {"Rules": [{"ApplyServerSideEncryptionByDefault":
        /// {"SSEAlgorithm", "KMSMasterKeyID"?}, "BucketKeyEnabled"?}]}}.
        /// </summary>
        public static BucketEncryption GetBucketEncryption(JsonElement root)
        {
            RequireObject(root);
            var configuration = root.Member("ServerSideEncryptionConfiguration")
                ?? throw new ShapeException("has no 'ServerSideEncryptionConfiguration'");
            if (configuration.ValueKind != JsonValueKind.Object) throw new ShapeException("'ServerSideEncryptionConfiguration' must be an object");
            return new BucketEncryption
            {
                Rules = RequireArray(configuration, "Rules").Select(rule =>
                {
                    var byDefault = rule.ValueKind == JsonValueKind.Object ? rule.Member("ApplyServerSideEncryptionByDefault") : null;
                    return new BucketEncryptionRule
                    {
                        SseAlgorithm = byDefault?.GetString("SSEAlgorithm"),
                        KmsMasterKeyId = NullIfEmpty(byDefault?.GetString("KMSMasterKeyID")),
                        BucketKeyEnabled = rule.ValueKind == JsonValueKind.Object ? rule.GetBool("BucketKeyEnabled") : null,
                    };
                }).ToList(),
            };
        }

        /// <summary>
        /// s3api get-bucket-location: {"LocationConstraint": "eu-west-1"}; null or "" means us-east-1 and the legacy "EU" means
        /// eu-west-1 (S3 API reference, GetBucketLocation). Returned as the region name.
        /// </summary>
        public static string GetBucketLocation(JsonElement root)
        {
            RequireObject(root);
            var constraint = NullIfEmpty(root.GetString("LocationConstraint"));
            return constraint == null ? "us-east-1" : constraint == "EU" ? "eu-west-1" : constraint;
        }

        /// <summary>s3api / s3control get-public-access-block: {"PublicAccessBlockConfiguration": {four booleans}}.</summary>
        public static PublicAccessBlock GetPublicAccessBlock(JsonElement root)
        {
            RequireObject(root);
            var configuration = root.Member("PublicAccessBlockConfiguration")
                ?? throw new ShapeException("has no 'PublicAccessBlockConfiguration'");
            if (configuration.ValueKind != JsonValueKind.Object) throw new ShapeException("'PublicAccessBlockConfiguration' must be an object");
            return new PublicAccessBlock
            {
                BlockPublicAcls = configuration.GetBool("BlockPublicAcls") ?? false,
                IgnorePublicAcls = configuration.GetBool("IgnorePublicAcls") ?? false,
                BlockPublicPolicy = configuration.GetBool("BlockPublicPolicy") ?? false,
                RestrictPublicBuckets = configuration.GetBool("RestrictPublicBuckets") ?? false,
            };
        }

        /// <summary>s3api get-bucket-policy-status: {"PolicyStatus": {"IsPublic": bool}}.</summary>
        public static BucketPolicyStatus GetBucketPolicyStatus(JsonElement root)
        {
            RequireObject(root);
            var status = root.Member("PolicyStatus") ?? throw new ShapeException("has no 'PolicyStatus'");
            if (status.ValueKind != JsonValueKind.Object) throw new ShapeException("'PolicyStatus' must be an object");
            return new BucketPolicyStatus { IsPublic = status.GetBool("IsPublic") };
        }
    }
}
