using System;
using System.Linq;
using System.Management.Automation;
using WafSecurity.Engine.Rules;

namespace WafSecurity.Commands
{
    /// <summary>Get-WafSecurityRule: the rules the module evaluates, with their metadata and parameters.</summary>
    [Cmdlet(VerbsCommon.Get, "WafSecurityRule")]
    [OutputType(typeof(WafRule))]
    public sealed class GetWafSecurityRuleCommand : PSCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("RuleId")]
        [ArgumentCompleter(typeof(RuleIdCompleter))]
        [SupportsWildcards]
        public string[]? Id { get; set; }

        [Parameter]
        [ValidateSet("SEC1", "SEC2", "SEC3", IgnoreCase = true)]
        public string[]? Question { get; set; }

        [Parameter]
        [ValidateSet("Critical", "High", "Medium", "Low", "Informational", IgnoreCase = true)]
        public string[]? Severity { get; set; }

        protected override void ProcessRecord()
        {
            var rules = RuleRegistry.Match(Id).Select(r => r.Descriptor)
                .Where(d => Question == null || Question.Contains(d.Question, StringComparer.OrdinalIgnoreCase))
                .Where(d => Severity == null || Severity.Contains(d.Severity, StringComparer.OrdinalIgnoreCase))
                .ToList();
            if (rules.Count == 0 && Id != null && Id.All(i => !WildcardPattern.ContainsWildcardCharacters(i)))
            {
                WriteError(new ErrorRecord(new ItemNotFoundException($"No rule has the id '{string.Join("', '", Id)}'. Run Get-WafSecurityRule to list them."),
                    "WafSecurity.RuleNotFound", ErrorCategory.ObjectNotFound, string.Join(",", Id)));
                return;
            }
            foreach (var rule in rules) WriteObject(rule.ToWafRule());
        }
    }
}
