using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Rules.S3;
using static WafSecurity.Engine.Tests.Rules.RuleTestInventory;

namespace WafSecurity.Engine.Tests.Rules
{
    /// <summary>WorkloadBuckets (which buckets the workload uses) and the decision table of the S3 rules.</summary>
    public class S3RulesTests
    {
        private static S3Bucket Bucket(string name, BucketEncryption? encryption = null, PublicAccessBlock? block = null, bool? isPublic = null) => new S3Bucket
        {
            Name = name,
            BucketRegion = "eu-west-1",
            Encryption = encryption == null ? Fetched<BucketEncryption>.Absent() : Fetched<BucketEncryption>.Ok(encryption),
            PublicAccessBlock = block == null ? Fetched<PublicAccessBlock>.Absent() : Fetched<PublicAccessBlock>.Ok(block),
            PolicyStatus = isPublic == null ? Fetched<BucketPolicyStatus>.Absent() : Fetched<BucketPolicyStatus>.Ok(new BucketPolicyStatus { IsPublic = isPublic }),
        };

        private static AwsInventory WithBuckets(AwsInventory inventory, PublicAccessBlock? account, params S3Bucket[] buckets)
        {
            inventory.S3 = new S3Inventory
            {
                Buckets = Fetched<IReadOnlyList<S3Bucket>>.Ok(buckets),
                AccountPublicAccessBlock = account == null ? Fetched<PublicAccessBlock>.Absent() : Fetched<PublicAccessBlock>.Ok(account),
            };
            return inventory;
        }

        private static readonly PublicAccessBlock Restrict = new PublicAccessBlock { RestrictPublicBuckets = true };

