using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.Abandoned
{
    /// <summary>One resource an abandoned-resource rule judges: where its activity is recorded and how old it is.</summary>
    internal sealed class ActivitySubject
    {
        public ActivitySubject(RegionInventory region, string arn, string name, string kind, string label, params ActivityMetric[] metrics)
        {
            Region = region; Arn = arn; Name = name; Kind = kind; Label = label; Metrics = metrics;
        }

        public RegionInventory Region { get; }
        public string Arn { get; }
        public string Name { get; }
        /// <summary>"Lambda function", "REST API", ... for reasons.</summary>
        public string Kind { get; }
        /// <summary>The Label of its GetMetricData results (the dimension value: name or id).</summary>
        public string Label { get; }
        /// <summary>Activity on any of these metrics counts.</summary>
        public IReadOnlyList<ActivityMetric> Metrics { get; }
        /// <summary>The time its age is measured from (LastModified, created date); null when unknown.</summary>
        public DateTimeOffset? Since { get; set; }
        /// <summary>The field <see cref="Since"/> came from, for reasons and evidence.</summary>
        public string SinceField { get; set; } = "";
        /// <summary>Why the age is unknown when the call that gives it failed or was not collected.</summary>
        public CallError? SinceError { get; set; }
        public string? ResourceType { get; set; }
        public Evidence Evidence { get; } = new Evidence();
    }

    /// <summary>
    /// The judgement every SEC2.Abandoned rule makes: activity on the resource's CloudWatch metrics within the last
    /// InactiveDays days passes; none fails only when the resource is older than InactiveDays (new resources are not
    /// flagged); missing or failed metric data, a window shorter than InactiveDays, or an incomplete answer is an Error.
    /// </summary>
    internal static class AbandonedActivity
    {
        public const string InactiveDaysParameter = "InactiveDays";

        public static RuleParameter Parameter(string kind)
            => new RuleParameter(InactiveDaysParameter, 90,
                $"Days without activity (and minimum {kind} age) after which a {kind} counts as abandoned; 1 to {ActivityMetrics.MaxWindowDays} " +
                "(CloudWatch keeps daily datapoints 15 months). The snapshot's metric window must be at least this long.");

        public static void Validate(RuleParameterValues parameters, string ruleId)
        {
            var days = parameters.GetInt(InactiveDaysParameter);
            if (days < 1 || days > ActivityMetrics.MaxWindowDays)
                throw new ArgumentException($"Parameter {ruleId}.{InactiveDaysParameter} must be 1 to {ActivityMetrics.MaxWindowDays} days; {days} is not.");
        }

        public static RuleResult Judge(RuleContext context, ActivitySubject subject)
        {
            var days = context.Parameters.GetInt(InactiveDaysParameter);
            var now = context.Now;
            var from = now.AddDays(-days);
            var region = subject.Region.Region;
            var metricNames = string.Join(" or ", subject.Metrics.Select(m => m.MetricName));
            var evidence = subject.Evidence.Add("Metrics", subject.Metrics.Select(m => m.Label).ToArray()).Add("Label", subject.Label)
                .Add(InactiveDaysParameter, days).Add("MeasuredAt", Format(now)).Add(subject.SinceField, Format(subject.Since));

            double total = 0;
            DateTimeOffset? last = null;
            var incomplete = new List<string>();
            MetricActivity? shortest = null;
            foreach (var metric in subject.Metrics)
            {
                var activity = subject.Region.ActivityOf(metric);
                if (!activity.IsOk)
                {
                    var failed = RuleResult.FromError(region, subject.Arn, subject.Name, activity.Error!, $"whether {subject.Kind} {subject.Name} is in use ({metric.Label})");
                    failed.ResourceType = subject.ResourceType;
                    return failed;
                }
                var recorded = activity.Value!;
                evidence.Add("WindowDays", recorded.WindowDays);
                // Activity inside a shorter window still proves use; only "none seen" needs the whole InactiveDays.
                if (recorded.WindowDays < days && (shortest == null || recorded.WindowDays < shortest.WindowDays)) shortest = recorded;
                if (!recorded.ByLabel.TryGetValue(subject.Label, out var series)) continue; // no datapoint: no activity
                total += series.SumSince(from);
                var seen = series.LastActiveSince(from);
                if (seen.HasValue && (!last.HasValue || seen > last)) last = seen;
                if (!series.IsComplete) incomplete.Add($"{metric.MetricName} {(series.StatusCode.Length == 0 ? "without a StatusCode" : series.StatusCode)}");
            }
            evidence.Add("ActivitySum", total).Add("LastActive", Format(last));

            if (total > 0)
                return Result(RuleResult.Passed(region, subject.Arn, subject.Name,
                    $"{Capital(subject.Kind)} {subject.Name} had {total.ToString("0.##", CultureInfo.InvariantCulture)} {metricNames} in the {days} days " +
                    $"before {Day(now)} (last on {Day(last!.Value)}).", evidence), subject);
            if (shortest != null)
                return Error(subject, evidence,
                    $"Could not evaluate whether {subject.Kind} {subject.Name} is in use: it shows no {metricNames}, but the snapshot holds only " +
                    $"{shortest.Days()} of {shortest.Metric.Label} ({region}/cloudwatch/GetMetricData/{shortest.Metric.Key(shortest.WindowDays)}.json), " +
                    $"fewer than InactiveDays {days}; collect cloudwatch GetMetricData over at least {days} days (it needs the IAM action cloudwatch:GetMetricData).");
            if (incomplete.Count > 0)
                return Error(subject, evidence,
                    $"Could not evaluate whether {subject.Kind} {subject.Name} is in use: CloudWatch shows no {metricNames} but answered " +
                    $"{string.Join(", ", incomplete)}, so its answer is not complete; collect cloudwatch GetMetricData again.");
            if (!subject.Since.HasValue)
            {
                if (subject.SinceError != null)
                {
                    var failed = RuleResult.FromError(region, subject.Arn, subject.Name, subject.SinceError, $"how old {subject.Kind} {subject.Name} is (it shows no {metricNames})");
                    failed.ResourceType = subject.ResourceType;
                    return failed;
                }
                return Error(subject, evidence,
                    $"Could not evaluate whether {subject.Kind} {subject.Name} is abandoned: it shows no {metricNames} in the {days} days before {Day(now)} " +
                    $"but the snapshot gives no {subject.SinceField}, so its age is unknown.");
            }

            var age = Math.Floor((now - subject.Since.Value).TotalDays);
            evidence.Add("AgeDays", age);
            if (age <= days)
                return Result(RuleResult.Passed(region, subject.Arn, subject.Name,
                    $"{Capital(subject.Kind)} {subject.Name} shows no {metricNames} yet, but its {subject.SinceField} {Day(subject.Since.Value)} is within " +
                    $"InactiveDays {days}: too new to call abandoned.", evidence), subject);
            return Result(RuleResult.Failed(region, subject.Arn, subject.Name,
                $"{Capital(subject.Kind)} {subject.Name} had no {metricNames} in the {days} days before {Day(now)} and its {subject.SinceField} is " +
                $"{Day(subject.Since.Value)}, {age} days earlier; expected activity within InactiveDays {days}.", evidence), subject);
        }

        private static string Days(this MetricActivity activity) => activity.WindowDays == 1 ? "1 day" : activity.WindowDays.ToString(CultureInfo.InvariantCulture) + " days";

        private static RuleResult Result(RuleResult result, ActivitySubject subject)
        {
            result.ResourceType = subject.ResourceType;
            return result;
        }

        private static RuleResult Error(ActivitySubject subject, Evidence evidence, string reason)
            => new RuleResult
            {
                Status = FindingStatus.Error, Region = subject.Region.Region, ResourceArn = subject.Arn, ResourceName = subject.Name,
                ResourceType = subject.ResourceType, Reason = reason, Evidence = evidence,
            };

        private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

        private static string Day(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static string? Format(DateTimeOffset? value) => value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
