using System.Collections.Generic;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules.Lambda
{
    /// <summary>
    /// The shape every Lambda resource-policy rule shares: classify each function's policies (unqualified, aliases,
    /// versions) with the shared analyzer; a statement of the rule's class fails the function, an unreadable policy
    /// makes it an Error, otherwise it passes. Subclasses say only which class offends and how to word the result.
    /// </summary>
    public abstract class LambdaResourcePolicyRule : Rule
    {
        internal abstract AccessClassification Offending { get; }

        internal virtual ResourceAccessOptions Options(RuleContext context) => LambdaPolicyAccess.Options();

        internal abstract RuleResult Failed(RuleContext context, string region, LambdaFunction function, IReadOnlyList<PolicyOffence> offences);

        internal abstract string PassReason(RuleContext context, LambdaFunction function, LambdaPolicyAccess.Evaluation evaluation);

        public sealed override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            var options = Options(context);
            foreach (var region in context.Regions)
            {
                if (!region.Functions.IsOk) continue;
                foreach (var function in region.Functions.Value!)
                {
                    var evaluation = LambdaPolicyAccess.Evaluate(function, context.AccountId, options, statement => statement.PrincipalsOf(Offending));
                    // A statement that offends fails the function even when another of its policies could not be read.
                    if (evaluation.Offences.Count > 0)
                        yield return Failed(context, region.Region, function, evaluation.Offences);
                    else if (evaluation.Error is { } error)
                        yield return RuleResult.FromError(region.Region, function.FunctionArn, function.FunctionName, error.Error, error.What);
                    else
                        yield return RuleResult.Passed(region.Region, function.FunctionArn, function.FunctionName, PassReason(context, function, evaluation),
                            new Evidence().Add("PoliciesEvaluated", evaluation.PoliciesRead));
                }
            }
        }
    }
}
