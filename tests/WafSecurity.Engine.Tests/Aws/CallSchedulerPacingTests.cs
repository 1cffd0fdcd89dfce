using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using WafSecurity.Engine.Aws;
using WafSecurity.Engine.Inventory;
using Xunit;

namespace WafSecurity.Engine.Tests.Aws
{
    /// <summary>The live call source's own retries (inside the SDK pipeline) keep to the scheduler's bucket.</summary>
    public sealed class CallSchedulerPacingTests
    {
        [Fact]
        public async Task RunAsync_ServerErrorRetriedInsideTheSdk_EachRetryWaitsForItsOwnToken()
        {
            // iam at 10/s x 0.2 = 2 requests a second, burst 1: four requests (the first and 3 SDK retries) need >= 1.5 s.
            var sent = new ConcurrentQueue<TimeSpan>();
            var watch = Stopwatch.StartNew();
            using var fake = new FakeAwsListener(_ =>
            {
                sent.Enqueue(watch.Elapsed);
                return (500, "<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>not implemented</Message></Error></ErrorResponse>", null);
            });
            using var source = new AwsApiCallSource(new AwsConnection(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new[] { "eu-west-1" }, "test", "test",
                fake.Url, new AwsRetrySettings { MaxErrorRetry = 3 }, _ => null));
            var admitted = new ConcurrentQueue<string>();
            var scheduler = new CallScheduler(source, new SchedulerOptions
            {
                RateScale = 0.2, MaxTransientRetries = 0, OnAdmitted = (group, scope, _) => admitted.Enqueue(group.Name + "|" + scope),
            });

            var r = await scheduler.RunAsync(new AwsCall(SnapshotOperations.IamGenerateServiceLastAccessedDetails, AwsEndpoints.Global, "role-a",
                new System.Collections.Generic.Dictionary<string, string> { ["Arn"] = "arn:aws:iam::123456789012:role/role-a", ["Granularity"] = "ACTION_LEVEL" }),
                CancellationToken.None);

            Assert.Equal(AwsCallOutcome.Failed, r.Outcome);
            Assert.Equal(4, r.Requests);
            Assert.Equal(4, sent.Count);
            Assert.Equal(Enumerable.Repeat("iam|global", 4), admitted);
            var times = sent.ToArray();
            // (The first request's arrival lags its admission by the client's warm-up, so its gap to the second can be shorter.)
            for (var i = 2; i < times.Length; i++)
                Assert.True(times[i] - times[i - 1] >= TimeSpan.FromMilliseconds(400), $"request {i + 1} went out {(times[i] - times[i - 1]).TotalMilliseconds:N0} ms after the one before");
            // Every request was admitted as it went out: nothing left to charge, so the next call has the next token.
            Assert.Equal(4, scheduler.BucketFor(ApiGroups.Iam, AwsEndpoints.Global).Admitted);
        }

        /// <summary>Answers after a fixed delay and records how many calls of each service and region were in flight at most.</summary>
        private sealed class SlowSource : IAwsCallSource
        {
            private readonly TimeSpan _delay;
            private readonly ConcurrentDictionary<string, int> _inFlight = new ConcurrentDictionary<string, int>();
            public readonly ConcurrentDictionary<string, int> MaxInFlight = new ConcurrentDictionary<string, int>();
            public SlowSource(TimeSpan delay) { _delay = delay; }

            public async Task<AwsCallResult> CallAsync(AwsCall call, CancellationToken cancellationToken)
            {
                var key = call.Operation.Service + "|" + call.Region;
                var now = _inFlight.AddOrUpdate(key, 1, (_, n) => n + 1);
                MaxInFlight.AddOrUpdate(key, now, (_, m) => Math.Max(m, now));
                try { await Task.Delay(_delay, cancellationToken); }
                finally { _inFlight.AddOrUpdate(key, 0, (_, n) => n - 1); }
                return AwsCallResult.Ok("{}");
            }
        }

        [Fact]
        public async Task RunAsync_SlowService_NoMoreCallsInFlightPerClientThanItsConnections()
        {
            // lambda's control plane at x10 = 150/s; answers take 1 s. Admitting more calls than the client has connections
            // (AwsRetrySettings.MaxConnectionsPerServer, 64) would queue them in its pool, and they would leave when
            // connections free up, in a clump the bucket never paced: each admitted call must find a connection at once.
            var source = new SlowSource(TimeSpan.FromSeconds(1));
            var scheduler = new CallScheduler(source, new SchedulerOptions { RateScale = 10 });

            await Task.WhenAll(Enumerable.Range(0, 200).Select(i => scheduler.RunAsync(
                new AwsCall(SnapshotOperations.LambdaListAliases, "eu-west-1", "fn-" + i, new System.Collections.Generic.Dictionary<string, string> { ["FunctionName"] = "fn-" + i }),
                CancellationToken.None)));

            Assert.Equal(64, source.MaxInFlight["lambda|eu-west-1"]);
        }

        [Fact]
        public async Task RunAsync_CallsWaitingForOneGroupsTokens_DoNotHoldBackAnotherGroupOfTheSameService()
        {
            // 300 ListAliases (control plane, 150/s) queued first, then 10 GetPolicy (their own group): the GetPolicy calls
            // must not wait behind the control-plane queue (2 s of it).
            var source = new SlowSource(TimeSpan.FromMilliseconds(20));
            var scheduler = new CallScheduler(source, new SchedulerOptions { RateScale = 10 });
            var control = Enumerable.Range(0, 300).Select(i => scheduler.RunAsync(new AwsCall(SnapshotOperations.LambdaListAliases, "eu-west-1", "fn-" + i,
                new System.Collections.Generic.Dictionary<string, string> { ["FunctionName"] = "fn-" + i }), CancellationToken.None)).ToList();
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 10).Select(i => scheduler.RunAsync(new AwsCall(SnapshotOperations.LambdaGetPolicy, "eu-west-1", "fn-" + i,
                new System.Collections.Generic.Dictionary<string, string> { ["FunctionName"] = "fn-" + i }), CancellationToken.None)));
            var policies = watch.Elapsed;
            await Task.WhenAll(control);

            Assert.True(policies < TimeSpan.FromSeconds(1), $"GetPolicy took {policies.TotalSeconds:N2} s behind the control-plane queue");
        }

        [Fact]
        public void MaxConnectionsPerServer_HoldsEveryGroupOfAServiceAtItsInFlightLimit()
        {
            var groupsPerService = SnapshotOperations.All.GroupBy(o => o.Service).Select(g => g.Select(ApiGroups.Of).Distinct().Count()).Max();
            Assert.True(new AwsRetrySettings().MaxConnectionsPerServer >= groupsPerService * SchedulerOptions.DefaultMaxInFlightPerGroup);
        }
    }
}
