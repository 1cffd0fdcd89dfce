using System.Collections.Specialized;

namespace WafSecurity
{
    /// <summary>One rule evaluated against one resource (contract.md). Type name WafSecurity.WafFinding is public contract.</summary>
    public sealed class WafFinding
    {
        public string FindingId { get; set; } = "";
        public string RuleId { get; set; } = "";
        /// <summary>Failed, Passed or Error (see <see cref="FindingStatus"/>).</summary>
        public string Status { get; set; } = "";
        public string Severity { get; set; } = "";
        public string Question { get; set; } = "";
        public string Title { get; set; } = "";
        public string Reason { get; set; } = "";
        public string Remediation { get; set; } = "";
        public string? RepairCommand { get; set; }
        public string ResourceType { get; set; } = "";
        public string ResourceArn { get; set; } = "";
        public string ResourceName { get; set; } = "";
        public string Region { get; set; } = "";
        public string AccountId { get; set; } = "";
        /// <summary>The facts the verdict rests on. Never carries a secret value.</summary>
        public OrderedDictionary Evidence { get; set; } = new OrderedDictionary();
        /// <summary>A settings-file suppression covers this finding (shown only with -IncludeSuppressed).</summary>
        public bool Suppressed { get; set; }
        /// <summary>Why, and until when, when Suppressed.</summary>
        public string? SuppressionReason { get; set; }

        public override string ToString() => $"{Status} {RuleId} {ResourceName}";
    }

    public static class FindingStatus
    {
        public const string Failed = "Failed";
        public const string Passed = "Passed";
        public const string Error = "Error";
    }

    public static class Severity
    {
        public const string Critical = "Critical";
        public const string High = "High";
        public const string Medium = "Medium";
        public const string Low = "Low";
        public const string Informational = "Informational";

        public static readonly string[] All = { Critical, High, Medium, Low, Informational };

        /// <summary>Higher is worse; used for sorting.</summary>
        public static int Rank(string severity)
        {
            switch (severity)
            {
                case Critical: return 5;
                case High: return 4;
                case Medium: return 3;
                case Low: return 2;
                default: return 1;
            }
        }
    }

    public static class Question
    {
        public const string Sec1 = "SEC1";
        public const string Sec2 = "SEC2";
        public const string Sec3 = "SEC3";
    }
}
