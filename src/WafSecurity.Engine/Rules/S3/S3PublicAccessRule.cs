using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.S3
{
    /// <summary>
    /// SEC2.S3.PublicAccess: the workload's buckets are not public through their bucket policy, and Block Public Access is not
    /// off entirely for them.
    /// </summary>
    public sealed class S3PublicAccessRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.S3.PublicAccess",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.High,
            ResourceType = S3Scope.BucketType,
            WellArchitected = new[] { "SEC03-BP07" },
            SecurityHubControl = "S3.8",
            ConfigRule = "s3-bucket-level-public-access-prohibited",
            Title = "S3 buckets used by the workload are not public",
            Description = "One finding per bucket the workload names (see SEC2.S3.EncryptionKms). Block Public Access (BPA) is combined from the " +
                          "account level (s3control GetPublicAccessBlock) and the bucket level (s3api GetPublicAccessBlock): a setting " +
                          "is on when either level sets it. Fails (High) when GetBucketPolicyStatus says the bucket policy is public " +
                          "and RestrictPublicBuckets is on at neither level (BlockPublicPolicy alone only refuses new public " +
                          "policies; it does not neutralise one already in place). Fails at Medium when BPA is off entirely at both " +
                          "levels and the policy is not public: nothing is exposed yet, but nothing stops a public policy or ACL. " +
                          "Bucket ACLs are not read (GetBucketAcl is not collected). Security Hub S3.1 (account level), S3.2/S3.3 " +
                          "(public read/write) and S3.8 (bucket level) check parts of this.",
            Remediation = "Turn Block Public Access on for the account (aws s3control put-public-access-block --account-id <id> " +
                          "--public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true) " +
                          "or for the bucket (aws s3api put-public-access-block --bucket <name> with the same settings); serve public " +
                          "content through CloudFront with origin access control instead of a public bucket policy.",
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var bucket in S3Scope.Buckets(context))
            {
                var notListed = S3Scope.NotListed(context, bucket, SnapshotOperations.S3GetBucketPolicyStatus, $"whether bucket {bucket.Name} is public");
                if (notListed != null) { yield return notListed; continue; }
                yield return Judge(context, bucket);
            }
        }

        private static RuleResult Judge(RuleContext context, WorkloadBucket workload)
        {
            var region = S3Scope.Region(workload);
            var arn = S3Scope.Arn(context, workload);
            var name = workload.Name;
            var bucket = workload.Bucket!;
            var account = context.Inventory.S3.AccountPublicAccessBlock;
            var own = bucket.PublicAccessBlock;
            var status = bucket.PolicyStatus;
            var what = $"whether bucket {name} is public";

            var evidence = new Evidence()
                .Add("AccountPublicAccessBlock", Describe(account)).Add("BucketPublicAccessBlock", Describe(own))
                .Add("PolicyIsPublic", status.IsOk ? status.Value!.IsPublic : status.State == FetchState.Absent ? false : (bool?)null)
                .Add("NamedBy", workload.NamedBy.ToArray());

            // RestrictPublicBuckets at either level that could be read decides the policy question on its own.
            var restricted = (account.IsOk && account.Value!.RestrictPublicBuckets) || (own.IsOk && own.Value!.RestrictPublicBuckets);
            if (!restricted)
            {
                foreach (var unknown in new[] { account.Error, own.Error, status.Error })
                    if (unknown != null) return WithEvidence(RuleResult.FromError(region, arn, name, unknown, what), evidence);
                if (status.IsOk && status.Value!.IsPublic == null)
                    return WithEvidence(new RuleResult
                    {
                        Status = FindingStatus.Error, Region = region, ResourceArn = arn, ResourceName = name,
                        Reason = $"Could not evaluate {what}: the GetBucketPolicyStatus answer has no PolicyStatus.IsPublic.",
                    }, evidence);
            }

            var isPublic = status.IsOk && status.Value!.IsPublic == true;
            if (isPublic && !restricted)
                return RuleResult.Failed(region, arn, name, $"Bucket {name} has a public bucket policy (GetBucketPolicyStatus IsPublic true) and " +
                                                            "RestrictPublicBuckets is on at neither the account nor the bucket level, so anyone " +
                                                            $"can use what the policy grants. Account BPA: {Describe(account)}; bucket BPA: {Describe(own)}.", evidence);

            var accountOff = account.State == FetchState.Absent || (account.IsOk && account.Value!.AllOff);
            var bucketOff = own.State == FetchState.Absent || (own.IsOk && own.Value!.AllOff);
            if (accountOff && bucketOff)
                return RuleResult.Failed(region, arn, name, $"Block Public Access is off entirely for bucket {name} (no setting on at the account " +
                                                            "or the bucket level): its policy is not public now, but nothing stops a public " +
                                                            "policy or ACL. Expected BPA on, at least BlockPublicPolicy and RestrictPublicBuckets.",
                    evidence, WafSecurity.Severity.Medium);

            var policy = isPublic ? "its policy is public, but RestrictPublicBuckets neutralises it"
                : status.State == FetchState.Absent ? "it has no bucket policy"
                : status.IsOk ? "its policy is not public"
                : "RestrictPublicBuckets neutralises any public policy";
            return RuleResult.Passed(region, arn, name, $"Bucket {name} is not public: {policy}. Account BPA: {Describe(account)}; " +
                                                        $"bucket BPA: {Describe(own)}.", evidence);
        }

        private static RuleResult WithEvidence(RuleResult result, Evidence evidence)
        {
            foreach (System.Collections.DictionaryEntry pair in evidence.Items) result.Evidence.Add((string)pair.Key, pair.Value);
            return result;
        }

        private static string Describe(Fetched<PublicAccessBlock> block)
        {
            switch (block.State)
            {
                case FetchState.Ok: return block.Value!.AllOn ? "all four settings on" : block.Value.Describe();
                case FetchState.Absent: return "none configured";
                default: return $"unknown ({block.Error?.Code})";
            }
        }
    }
}
