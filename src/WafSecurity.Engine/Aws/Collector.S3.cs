using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WafSecurity.Engine.Inventory;
using Ops = WafSecurity.Engine.Inventory.SnapshotOperations;

namespace WafSecurity.Engine.Aws
{
    public sealed partial class Collector
    {
        /// <summary>
        /// S3, once per account: ListBuckets and the account's Block Public Access (s3control, home region), then per bucket
        /// GetBucketLocation (only without BucketRegion) and, in the bucket's region, GetBucketEncryption,
        /// GetPublicAccessBlock and GetBucketPolicyStatus. Every answer is filed under global/ (bucket names are global).
        /// </summary>
        private async Task S3Async(CancellationToken ct)
        {
            var account = CallAsync(Ops.S3ControlGetPublicAccessBlock, AwsEndpoints.Global, null,
                new Dictionary<string, string> { ["AccountId"] = _accountId }, ct);
            var list = await CallAsync(Ops.S3ListBuckets, AwsEndpoints.Global, null, null, ct).ConfigureAwait(false);
            var buckets = Parse(list, CliDocuments.ListBuckets) ?? new List<S3Bucket>();
            var work = buckets.Select(b => BucketAsync(b, ct)).ToList();
            work.Add(account);
            await WhenAllOrFirstCancel(work).ConfigureAwait(false);
        }

        private async Task BucketAsync(S3Bucket bucket, CancellationToken ct)
        {
            var region = bucket.BucketRegion;
            if (region == null)
            {
                var location = await CallFiledAsync(Ops.S3GetBucketLocation, AwsEndpoints.Global, bucket.Name, ct).ConfigureAwait(false);
                region = Parse(location, CliDocuments.GetBucketLocation);
            }
            var calls = new[] { Ops.S3GetBucketEncryption, Ops.S3GetPublicAccessBlock, Ops.S3GetBucketPolicyStatus }
                .Select(op => CallFiledAsync(op, region ?? AwsEndpoints.Global, bucket.Name, ct));
            await WhenAllOrFirstCancel(calls).ConfigureAwait(false);
        }

        /// <summary>A per-bucket call made in <paramref name="callRegion"/> (where the bucket is) and filed under global/.</summary>
        private async Task<AwsCallResult> CallFiledAsync(SnapshotOperation op, string callRegion, string bucket, CancellationToken ct)
        {
            Interlocked.Increment(ref _planned);
            var count = _counts.GetOrAdd(AwsEndpoints.Global + "|" + op.Label, _ => new OperationCount(AwsEndpoints.Global, op));
            var result = await _scheduler.RunAsync(new AwsCall(op, callRegion, bucket, null), ct).ConfigureAwait(false);
            Record(op, AwsEndpoints.Global, bucket, result, count);
            var completed = Interlocked.Increment(ref _completed);
            Raise(CollectionEventKind.Progress, $"{op.Label} {callRegion} {bucket}", callRegion, op.Label, completed, Volatile.Read(ref _planned));
            return result;
        }
    }
}
