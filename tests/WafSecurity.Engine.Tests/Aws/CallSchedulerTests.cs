// Virtual-clock tests complete synchronously; the few real-clock ones block on purpose with a timeout check.
#pragma warning disable xUnit1031
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WafSecurity.Engine.Aws;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Tests.Aws
{
    public class CallSchedulerTests
    {
        private sealed class ConstantSource : IAwsCallSource
        {
            private readonly Func<AwsCall, int, AwsCallResult> _answer;
            private readonly ConcurrentDictionary<string, int> _attempts = new ConcurrentDictionary<string, int>();
            public ConstantSource(Func<AwsCall, int, AwsCallResult>? answer = null) { _answer = answer ?? ((c, n) => AwsCallResult.Ok("{}")); }
            public Task<AwsCallResult> CallAsync(AwsCall call, CancellationToken cancellationToken)
                => Task.FromResult(_answer(call, _attempts.AddOrUpdate(call.ToString(), 1, (_, n) => n + 1)));
        }

        /// <summary>The most admissions inside any window of the given length (two-pointer sweep over sorted times).</summary>
        private static int MaxInWindow(IEnumerable<TimeSpan> times, TimeSpan window)
        {
            var sorted = times.OrderBy(t => t).ToList();
            int best = 0, start = 0;
            for (var end = 0; end < sorted.Count; end++)
            {
                while (sorted[end] - sorted[start] >= window) start++;
                best = Math.Max(best, end - start + 1);
            }
            return best;
        }

        [Theory]
        [InlineData(1.0)]
        [InlineData(10.0)]
        public void RunAsync_ManyConcurrentCalls_NeverExceedsAGroupsRatePlusBurstInAnySecond(double scale)
        {
            var clock = new VirtualClock();
            var admitted = new ConcurrentDictionary<string, ConcurrentBag<TimeSpan>>();
            var scheduler = new CallScheduler(new ConstantSource(), new SchedulerOptions
            {
                Clock = clock, RateScale = scale,
                OnAdmitted = (group, region, at) => admitted.GetOrAdd(group.Name + "|" + region, _ => new ConcurrentBag<TimeSpan>()).Add(at),
            });
            var calls = new List<Task>();
            foreach (var region in new[] { "us-east-1", "eu-west-1" })
                for (var i = 0; i < 600; i++)
                {
                    calls.Add(scheduler.RunAsync(new AwsCall(SnapshotOperations.LambdaGetPolicy, region, "f" + i), CancellationToken.None));
                    calls.Add(scheduler.RunAsync(new AwsCall(SnapshotOperations.LambdaListAliases, region, "f" + i), CancellationToken.None));
                    calls.Add(scheduler.RunAsync(new AwsCall(SnapshotOperations.RestGetStages, region, "a" + i), CancellationToken.None));
                }
            Task.WaitAll(calls.ToArray());

            foreach (var pair in admitted)
            {
                var group = ApiGroups.All.Single(g => g.Name == pair.Key.Split('|')[0]);
                var limit = group.RatePerSecond * scale + Math.Max(1, group.Burst * scale);
                var worst = MaxInWindow(pair.Value, TimeSpan.FromSeconds(1));
                Assert.True(worst <= limit, $"{pair.Key}: {worst} admissions in one second, limit {limit}");
                Assert.Equal(600, pair.Value.Count);
            }
        }

        [Theory]
        [InlineData(1.0)]
        [InlineData(10.0)]
        public void RunAsync_OneGroup_IsHeldAtItsRate(double scale)
        {
            // One group alone, so the virtual clock (which adds up the waits of independent groups) measures it exactly.
            var clock = new VirtualClock();
            var scheduler = new CallScheduler(new ConstantSource(), new SchedulerOptions { Clock = clock, RateScale = scale });
            var calls = Enumerable.Range(0, 600).Select(i => scheduler.RunAsync(new AwsCall(SnapshotOperations.LambdaListAliases, "us-east-1", "f" + i), CancellationToken.None)).ToArray();
            Task.WaitAll(calls);
            var rate = ApiGroups.LambdaControlPlane.RatePerSecond * scale;
            var bound = (600 - ApiGroups.LambdaControlPlane.Burst * scale) / rate;
            Assert.InRange(clock.Now.TotalSeconds, bound * 0.99, bound * 1.01);
        }

        [Fact]
        public void TokenBucket_SerialAcquisitions_AreSpacedAtTheRateAfterTheBurst()
        {
            var clock = new VirtualClock();
            var bucket = new TokenBucket(clock, 15, 2);
            var times = Enumerable.Range(0, 32).Select(_ => bucket.AcquireAsync(CancellationToken.None).GetAwaiter().GetResult()).ToList();
            Assert.Equal(TimeSpan.Zero, times[1]);
            Assert.InRange(times[31].TotalSeconds, 30 / 15.0 - 0.01, 30 / 15.0 + 0.01);
            Assert.True(MaxInWindow(times, TimeSpan.FromSeconds(1)) <= 17);
        }

        [Fact]
        public void RunAsync_Throttled_BacksOffTheBucketRetriesAndSucceeds()
        {
            var clock = new VirtualClock();
            var source = new ConstantSource((call, attempt) => attempt <= 3 ? AwsCallResult.Failed("TooManyRequestsException", "Rate exceeded", 429) : AwsCallResult.Ok("{}"));
            var scheduler = new CallScheduler(source, new SchedulerOptions { Clock = clock });
            var result = scheduler.RunAsync(new AwsCall(SnapshotOperations.LambdaGetPolicy, "us-east-1", "f"), CancellationToken.None).GetAwaiter().GetResult();
            Assert.Equal(AwsCallOutcome.Ok, result.Outcome);
            Assert.Equal(3, scheduler.ThrottleRetries);
            var bucket = scheduler.BucketFor(ApiGroups.LambdaGetPolicy, "us-east-1");
            Assert.True(bucket.CurrentRate < 15, "the bucket slowed down");
        }

        [Fact]
        public void RunAsync_AlwaysThrottled_GivesUpAfterTheBoundAndReportsThrottling()
        {
            var source = new ConstantSource((call, attempt) => AwsCallResult.Failed("ThrottlingException", "Rate exceeded", 400));
            var scheduler = new CallScheduler(source, new SchedulerOptions { Clock = new VirtualClock(), MaxThrottleRetries = 5 });
            var result = scheduler.RunAsync(new AwsCall(SnapshotOperations.KmsDescribeKey, "us-east-1", "k"), CancellationToken.None).GetAwaiter().GetResult();
            Assert.Equal(AwsCallOutcome.Failed, result.Outcome);
            Assert.True(CallScheduler.IsThrottling(result));
            Assert.Equal(6, scheduler.Requests);
        }

        [Theory]
        [InlineData("ServiceUnavailable", 503, true)]
        [InlineData("ConnectionError", null, true)]
        [InlineData("AccessDeniedException", 403, false)]
        [InlineData("AccessDeniedException", null, false)]
        [InlineData("ValidationException", 400, false)]
        public void RunAsync_FailureKinds_RetriesOnlyTransientOnes(string code, int? status, bool retried)
        {
            var source = new ConstantSource((call, attempt) => attempt == 1 ? AwsCallResult.Failed(code, "m", status) : AwsCallResult.Ok("{}"));
            var scheduler = new CallScheduler(source, new SchedulerOptions { Clock = new VirtualClock() });
            var result = scheduler.RunAsync(new AwsCall(SnapshotOperations.SecretsListSecrets, "us-east-1"), CancellationToken.None).GetAwaiter().GetResult();
            Assert.Equal(retried ? AwsCallOutcome.Ok : AwsCallOutcome.Failed, result.Outcome);
        }

        [Fact]
        public void RunAsync_ServerErrorAfterTheSourcesOwnRetries_IsNotRetriedAgain()
        {
            // AwsApiCallSource already retried inside the SDK (9 attempts): layering the scheduler's retries on top made a
            // persistently failing operation cost 45 requests and half a minute per call.
            var source = new ConstantSource((call, attempt) => new AwsCallResult { Outcome = AwsCallOutcome.Failed, ErrorCode = "InternalFailure", HttpStatus = 500, Requests = 9 });
            var scheduler = new CallScheduler(source, new SchedulerOptions { Clock = new VirtualClock() });
            var result = scheduler.RunAsync(new AwsCall(SnapshotOperations.V2GetAuthorizers, "us-east-1", "api"), CancellationToken.None).GetAwaiter().GetResult();
            Assert.Equal(AwsCallOutcome.Failed, result.Outcome);
            Assert.Equal(9, scheduler.Requests);
            Assert.Equal(0, scheduler.TransientRetries);
        }

        [Fact]
        public void RunAsync_ServerErrorsFromASingleAttemptSource_AreRetriedUpToTheBudget()
        {
            var source = new ConstantSource((call, attempt) => AwsCallResult.Failed("ServiceUnavailable", "m", 503));
            var scheduler = new CallScheduler(source, new SchedulerOptions { Clock = new VirtualClock(), MaxTransientRetries = 4 });
            var result = scheduler.RunAsync(new AwsCall(SnapshotOperations.SecretsListSecrets, "us-east-1"), CancellationToken.None).GetAwaiter().GetResult();
            Assert.Equal(AwsCallOutcome.Failed, result.Outcome);
            Assert.Equal(5, scheduler.Requests);
        }

        [Fact]
        public void RunAsync_AgainstEnforcedQuotas_IsNeverThrottledByTheInstrument()
        {
            var recorded = SnapshotDocuments.Load(CollectorTestSupport.DemoAccount);
            var clock = new VirtualClock();
            var source = new SnapshotCallSource(recorded, new CallFaults { EnforceRateScale = 1 }, clock);
            var result = CollectorTestSupport.Collect(recorded, clock: clock, source: source);
            Assert.Equal(0, source.EnforcedThrottles);
            Assert.Equal(0, result.ThrottleRetries);
        }

        [Fact]
        public void AcquireAsync_Cancelled_StopsWaitingAtOnce()
        {
            var bucket = new TokenBucket(MonotonicClock.Instance, 0.01, 1);
            bucket.AcquireAsync(CancellationToken.None).GetAwaiter().GetResult();
            using var cancel = new CancellationTokenSource(30);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Assert.ThrowsAny<OperationCanceledException>(() => bucket.AcquireAsync(cancel.Token).GetAwaiter().GetResult());
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2));
        }
    }
}
