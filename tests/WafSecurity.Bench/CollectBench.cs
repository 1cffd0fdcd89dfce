using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading;
using WafSecurity.Engine.Aws;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Bench
{
    /// <summary>
    /// Live collection against a rate-limiting instrument: a generated snapshot served by SnapshotCallSource with every API
    /// group's quota enforced at 10x AWS's (over-rate requests are throttled, as AWS does) and 20 ms per request; the
    /// collector runs with the same 10x scale. Reports wall time against the lower bound (for each API group and region,
    /// its calls divided by its rate; the largest) and calls per function.
    /// </summary>
    public static class CollectBench
    {
        public static int Run(string snapshot, double scale = 10, int latencyMs = 20)
        {
            var recorded = SnapshotDocuments.Load(snapshot);
            var regions = recorded.Paths.Select(p => p.Split('/')[0]).Where(p => p.Contains('-')).Distinct().OrderBy(r => r, StringComparer.Ordinal).ToList();
            var functions = recorded.Paths.Count(p => p.Contains("/lambda/ListAliases/"));
            var source = new SnapshotCallSource(recorded, new CallFaults { Latency = TimeSpan.FromMilliseconds(latencyMs), EnforceRateScale = scale }, MonotonicClock.Instance);
            var collector = new Collector(source, new CollectorOptions
            {
                Regions = regions, Scheduler = new SchedulerOptions { RateScale = scale, Clock = MonotonicClock.Instance },
            });
            var watch = Stopwatch.StartNew();
            var result = collector.CollectAsync(CancellationToken.None).GetAwaiter().GetResult();
            watch.Stop();

            var perGroup = result.Counts
                .GroupBy(c => (Group: ApiGroups.Of(c.Operation), Scope: ApiGroups.Of(c.Operation) == ApiGroups.Iam ? "global" : c.Region))
                .Select(g => new { Group = g.Key.Group.Name, g.Key.Scope, Calls = g.Sum(c => c.Calls), Seconds = g.Sum(c => c.Calls) / (g.Key.Group.RatePerSecond * scale) })
                .OrderByDescending(g => g.Seconds).ToList();
            var bound = perGroup[0].Seconds;
            var ratio = watch.Elapsed.TotalSeconds / bound;
            Console.WriteLine($"Collection: {functions} functions in {regions.Count} regions, quotas x{scale}, {latencyMs} ms per request");
            foreach (var g in perGroup.Take(6)) Console.WriteLine($"  {g.Group,-32} {g.Scope,-10} {g.Calls,6} calls  {g.Seconds,7:N2} s at its rate");
            Console.WriteLine($"  wall {watch.Elapsed.TotalSeconds:N2} s, lower bound {bound:N2} s ({perGroup[0].Group} {perGroup[0].Scope}): {ratio:N2}x (target <= 1.2x)");
            Console.WriteLine($"  {result.Calls} calls, {result.Requests} requests, {(double)result.Calls / functions:N2} calls per function; " +
                              $"{source.EnforcedThrottles} throttled by the instrument, {result.ThrottleRetries} throttle retries, {result.Failures.Count} failed operation classes");
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                Functions = functions, Regions = regions.Count, Scale = scale, LatencyMs = latencyMs, WallSeconds = Math.Round(watch.Elapsed.TotalSeconds, 3),
                LowerBoundSeconds = Math.Round(bound, 3), BoundGroup = perGroup[0].Group + " " + perGroup[0].Scope, Ratio = Math.Round(ratio, 3),
                result.Calls, result.Requests, CallsPerFunction = Math.Round((double)result.Calls / functions, 2), InstrumentThrottles = source.EnforcedThrottles,
            }));
            return result.Failures.Count == 0 && ratio <= 1.2 ? 0 : 1;
        }
    }
}
