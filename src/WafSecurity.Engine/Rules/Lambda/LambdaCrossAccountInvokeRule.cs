using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Iam;

namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>SEC2.Lambda.CrossAccountInvoke: only the audited account and trusted accounts may invoke the function.</summary>
    public sealed class LambdaCrossAccountInvokeRule : LambdaResourcePolicyRule
    {
        public const string TrustedAccountIdsParameter = "TrustedAccountIds";

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Lambda.CrossAccountInvoke",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.Medium,
            ResourceType = "AWS::Lambda::Function",
            WellArchitected = new[] { "SEC03-BP07" },
            Title = "Lambda function policies grant no untrusted account",
            Description = "Fails when a function, alias or version policy grants an account outside the audited account and the " +
                          "TrustedAccountIds list: an AWS principal in that account, a service acting for it (aws:SourceAccount, or the " +
                          "account in aws:SourceArn), or a public principal limited only by a condition naming that account.",
            Remediation = "Remove the grant (aws lambda remove-permission), or add the account to TrustedAccountIds when the access is intended.",
            Parameters = new[]
            {
                new RuleParameter(TrustedAccountIdsParameter, Array.Empty<string>(), "Account ids (12 digits) allowed to invoke functions besides the audited account."),
            },
        };

        public override RuleDescriptor Descriptor => Info;

        /// <summary>A mistyped id would silently trust nobody (or the wrong account): refuse it before the audit.</summary>
        public override void ValidateParameters(RuleParameterValues parameters)
        {
            var bad = parameters.GetStrings(TrustedAccountIdsParameter).FirstOrDefault(id => !AccountIdPattern.IsMatch(id.Trim()));
            if (bad != null)
                throw new ArgumentException($"Parameter {Info.Id}.{TrustedAccountIdsParameter} takes 12-digit AWS account ids; '{bad}' is not one.");
        }

        private static readonly System.Text.RegularExpressions.Regex AccountIdPattern =
            new System.Text.RegularExpressions.Regex("^[0-9]{12}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        internal override AccessClassification Offending => AccessClassification.CrossAccount;

        internal override ResourceAccessOptions Options(RuleContext context)
            => LambdaPolicyAccess.Options(Trusted(context), crossAccountAllowed: false);

        private static List<string> Trusted(RuleContext context)
            => context.Parameters.GetStrings(TrustedAccountIdsParameter).Select(id => id.Trim()).ToList();

        internal override RuleResult Failed(RuleContext context, string region, LambdaFunction function, IReadOnlyList<PolicyOffence> offences)
        {
            var trusted = Trusted(context);
            var accounts = offences.SelectMany(o => o.Principal.ForeignAccounts).Distinct().OrderBy(a => a, StringComparer.Ordinal).ToArray();
            return new RuleResult
            {
                Status = FindingStatus.Failed, Region = region, ResourceArn = function.FunctionArn, ResourceName = function.FunctionName,
                Reason = string.Join(" ", offences.Select(o => o.Sentence())) +
                         (trusted.Count == 0 ? " No account is trusted (parameter TrustedAccountIds is empty)." : $" Trusted accounts: {string.Join(", ", trusted)}."),
                Evidence = LambdaPolicyAccess.EvidenceFor(offences).Add("ForeignAccounts", accounts),
                RepairCommand = LambdaPolicyAccess.RemovePermissionCommand(function, region, offences),
            };
        }

        internal override string PassReason(RuleContext context, LambdaFunction function, LambdaPolicyAccess.Evaluation evaluation)
        {
            var trusted = Trusted(context);
            return evaluation.PoliciesRead == 0
                ? $"Function {function.FunctionName} has no resource policy, so no other account can invoke it."
                : $"The resource policies of function {function.FunctionName} ({LambdaPolicyAccess.Plural(evaluation.PoliciesRead, "policy")} read) grant no account outside {context.AccountId}" +
                  (trusted.Count == 0 ? "." : $" and the trusted accounts {string.Join(", ", trusted)}.");
        }
    }
}
