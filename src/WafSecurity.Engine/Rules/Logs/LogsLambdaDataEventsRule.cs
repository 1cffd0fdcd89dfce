using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.Logs
{
    /// <summary>SEC2.Logs.LambdaDataEvents: a CloudTrail trail records every function's Invoke data events.</summary>
    public sealed class LogsLambdaDataEventsRule : Rule
    {
        public const string LambdaFunctionType = "AWS::Lambda::Function";

        /// <summary>Advanced-selector fields this rule reads; a selector that also filters on others records only part of the invocations.</summary>
        private static readonly HashSet<string> KnownFields = new HashSet<string>(StringComparer.Ordinal)
        {
            "eventCategory", "resources.type", "resources.ARN", "readOnly", "eventName", "eventSource",
        };

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Logs.LambdaDataEvents",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Low,
            ResourceType = "AWS::Lambda::Function",
            Title = "CloudTrail records Lambda Invoke data events",
            Description = "One finding per function. Passes when a trail that applies to the function's region (one homed there, or a " +
                          "multi-region trail from any home region) records its Invoke data events: a classic event selector with " +
                          "ReadWriteType All or WriteOnly and a DataResources entry of Type AWS::Lambda::Function whose Values hold the " +
                          "function ARN or the all-functions prefix arn:<partition>:lambda; or an advanced event selector whose field " +
                          "selectors let through eventCategory Data, resources.type AWS::Lambda::Function, the function ARN in resources.ARN " +
                          "(Equals, StartsWith, EndsWith, NotEquals, NotStartsWith, NotEndsWith), readOnly false, eventName Invoke and " +
                          "eventSource lambda.amazonaws.com. Invoke is a write (readOnly false) event. Whether the trail is logging is not " +
                          "checked. Prowler awslambda_function_invoke_api_operations_cloudtrail_logging_enabled semantics.",
            Remediation = "Add Lambda data events to a trail, e.g. an advanced event selector {eventCategory = Data, resources.type = " +
                          "AWS::Lambda::Function} (optionally resources.ARN StartsWith the functions to record): " +
                          "aws cloudtrail put-event-selectors --trail-name <trail> --advanced-event-selectors file://selectors.json. " +
                          "Data events are charged per event.",
            WellArchitected = new[] { "SEC04-BP01" },
        };

        public override RuleDescriptor Descriptor => Info;

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var region in context.Regions)
            {
                if (!region.Functions.IsOk) continue;
                var trails = region.Trails;
                // Not collected: the reader warned once for the region.
                if (trails.State == FetchState.NotCollected || trails.State == FetchState.Absent) continue;
                foreach (var function in region.Functions.Value!.OrderBy(f => f.FunctionName, StringComparer.Ordinal))
                {
                    if (!trails.IsOk)
                    {
                        yield return RuleResult.FromError(region.Region, function.FunctionArn, function.FunctionName, trails.Error!, "the trails recording the function");
                        continue;
                    }
                    yield return Judge(context, region, function, trails.Value!);
                }
            }
        }

        private static RuleResult Judge(RuleContext context, RegionInventory region, LambdaFunction function, IReadOnlyList<Trail> all)
        {
            var trails = all.Where(t => t.IsMultiRegionTrail || string.IsNullOrEmpty(t.HomeRegion) || t.HomeRegion == region.Region)
                .OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
            var evidence = new Evidence().Add("Trails", trails.Select(t => t.TrailArn ?? t.Name).ToArray());
            CallError? firstError = null; Trail? failedTrail = null;
            foreach (var trail in trails)
            {
                if (!trail.EventSelectors.IsOk)
                {
                    if (firstError == null) { firstError = trail.EventSelectors.Error ?? NotCollected(); failedTrail = trail; }
                    continue;
                }
                var how = Records(trail.EventSelectors.Value!, function.FunctionArn, context.Partition);
                if (how == null) continue;
                evidence.Add("RecordingTrail", trail.TrailArn ?? trail.Name).Add("Selector", how);
                return RuleResult.Passed(region.Region, function.FunctionArn, function.FunctionName,
                    $"Trail {trail.Name}{(trail.IsMultiRegionTrail ? $" (multi-region, home {trail.HomeRegion})" : "")} records Invoke data events of function {function.FunctionName}: {how}.",
                    evidence);
            }
            if (firstError != null)
                return RuleResult.FromError(region.Region, function.FunctionArn, function.FunctionName, firstError, $"the event selectors of trail {failedTrail!.Name}");
            var reason = trails.Count == 0
                ? $"No CloudTrail trail applies to {region.Region}, so invocations of function {function.FunctionName} are not recorded."
                : $"None of the {trails.Count} trail(s) that apply to {region.Region} ({string.Join(", ", trails.Select(t => t.Name))}) records Invoke data events " +
                  $"of function {function.FunctionName} (no AWS::Lambda::Function data resource or advanced selector covering its ARN).";
            return RuleResult.Failed(region.Region, function.FunctionArn, function.FunctionName, reason + " Expected a trail recording Lambda data events.", evidence);
        }

        private static CallError NotCollected()
            => new CallError("NotCollected", "no answer recorded", SnapshotOperations.CloudTrailGetEventSelectors.Label, SnapshotOperations.CloudTrailGetEventSelectors.IamAction, null);

        /// <summary>How the trail's selectors record the function's Invoke events ("selector 'x'"), or null when they do not.</summary>
        internal static string? Records(TrailEventSelectors selectors, string functionArn, string partition)
        {
            for (var i = 0; i < selectors.EventSelectors.Count; i++)
            {
                var selector = selectors.EventSelectors[i];
                // Invoke is a write event: a ReadOnly selector leaves it out.
                if (string.Equals(selector.ReadWriteType, "ReadOnly", StringComparison.OrdinalIgnoreCase)) continue;
                foreach (var resource in selector.DataResources.Where(r => r.Type == LambdaFunctionType))
                {
                    var value = resource.Values.FirstOrDefault(v => v == functionArn || v == $"arn:{partition}:lambda" || v == "arn:aws:lambda"
                                                                    || Iam.Arn.UnqualifiedFunction(v) == functionArn);
                    if (value != null) return $"EventSelectors[{i}] DataResources {LambdaFunctionType} value {value} (ReadWriteType {selector.ReadWriteType})";
                }
            }
            foreach (var selector in selectors.AdvancedEventSelectors)
            {
                var fields = selector.FieldSelectors;
                var type = fields.FirstOrDefault(f => f.Field == "resources.type");
                if (type == null || !Allows(type, LambdaFunctionType)) continue;
                if (!Allow(fields, "eventCategory", "Data") || !Allow(fields, "resources.ARN", functionArn) || !Allow(fields, "readOnly", "false")
                    || !Allow(fields, "eventName", "Invoke") || !Allow(fields, "eventSource", "lambda.amazonaws.com")) continue;
                var others = fields.Select(f => f.Field).Where(f => !KnownFields.Contains(f)).Distinct().ToList();
                var name = string.IsNullOrEmpty(selector.Name) ? "(unnamed)" : $"'{selector.Name}'";
                return $"advanced event selector {name} ({string.Join("; ", fields.Select(Describe))})" +
                       (others.Count == 0 ? "" : $", which also filters on {string.Join(", ", others)} (only matching invocations are recorded)");
            }
            return null;
        }

        /// <summary>Every field selector on this field lets the value through (none: no restriction).</summary>
        private static bool Allow(IEnumerable<AdvancedFieldSelector> fields, string field, string value)
            => fields.Where(f => f.Field == field).All(f => Allows(f, value));

        /// <summary>Positive operators (Equals, StartsWith, EndsWith), when present, need one match; negative ones must all hold.</summary>
        internal static bool Allows(AdvancedFieldSelector selector, string value)
        {
            // eventCategory and readOnly values are enumerations; match them as AWS documents them, without case.
            var comparison = selector.Field == "resources.ARN" ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            var positive = selector.EqualsValues.Count + selector.StartsWith.Count + selector.EndsWith.Count > 0;
            if (positive && !(selector.EqualsValues.Any(v => string.Equals(v, value, comparison))
                              || selector.StartsWith.Any(v => value.StartsWith(v, comparison))
                              || selector.EndsWith.Any(v => value.EndsWith(v, comparison)))) return false;
            return !selector.NotEquals.Any(v => string.Equals(v, value, comparison))
                   && !selector.NotStartsWith.Any(v => value.StartsWith(v, comparison))
                   && !selector.NotEndsWith.Any(v => value.EndsWith(v, comparison));
        }

        private static string Describe(AdvancedFieldSelector f)
        {
            var parts = new List<string>();
            void Add(string op, IReadOnlyList<string> values) { if (values.Count > 0) parts.Add($"{op} [{string.Join(", ", values)}]"); }
            Add("Equals", f.EqualsValues); Add("StartsWith", f.StartsWith); Add("EndsWith", f.EndsWith);
            Add("NotEquals", f.NotEquals); Add("NotStartsWith", f.NotStartsWith); Add("NotEndsWith", f.NotEndsWith);
            return $"{f.Field} {string.Join(" ", parts)}";
        }
    }
}
