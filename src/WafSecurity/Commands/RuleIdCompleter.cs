using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using WafSecurity.Engine.Rules;

namespace WafSecurity.Commands
{
    /// <summary>Tab completion of rule ids for -Rule and -Id.</summary>
    public sealed class RuleIdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? "").Trim('\'', '"');
            var pattern = RuleRegistry.ToRegex(prefix.EndsWith("*", StringComparison.Ordinal) ? prefix : prefix + "*");
            return RuleRegistry.All.Select(r => r.Descriptor).Where(d => pattern.IsMatch(d.Id))
                .Select(d => new CompletionResult(d.Id, d.Id, CompletionResultType.ParameterValue, $"{d.Severity}: {d.Title}"));
        }
    }
}
