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

        /// <summary>
        /// Checks parameter values beyond their type (an enumeration, a regular expression) before any rule runs, so a bad
        /// value is a bad argument (ArgumentException), not a rule failure in the middle of an audit.
        /// </summary>
        public virtual void ValidateParameters(RuleParameterValues parameters) { }
    }
}
