using System.Collections.Generic;

namespace WafSecurity.Engine.Inventory
{
    public static partial class SnapshotReader
    {
        private const string GlobalScope = "global";

        /// <summary>
        /// global/s3api and global/s3control. No ListBuckets.json: S3 was not collected (one warning; the account-level
        /// Block Public Access is then NotCollected too). The per-bucket answers are "absent when missing" (the CLI's
        /// NoSuchPublicAccessBlockConfiguration, ServerSideEncryptionConfigurationNotFoundError, NoSuchBucketPolicy), except
        /// that a listed bucket with none of its three files (and no error file) is NotCollected: since January 2023 every
        /// bucket answers GetBucketEncryption, so "nothing at all" means the calls were not made, and a rule must not pass on it.
        /// </summary>
        private static S3Inventory ReadS3(SnapshotFolder files)
        {
            var list = files.LoadList<IReadOnlyList<S3Bucket>>(GlobalScope, SnapshotOperations.S3ListBuckets, CliDocuments.ListBuckets);
            var s3 = new S3Inventory { Buckets = list };
            var accountOp = SnapshotOperations.S3ControlGetPublicAccessBlock;
            if (list.State == FetchState.NotCollected)
            {
                files.Report(IssueKind.Warning, "WafSecurity.ServiceNotCollected", "global/s3api",
                    "S3 was not collected (no global/s3api/ListBuckets.json): the S3 rules yield nothing.");
                s3.AccountPublicAccessBlock = Fetched<PublicAccessBlock>.NotCollected(list.Error!);
                return s3;
            }
            s3.AccountPublicAccessBlock = files.Load(files.OperationPath(GlobalScope, accountOp), accountOp, CliDocuments.GetPublicAccessBlock, absentWhenMissing: true);
            if (!list.IsOk) return s3;

            var perBucket = new[] { SnapshotOperations.S3GetBucketEncryption, SnapshotOperations.S3GetPublicAccessBlock, SnapshotOperations.S3GetBucketPolicyStatus };
            foreach (var bucket in list.Value!)
            {
                if (bucket.BucketRegion == null)
                {
                    var location = files.Load(files.KeyPath(GlobalScope, SnapshotOperations.S3GetBucketLocation, bucket.Name),
                        SnapshotOperations.S3GetBucketLocation, CliDocuments.GetBucketLocation, absentWhenMissing: true);
                    bucket.BucketRegion = location.Value;
                }
                var recorded = false;
                foreach (var op in perBucket) recorded |= Recorded(files, files.KeyPath(GlobalScope, op, bucket.Name));
                bucket.Encryption = LoadBucketFile(files, bucket.Name, SnapshotOperations.S3GetBucketEncryption, CliDocuments.GetBucketEncryption, recorded);
                bucket.PublicAccessBlock = LoadBucketFile(files, bucket.Name, SnapshotOperations.S3GetPublicAccessBlock, CliDocuments.GetPublicAccessBlock, recorded);
                bucket.PolicyStatus = LoadBucketFile(files, bucket.Name, SnapshotOperations.S3GetBucketPolicyStatus, CliDocuments.GetBucketPolicyStatus, recorded);
            }
            return s3;
        }

        private static Fetched<T> LoadBucketFile<T>(SnapshotFolder files, string bucket, SnapshotOperation op, System.Func<System.Text.Json.JsonElement, T?> map,
            bool bucketRecorded) where T : class
        {
            var path = files.KeyPath(GlobalScope, op, bucket);
            if (bucketRecorded) return files.Load(path, op, map, absentWhenMissing: true);
            return Fetched<T>.NotCollected(new CallError("NotCollected",
                $"no answer recorded for bucket {bucket} (none of its GetBucketEncryption, GetPublicAccessBlock, GetBucketPolicyStatus files)",
                op.Label, op.IamAction, files.Relative(path)));
        }

        private static bool Recorded(SnapshotFolder files, string path)
            => files.Store.FileExists(path) || files.Store.FileExists(path.Substring(0, path.Length - ".json".Length) + ".error.json");
    }
}
