using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules
{
    /// <summary>What a rule says about one resource; the engine adds the rule's metadata to make a WafFinding.</summary>
    public sealed class RuleResult
    {
        public string Status { get; set; } = FindingStatus.Passed;
        /// <summary>Null: the rule's default severity.</summary>
        public string? Severity { get; set; }
        public string ResourceArn { get; set; } = "";
        public string ResourceName { get; set; } = "";
        /// <summary>Null: the rule's resource type.</summary>
        public string? ResourceType { get; set; }
        public string Region { get; set; } = "";
        public string Reason { get; set; } = "";
        public Evidence Evidence { get; set; } = new Evidence();
        public string? RepairCommand { get; set; }

        public static RuleResult Passed(string region, string arn, string name, string reason, Evidence? evidence = null)
            => new RuleResult { Status = FindingStatus.Passed, Region = region, ResourceArn = arn, ResourceName = name, Reason = reason, Evidence = evidence ?? new Evidence() };

        public static RuleResult Failed(string region, string arn, string name, string reason, Evidence? evidence = null, string? severity = null)
            => new RuleResult { Status = FindingStatus.Failed, Region = region, ResourceArn = arn, ResourceName = name, Reason = reason, Evidence = evidence ?? new Evidence(), Severity = severity };

        /// <summary>Could not evaluate: names the AWS error code and the IAM action needed. Never a pass.</summary>
        public static RuleResult FromError(string region, string arn, string name, CallError error, string? what = null)
        {
            var reason = $"Could not evaluate{(what == null ? "" : " " + what)}: {error.Operation} {(error.Code == "NotCollected" ? "was not collected" : "failed with " + error.Code)}"
                         + $"{(string.IsNullOrEmpty(error.Message) ? "" : " (" + error.Message + ")")}; it needs the IAM action {error.IamAction}.";
            return new RuleResult
            {
                Status = FindingStatus.Error, Region = region, ResourceArn = arn, ResourceName = name, Reason = reason,
                Evidence = new Evidence().Add("ErrorCode", error.Code).Add("Operation", error.Operation).Add("IamAction", error.IamAction)
                    .Add("Source", error.Source).Add("HttpStatus", error.HttpStatus),
            };
        }
    }
}
