using System.Linq;
using WafSecurity.Engine.Aws;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Tests.Inventory
{
    /// <summary>global/s3api and global/s3control: the CLI documents mapped to the S3 model, and the absent/not-collected rules.</summary>
    public class S3InventoryTests
    {
        private const string TwoBuckets = @"{""Buckets"": [
  {""Name"": ""orders-data"", ""CreationDate"": ""2026-11-01T09:30:00+00:00"", ""BucketRegion"": ""eu-west-1""},
  {""Name"": ""images.example"", ""CreationDate"": ""2026-11-01T09:30:00.000Z""}],
 ""Owner"": {""DisplayName"": ""owner"", ""ID"": ""abc""}, ""Prefix"": null}";

        private const string KmsEncryption = @"{""ServerSideEncryptionConfiguration"": {""Rules"": [{""ApplyServerSideEncryptionByDefault"":
  {""SSEAlgorithm"": ""aws:kms"", ""KMSMasterKeyID"": ""arn:aws:kms:eu-west-1:123456789012:key/1111""}, ""BucketKeyEnabled"": true}]}}";

        private const string AllOn = @"{""PublicAccessBlockConfiguration"": {""BlockPublicAcls"": true, ""IgnorePublicAcls"": true,
  ""BlockPublicPolicy"": true, ""RestrictPublicBuckets"": true}}";

        [Fact]
        public void Read_S3Files_MapsEveryField()
        {
            using var snap = new TempSnapshot()
                .Write("global/s3api/ListBuckets.json", TwoBuckets)
                .Write("global/s3api/GetBucketEncryption/orders-data.json", KmsEncryption)
                .Write("global/s3api/GetPublicAccessBlock/orders-data.json", AllOn)
                .Write("global/s3api/GetBucketPolicyStatus/orders-data.json", "{\"PolicyStatus\": {\"IsPublic\": true}}")
                .Write("global/s3api/GetBucketLocation/images.example.json", "{\"LocationConstraint\": \"EU\"}")
                .Write("global/s3api/GetBucketEncryption/images.example.json", "{\"ServerSideEncryptionConfiguration\": {\"Rules\": [{\"ApplyServerSideEncryptionByDefault\": {\"SSEAlgorithm\": \"AES256\"}}]}}")
                .Write("global/s3control/GetPublicAccessBlock.json", "{\"PublicAccessBlockConfiguration\": {\"BlockPublicAcls\": true}}");
            var s3 = SnapshotReader.Read(snap.Root).S3;

            Assert.Equal(FetchState.Ok, s3.Buckets.State);
            var orders = s3.Find("orders-data")!;
            Assert.Equal("eu-west-1", orders.BucketRegion);
            var rule = Assert.Single(orders.Encryption.Value!.Rules);
            Assert.Equal("aws:kms", rule.SseAlgorithm);
            Assert.Equal("arn:aws:kms:eu-west-1:123456789012:key/1111", rule.KmsMasterKeyId);
            Assert.True(rule.BucketKeyEnabled);
            Assert.True(orders.PublicAccessBlock.Value!.AllOn);
            Assert.True(orders.PolicyStatus.Value!.IsPublic);

            var images = s3.Find("images.example")!;
            Assert.Equal("eu-west-1", images.BucketRegion); // GetBucketLocation "EU"
            Assert.Equal("AES256", images.Encryption.Value!.Rules[0].SseAlgorithm);
            Assert.Equal(FetchState.Absent, images.PublicAccessBlock.State);   // NoSuchPublicAccessBlockConfiguration
            Assert.Equal(FetchState.Absent, images.PolicyStatus.State);        // NoSuchBucketPolicy

            var account = s3.AccountPublicAccessBlock.Value!;
            Assert.True(account.BlockPublicAcls);
            Assert.False(account.RestrictPublicBuckets); // a missing member reads as false
        }

        [Fact]
        public void Read_NoListBuckets_S3NotCollectedWarnedOnce()
        {
            using var snap = new TempSnapshot().Write("global/s3control/GetPublicAccessBlock.json", AllOn);
            var inventory = SnapshotReader.Read(snap.Root);
            Assert.Equal(FetchState.NotCollected, inventory.S3.Buckets.State);
            Assert.Equal("s3:ListAllMyBuckets", inventory.S3.Buckets.Error!.IamAction);
            Assert.Equal(FetchState.NotCollected, inventory.S3.AccountPublicAccessBlock.State);
            var warning = Assert.Single(inventory.Issues, i => i.Target == "global/s3api");
            Assert.Equal(IssueKind.Warning, warning.Kind);
            Assert.Equal("WafSecurity.ServiceNotCollected", warning.ErrorId);
        }

        [Fact]
        public void Read_BucketWithNoPerBucketFile_IsNotCollectedNotAbsent()
        {
            using var snap = new TempSnapshot().Write("global/s3api/ListBuckets.json", TwoBuckets)
                .Write("global/s3api/GetBucketEncryption/orders-data.json", KmsEncryption);
            var s3 = SnapshotReader.Read(snap.Root).S3;
            var images = s3.Find("images.example")!;
            Assert.Equal(FetchState.NotCollected, images.Encryption.State);
            Assert.Equal(FetchState.NotCollected, images.PublicAccessBlock.State);
            Assert.Equal("s3:GetBucketPolicyStatus", images.PolicyStatus.Error!.IamAction);
            // orders-data has one file: the other two are "absent when missing".
            Assert.Equal(FetchState.Absent, s3.Find("orders-data")!.PublicAccessBlock.State);
            Assert.Equal(FetchState.Absent, s3.AccountPublicAccessBlock.State);
        }

        [Fact]
        public void Read_ErrorFileAndBadShape_AreFailedWithTheIamAction()
        {
            using var snap = new TempSnapshot().Write("global/s3api/ListBuckets.json", TwoBuckets)
                .Write("global/s3api/GetBucketEncryption/orders-data.error.json", "{\"Code\":\"AccessDenied\",\"Message\":\"denied\",\"HttpStatus\":403}")
                .Write("global/s3api/GetBucketPolicyStatus/orders-data.json", "{\"PolicyStatus\": []}")
                .Write("global/s3control/GetPublicAccessBlock.error.json", "{\"Code\":\"AccessDenied\",\"Message\":\"denied\",\"HttpStatus\":403}");
            var inventory = SnapshotReader.Read(snap.Root);
            var orders = inventory.S3.Find("orders-data")!;
            Assert.Equal(FetchState.Failed, orders.Encryption.State);
            Assert.Equal("AccessDenied", orders.Encryption.Error!.Code);
            Assert.Equal("s3:GetEncryptionConfiguration", orders.Encryption.Error.IamAction);
            Assert.Equal(FetchState.Failed, orders.PolicyStatus.State);
            Assert.Equal("InvalidShape", orders.PolicyStatus.Error!.Code);
            Assert.Equal("s3:GetAccountPublicAccessBlock", inventory.S3.AccountPublicAccessBlock.Error!.IamAction);
        }

        [Fact]
        public void Read_BucketWithoutName_IsAnInvalidShapeError()
        {
            using var snap = new TempSnapshot().Write("global/s3api/ListBuckets.json", "{\"Buckets\": [{\"CreationDate\": \"2026-11-01T09:30:00Z\"}]}");
            Assert.Equal(FetchState.Failed, SnapshotReader.Read(snap.Root).S3.Buckets.State);
        }

        [Fact]
        public void Operations_AreInTheSnapshotSetWithTheirApiGroup()
        {
            foreach (var op in new[] { SnapshotOperations.S3ListBuckets, SnapshotOperations.S3GetBucketLocation, SnapshotOperations.S3GetBucketEncryption,
                         SnapshotOperations.S3GetPublicAccessBlock, SnapshotOperations.S3GetBucketPolicyStatus, SnapshotOperations.S3ControlGetPublicAccessBlock })
            {
                Assert.Contains(op, SnapshotOperations.All);
                Assert.Same(ApiGroups.S3ControlPlane, ApiGroups.Of(op));
            }
            Assert.Contains(ApiGroups.S3ControlPlane, ApiGroups.All);
            Assert.True(SnapshotOperations.S3ControlGetPublicAccessBlock.AbsentWhenMissing);
            Assert.False(SnapshotOperations.S3ListBuckets.AbsentWhenMissing);
        }
    }
}
