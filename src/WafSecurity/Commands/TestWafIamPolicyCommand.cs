using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using WafSecurity.Engine.Iam;

namespace WafSecurity.Commands
{
    /// <summary>Test-WafIamPolicy: decides actions on resources against policies, as IAM's policy simulator does, offline.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "WafIamPolicy")]
    [OutputType(typeof(IamEvaluationResult))]
    public sealed class TestWafIamPolicyCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [Alias("PolicyInputList")]
        public string[] PolicyDocument { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, Position = 1)]
        [Alias("ActionName", "ActionNames")]
        public string[] Action { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, Position = 2)]
        [Alias("ResourceArns")]
        public string[] ResourceArn { get; set; } = Array.Empty<string>();

        [Parameter]
        [Alias("PermissionsBoundaryPolicyInputList")]
        public string? PermissionsBoundary { get; set; }

        [Parameter]
        public string? ResourcePolicy { get; set; }

        [Parameter]
        public string? CallerArn { get; set; }

        [Parameter]
        public string? ResourceOwner { get; set; }

        /// <summary>Context keys and their values, e.g. @{ 'aws:SourceIp' = '203.0.113.7'; 'aws:TagKeys' = 'a','b' }.</summary>
        [Parameter]
        public Hashtable? ContextEntry { get; set; }

        protected override void ProcessRecord()
        {
            var outcome = IamPolicySimulator.Simulate(new IamSimulationRequest
            {
                PolicyDocuments = PolicyDocument, Actions = Action, ResourceArns = ResourceArn, PermissionsBoundary = PermissionsBoundary,
                ResourcePolicy = ResourcePolicy, CallerArn = CallerArn, ResourceOwner = ResourceOwner, Context = ToContext(ContextEntry),
            });
            foreach (var error in outcome.Errors)
            {
                var record = new ErrorRecord(new ArgumentException(error.ToString()), "WafSecurity.InvalidPolicy", ErrorCategory.InvalidData, error.Input);
                record.ErrorDetails = new ErrorDetails(error.ToString()) { RecommendedAction = "Fix the policy at the path shown; no action was evaluated." };
                WriteError(record);
            }
            foreach (var result in outcome.Results) WriteObject(result);
        }

        /// <summary>Context values as IAM sees them: strings; booleans as true/false; dates as ISO 8601 UTC.</summary>
        private static IReadOnlyDictionary<string, IReadOnlyList<string>> ToContext(Hashtable? table)
        {
            var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            if (table == null) return context;
            foreach (DictionaryEntry entry in table)
            {
                var values = new List<string>();
                var value = entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value;
                if (value is IEnumerable items && !(value is string))
                    foreach (var item in items) values.Add(ToText(item is PSObject p ? p.BaseObject : item));
                else if (value != null) values.Add(ToText(value));
                context[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!] = values;
            }
            return context;
        }

        private static string ToText(object? value)
        {
            switch (value)
            {
                case bool flag: return flag ? "true" : "false";
                case DateTime time: return time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                case DateTimeOffset time: return time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                default: return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            }
        }
    }
}