        [Fact]
        public void WorkloadBuckets_NamesFromEnvironmentRoleAndResourcePolicy_ExactNamesOnly()
        {
            var function = Function("orders", role: "arn:aws:iam::123456789012:role/orders-role", environment: new Dictionary<string, string>
            {
                ["INPUT"] = "s3://in-bucket/prefix/", ["ARCHIVE"] = "arn:aws:s3:::archive-bucket/*", ["TARGET"] = "listed-bucket",
                ["REPORT_BUCKET"] = "reports-bucket", ["STAGE"] = "prod", ["GLOB"] = "s3://logs-*/x",
            });
            function.Policy = Fetched<ResourcePolicy>.Ok(new ResourcePolicy(PolicyParser.Parse(
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"s3.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\"," +
                "\"Resource\":\"x\",\"Condition\":{\"ArnLike\":{\"AWS:SourceArn\":\"arn:aws:s3:::uploads-bucket\"}}}]}"), ""));
            var role = new IamRole
            {
                Arn = "arn:aws:iam::123456789012:role/orders-role", RoleName = "orders-role",
                InlinePolicies = new[] { new NamedPolicy("data", Fetched<PolicyDocument>.Ok(PolicyParser.Parse(
                    "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":[\"arn:aws:s3:::role-bucket/*\",\"arn:aws:s3:::wild*/*\",\"*\"]}," +
                    "{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::denied-bucket\"}]}"))) },
            };
            var inventory = WithBuckets(Snapshot(Region("us-east-1", function)), null, Bucket("listed-bucket"));
            inventory.Iam = Fetched<IamAuthorizationDetails>.Ok(new IamAuthorizationDetails { Roles = new[] { role } });

            var buckets = new WorkloadBuckets(inventory).All;

            Assert.Equal(new[] { "archive-bucket", "in-bucket", "listed-bucket", "reports-bucket", "role-bucket", "uploads-bucket" }, buckets.Select(b => b.Name));
            Assert.Contains("execution role orders-role", buckets.Single(b => b.Name == "role-bucket").NamedBy.Single());
            Assert.NotNull(buckets.Single(b => b.Name == "listed-bucket").Bucket);
            Assert.Null(buckets.Single(b => b.Name == "in-bucket").Bucket);
            Assert.Equal("us-east-1", buckets.Single(b => b.Name == "in-bucket").Region);
        }

        [Fact]
        public void WorkloadBuckets_RestApiS3PathIntegration_NamesTheBucket_NotAParameterisedOne()
        {
            var region = Region("eu-west-1");
            var methods = new[]
            {
                new ApiMethod { HttpMethod = "GET", IntegrationType = "AWS", IntegrationUri = "arn:aws:apigateway:eu-west-1:s3:path/static-site/{key}" },
                new ApiMethod { HttpMethod = "PUT", IntegrationType = "AWS", IntegrationUri = "arn:aws:apigateway:eu-west-1:s3:path/{bucket}/{key}" },
                new ApiMethod { HttpMethod = "POST", IntegrationType = "AWS_PROXY", IntegrationUri = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/x/invocations" },
            };
            region.RestApis = Fetched<IReadOnlyList<RestApi>>.Ok(new[] { new RestApi { Id = "a1", Name = "files-api",
                Resources = Fetched<IReadOnlyList<ApiResource>>.Ok(new[] { new ApiResource { Id = "r1", Path = "/files/{key}", Methods = methods } }) } });

            var bucket = Assert.Single(new WorkloadBuckets(Snapshot(region)).All);
            Assert.Equal("static-site", bucket.Name);
            Assert.Equal("the S3 integration of GET /files/{key} of REST API files-api", Assert.Single(bucket.NamedBy));
            Assert.Equal("eu-west-1", bucket.Region);
        }

        [Fact]
        public void EncryptionKms_S3NotCollected_ErrorPerNamedBucket()
        {
            var inventory = Snapshot(Region("us-east-1", Function("orders", environment: new Dictionary<string, string> { ["DATA_BUCKET"] = "orders-data" })));
            var finding = Assert.Single(Run(S3EncryptionKmsRule.Info.Id, inventory));
            Assert.Equal("Error", finding.Status);
            Assert.Contains("s3:ListAllMyBuckets", finding.Reason);
        }

        [Fact]
        public void PublicAccess_RestrictAtAccountLevel_PassesEvenWhenBucketAnswersFailed()
        {
            var bucket = Bucket("orders-data");
            bucket.PublicAccessBlock = Fetched<PublicAccessBlock>.Failed(AccessDenied("s3api GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock"));
            bucket.PolicyStatus = Fetched<BucketPolicyStatus>.Failed(AccessDenied("s3api GetBucketPolicyStatus", "s3:GetBucketPolicyStatus"));
            var inventory = WithBuckets(Snapshot(Region("us-east-1", Function("orders", environment: new Dictionary<string, string> { ["B"] = "orders-data" }))), Restrict, bucket);
            var finding = Assert.Single(Run(S3PublicAccessRule.Info.Id, inventory));
            Assert.Equal("Passed", finding.Status);
            Assert.Equal("eu-west-1", finding.Region);
        }

        [Fact]
        public void PublicAccess_PublicPolicyWithBlockPublicPolicyOnly_FailsHigh_AndBpaOffFailsMedium()
        {
            var open = Bucket("open-site", block: new PublicAccessBlock { BlockPublicPolicy = true }, isPublic: true);
            var off = Bucket("off-bucket", isPublic: false);
            var inventory = WithBuckets(Snapshot(Region("us-east-1", Function("site", environment: new Dictionary<string, string> { ["A"] = "s3://open-site", ["B"] = "s3://off-bucket" }))), null, open, off);
            var findings = Run(S3PublicAccessRule.Info.Id, inventory);
            Assert.Equal(("Failed", "High"), (Single(findings, "open-site").Status, Single(findings, "open-site").Severity));
            Assert.Equal(("Failed", "Medium"), (Single(findings, "off-bucket").Status, Single(findings, "off-bucket").Severity));
        }

        [Fact]
        public void PublicAccess_PolicyStatusWithoutIsPublic_IsAnError()
        {
            var bucket = Bucket("orders-data");
            bucket.PolicyStatus = Fetched<BucketPolicyStatus>.Ok(new BucketPolicyStatus());
            var inventory = WithBuckets(Snapshot(Region("us-east-1", Function("orders", environment: new Dictionary<string, string> { ["B"] = "orders-data" }))), null, bucket);
            Assert.Equal("Error", Assert.Single(Run(S3PublicAccessRule.Info.Id, inventory)).Status);
        }

        [Fact]
        public void EncryptionKms_AwsManagedKeyWithAllowList_Fails()
        {
            var bucket = Bucket("orders-data", new BucketEncryption { Rules = new[] { new BucketEncryptionRule { SseAlgorithm = "aws:kms" } } });
            var inventory = WithBuckets(Snapshot(Region("us-east-1", Function("orders", environment: new Dictionary<string, string> { ["B"] = "orders-data" }))), null, bucket);
            Assert.Equal("Passed", Assert.Single(Run(S3EncryptionKmsRule.Info.Id, inventory)).Status);
            var limited = Assert.Single(Run(S3EncryptionKmsRule.Info.Id, inventory, new Dictionary<string, object?> { ["KmsKeyArns"] = new[] { "arn:aws:kms:eu-west-1:123456789012:key/1111" } }));
            Assert.Equal("Failed", limited.Status);
            Assert.Contains("aws/s3", limited.Reason);
        }
    }
}
