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
            for (var i = 1; i < times.Length; i++)
                Assert.True(times[i] - times[i - 1] >= TimeSpan.FromMilliseconds(400), $"request {i + 1} went out {(times[i] - times[i - 1]).TotalMilliseconds:N0} ms after the one before");
            // Every request was admitted as it went out: nothing left to charge, so the next call has the next token.
            Assert.Equal(4, scheduler.BucketFor(ApiGroups.Iam, AwsEndpoints.Global).Admitted);
        }
    }
}
