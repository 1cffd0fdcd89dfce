using System.Collections.Generic;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.Abandoned
{
    /// <summary>
    /// SEC2.Abandoned.Queue: a queue nobody sends to or receives from (Dashbird's example of an abandoned resource) keeps
    /// its messages and its access policy with no purpose.
    /// </summary>
    public sealed class AbandonedQueueRule : Rule
    {
        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Abandoned.Queue",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Low,
            ResourceType = "AWS::SQS::Queue",
            WellArchitected = new[] { "SEC07-BP04" },
            Title = "SQS queues are in use",
            Description = "Fails when no message was sent to or received from the queue in the InactiveDays days before the snapshot was " +
                          "taken (daily Sum of AWS/SQS NumberOfMessagesSent and NumberOfMessagesReceived by QueueName) and its " +
                          "CreatedTimestamp is older than InactiveDays. Messages that SQS moves to a dead-letter queue are not counted " +
                          "as sent, so a dead-letter queue nobody reads fails: its messages are evidence no one looks at. Missing or " +
                          "failed metric data or GetQueueAttributes answer, or a recorded window shorter than InactiveDays that shows no activity, is an Error.",
            Remediation = "Confirm no producer, consumer or redrive policy uses the queue, read or archive any messages it still holds " +
                          "(ApproximateNumberOfMessages), then delete it: aws sqs delete-queue --queue-url <url>.",
            Parameters = new[] { AbandonedActivity.Parameter("queue") },
        };

        public override RuleDescriptor Descriptor => Info;

        public override void ValidateParameters(RuleParameterValues parameters) => AbandonedActivity.Validate(parameters, Info.Id);

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var region in context.Regions)
            {
                if (!region.ActivityCollected) continue; // metrics not collected there: said once by the reader
                if (!region.Queues.IsOk) continue;
                foreach (var queue in region.Queues.Value!)
                {
                    var attributes = queue.Attributes.Value;
                    var arn = string.IsNullOrEmpty(attributes?.QueueArn)
                        ? $"arn:{context.Partition}:sqs:{region.Region}:{context.AccountId}:{queue.QueueName}" : attributes!.QueueArn!;
                    var subject = new ActivitySubject(region, arn, queue.QueueName, "SQS queue", queue.QueueName,
                        ActivityMetrics.QueueSent, ActivityMetrics.QueueReceived)
                    {
                        Since = attributes?.CreatedTimestamp, SinceField = "CreatedTimestamp",
                        SinceError = queue.Attributes.IsOk ? null : queue.Attributes.Error,
                    };
                    subject.Evidence.Add("QueueUrl", queue.QueueUrl).Add("ApproximateNumberOfMessages", attributes?.ApproximateNumberOfMessages);
                    yield return AbandonedActivity.Judge(context, subject);
                }
            }
        }
    }
}
