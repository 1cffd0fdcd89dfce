using System.Collections.Generic;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.Abandoned
{
    /// <summary>
    /// SEC2.Abandoned.LambdaFunction: a function nobody invokes keeps its code, its execution role's permissions and
    /// its triggers as attack surface with no purpose (Dashbird's abandoned-resource insight).
    /// </summary>
    public sealed class AbandonedLambdaFunctionRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Abandoned.LambdaFunction",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Low,
            ResourceType = "AWS::Lambda::Function",
            WellArchitected = new[] { "SEC06-BP02" },
            Title = "Lambda functions are in use",
            Description = "Fails when the function has no AWS/Lambda Invocations (daily Sum, CloudWatch GetMetricData by FunctionName) in the " +
                          "InactiveDays days before the snapshot was taken and its LastModified is older than InactiveDays, so new or " +
                          "recently deployed functions are not flagged. Missing or failed metric data, or a recorded window shorter than " +
                          "InactiveDays that shows no activity, is an Error.",
            Remediation = "Confirm nothing should call the function (triggers, event source mappings, callers in CloudTrail), then delete it " +
                          "(aws lambda delete-function --function-name <name>) together with its execution role if no other function uses it.",
            Parameters = new[] { AbandonedActivity.Parameter("function") },
        };

        public override RuleDescriptor Descriptor => Info;

        public override void ValidateParameters(RuleParameterValues parameters) => AbandonedActivity.Validate(parameters, Info.Id);

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var region in context.Regions)
            {
                if (!region.ActivityCollected) continue; // metrics not collected there: said once by the reader
                if (!region.Functions.IsOk) continue;
                foreach (var function in region.Functions.Value!)
                {
                    var subject = new ActivitySubject(region, function.FunctionArn, function.FunctionName, "Lambda function", function.FunctionName,
                        ActivityMetrics.LambdaInvocations) { Since = function.LastModified, SinceField = "LastModified" };
                    yield return AbandonedActivity.Judge(context, subject);
                }
            }
        }
    }
}
