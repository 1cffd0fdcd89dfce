using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.S3
{
    /// <summary>SEC2.S3.EncryptionKms: the workload's buckets encrypt new objects with a KMS key by default (SSE-KMS or DSSE-KMS).</summary>
    public sealed class S3EncryptionKmsRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.S3.EncryptionKms",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Low,
            ResourceType = S3Scope.BucketType,
            WellArchitected = new[] { "SEC08-BP02" },
            SecurityHubControl = "S3.17",
            ConfigRule = "s3-default-encryption-kms",
            Title = "S3 buckets used by the workload encrypt by default with a KMS key",
            Description = "One finding per bucket the workload names (function execution role resources, resource policy " +
                          "aws:SourceArn, event source mapping destinations, environment variables; REST API S3 integrations). Passes when the bucket's " +
                          "default encryption (GetBucketEncryption) is SSE-KMS (aws:kms) or DSSE-KMS (aws:kms:dsse). SSE-S3 " +
                          "(AES256) fails at Low: since January 2023 S3 encrypts every new object in any case, so the data is not " +
                          "unencrypted, but S3-managed keys are invisible to CloudTrail and cannot be restricted by a key policy. " +
                          "KmsKeyArns, when set, lists the keys allowed. A bucket named but not collected is an Error.",
            Remediation = "aws s3api put-bucket-encryption --bucket <name> --server-side-encryption-configuration " +
                          "'{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"aws:kms\",\"KMSMasterKeyID\":\"<key arn>\"},\"BucketKeyEnabled\":true}]}' " +
                          "(Write-S3BucketEncryption in AWS Tools for PowerShell). Existing objects keep their encryption; copy them in " +
                          "place to re-encrypt. Give the functions kms:Decrypt / kms:GenerateDataKey on the key.",
            Parameters = new[]
            {
                new RuleParameter("KmsKeyArns", Array.Empty<string>(), "Allowed key ARNs or key ids; empty: any KMS key, the AWS managed aws/s3 included."),
            },
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var allowed = context.Parameters.GetStrings("KmsKeyArns").Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).ToList();
            var allowedIds = new HashSet<string>(allowed.Select(KmsKey.KeyIdOf), StringComparer.Ordinal);
            foreach (var bucket in S3Scope.Buckets(context))
            {
                var notListed = S3Scope.NotListed(context, bucket, SnapshotOperations.S3GetBucketEncryption, $"the default encryption of bucket {bucket.Name}");
                if (notListed != null) { yield return notListed; continue; }
                yield return Judge(context, bucket, allowed, allowedIds);
            }
        }

        private static RuleResult Judge(RuleContext context, WorkloadBucket bucket, IReadOnlyList<string> allowed, HashSet<string> allowedIds)
        {
            var region = S3Scope.Region(bucket);
            var arn = S3Scope.Arn(context, bucket);
            var name = bucket.Name;
            var encryption = bucket.Bucket!.Encryption;
            if (encryption.State == FetchState.Failed || encryption.State == FetchState.NotCollected)
                return RuleResult.FromError(region, arn, name, encryption.Error!, $"the default encryption of bucket {name}");

            var rule = encryption.Value?.Rules.FirstOrDefault();
            var evidence = new Evidence().Add("SSEAlgorithm", rule?.SseAlgorithm).Add("KMSMasterKeyID", rule?.KmsMasterKeyId)
                .Add("BucketKeyEnabled", rule?.BucketKeyEnabled).Add("NamedBy", bucket.NamedBy.ToArray());
            if (rule == null)
                return RuleResult.Failed(region, arn, name, $"Bucket {name} has no default encryption configuration " +
                                                            "(ServerSideEncryptionConfigurationNotFoundError); expected SSE-KMS (aws:kms) or DSSE-KMS (aws:kms:dsse).", evidence);

            var algorithm = rule.SseAlgorithm ?? "(none)";
            var isKms = string.Equals(algorithm, "aws:kms", StringComparison.Ordinal) || string.Equals(algorithm, "aws:kms:dsse", StringComparison.Ordinal);
            if (!isKms)
                return RuleResult.Failed(region, arn, name, $"Bucket {name} encrypts new objects with {algorithm}" +
                                                            (algorithm == "AES256" ? " (SSE-S3, S3-managed keys)" : "") +
                                                            "; expected SSE-KMS (aws:kms) or DSSE-KMS (aws:kms:dsse). The objects are encrypted, but key use " +
                                                            "is not logged in CloudTrail and cannot be restricted by a key policy.", evidence);

            var key = rule.KmsMasterKeyId;
            if (allowed.Count > 0 && (key == null || !allowedIds.Contains(KmsKey.KeyIdOf(key))))
                return RuleResult.Failed(region, arn, name, $"Bucket {name} encrypts with {algorithm} and key {key ?? "aws/s3 (the AWS managed key)"}, " +
                                                            $"which is not in KmsKeyArns ({string.Join(", ", allowed)}).", evidence.Add("AllowedKeys", allowed.ToArray()));
            return RuleResult.Passed(region, arn, name, $"Bucket {name} encrypts new objects with {algorithm} and key " +
                                                        $"{key ?? "aws/s3 (the AWS managed key)"}.", evidence);
        }
    }
}
