using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Inventory;
using static WafSecurity.Engine.Tests.Rules.RuleTestInventory;

namespace WafSecurity.Engine.Tests.Rules
{
    /// <summary>The SEC2.Abandoned judgement at fixed dates (CapturedAt 2026-11-27T10:00Z) over hand-built activity.</summary>
    public class AbandonedRulesTests
    {
        private static MetricActivity Activity(ActivityMetric metric, int days, params (string Label, int DaysAgo, double Value, string Status)[] points)
        {
            var byLabel = new Dictionary<string, MetricSeries>(StringComparer.Ordinal);
            foreach (var p in points)
            {
                if (!byLabel.TryGetValue(p.Label, out var series)) byLabel[p.Label] = series = new MetricSeries { Label = p.Label, StatusCode = p.Status };
                if (p.DaysAgo >= 0) series.Points.Add(new MetricPoint(CapturedAt.AddDays(-p.DaysAgo), p.Value));
            }
            return new MetricActivity(metric, days, byLabel);
        }

        private static RegionInventory Functions(MetricActivity? invocations, params LambdaFunction[] functions)
        {
            var region = Region("us-east-1", functions);
            region.ActivityCollected = true;
            region.Activity = invocations == null ? new Dictionary<ActivityMetric, Fetched<MetricActivity>>()
                : new Dictionary<ActivityMetric, Fetched<MetricActivity>> { [ActivityMetrics.LambdaInvocations] = Fetched<MetricActivity>.Ok(invocations) };
            return region;
        }

        private static LambdaFunction Modified(string name, int daysAgo)
        {
            var function = Function(name);
            function.LastModified = CapturedAt.AddDays(-daysAgo);
            return function;
        }

        [Fact]
        public void LambdaFunction_ActivityAgeAndWindow()
        {
            var activity = Activity(ActivityMetrics.LambdaInvocations, 90,
                ("busy", 3, 12, "Complete"), ("idle", -1, 0, "Complete"), ("zeros", 10, 0, "Complete"), ("partial", -1, 0, "PartialData"));
            var region = Functions(activity, Modified("busy", 400), Modified("idle", 200), Modified("zeros", 200), Modified("fresh", 20),
                Modified("partial", 200), Function("undated"));
            var findings = Run("SEC2.Abandoned.LambdaFunction", Snapshot(region));

            Assert.Equal("Passed", Single(findings, "busy").Status);
            Assert.Contains("12 Invocations", Single(findings, "busy").Reason);
            Assert.Equal("Failed", Single(findings, "idle").Status);
            Assert.Equal("Failed", Single(findings, "zeros").Status);
            Assert.Equal("Passed", Single(findings, "fresh").Status);
            Assert.Contains("too new", Single(findings, "fresh").Reason);
            Assert.Equal("Error", Single(findings, "partial").Status);
            Assert.Contains("PartialData", Single(findings, "partial").Reason);
            Assert.Equal("Error", Single(findings, "undated").Status);
            Assert.Contains("LastModified", Single(findings, "undated").Reason);
        }

        [Fact]
        public void LambdaFunction_ShorterWindow_ActivityPassesSilenceIsError()
        {
            var activity = Activity(ActivityMetrics.LambdaInvocations, 30, ("busy", 3, 1, "Complete"));
            var findings = Run("SEC2.Abandoned.LambdaFunction", Snapshot(Functions(activity, Modified("busy", 400), Modified("idle", 400))));
            Assert.Equal("Passed", Single(findings, "busy").Status);
            Assert.Equal("Error", Single(findings, "idle").Status);
            Assert.Contains("only 30 days", Single(findings, "idle").Reason);
            Assert.Contains("InactiveDays 90", Single(findings, "idle").Reason);
        }

        [Fact]
        public void LambdaFunction_ActivityBeforeInactiveDaysDoesNotCount()
        {
            var activity = Activity(ActivityMetrics.LambdaInvocations, 180, ("old", 120, 5, "Complete"));
            var findings = Run("SEC2.Abandoned.LambdaFunction", Snapshot(Functions(activity, Modified("old", 400))));
            Assert.Equal("Failed", Single(findings, "old").Status);
            var passed = Run("SEC2.Abandoned.LambdaFunction", Snapshot(Functions(activity, Modified("old", 400))),
                new Dictionary<string, object?> { ["InactiveDays"] = 150 });
            Assert.Equal("Passed", Single(passed, "old").Status);
        }

        [Fact]
        public void LambdaFunction_MetricsNotCollected_ErrorNamingTheAction_OrNothingWhereNoMetricsAtAll()
        {
            var findings = Run("SEC2.Abandoned.LambdaFunction", Snapshot(Functions(null, Modified("idle", 400))));
            var error = Single(findings, "idle");
            Assert.Equal("Error", error.Status);
            Assert.Contains("cloudwatch:GetMetricData", error.Reason);

            var region = Functions(null, Modified("idle", 400));
            region.ActivityCollected = false;
            Assert.Empty(Run("SEC2.Abandoned.LambdaFunction", Snapshot(region)));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(456)]
        public void InactiveDays_OutOfRange_IsABadArgument(int days)
            => Assert.Throws<ArgumentException>(() => Run("SEC2.Abandoned.Queue", Snapshot(), new Dictionary<string, object?> { ["InactiveDays"] = days }));
    }
}
