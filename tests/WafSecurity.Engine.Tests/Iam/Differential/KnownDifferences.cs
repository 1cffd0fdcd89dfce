namespace WafSecurity.Engine.Tests.Iam.Differential
{
    /// <summary>
    /// The named rules of tools/iam-differential/KNOWN-DIFFERENCES.md: where the oracle departs from AWS's documentation,
    /// the cases a rule covers are reported under the rule's name and left out of the agreement check. Each rule is
    /// a predicate on the case (never on a case id) and must stay in step with KNOWN-DIFFERENCES.md.
    /// </summary>
    internal static class KnownDifferences
    {
        /// <summary>The rule that explains this disagreement, or null.</summary>
        public static string? Explain(DifferentialCase c, string ours, string oracle)
        {
            return null;
        }
    }
}
