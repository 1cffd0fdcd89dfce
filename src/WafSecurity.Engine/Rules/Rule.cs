using System.Collections.Generic;

namespace WafSecurity.Engine.Rules
{
    /// <summary>
    /// One rule: metadata plus an evaluation over the inventory. A rule never calls AWS and never throws for bad data:
    /// a resource it cannot judge is an Error result naming the failed call.
    /// </summary>
    public abstract class Rule
    {
        public abstract RuleDescriptor Descriptor { get; }

        public abstract IEnumerable<RuleResult> Evaluate(RuleContext context);
    }
}
