using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Commands
{
    /// <summary>The bridge between PowerShell values and streams and the engine's plain types.</summary>
    internal static class HostValues
    {
        /// <summary>A hashtable from the command line as a plain dictionary, nested hashtables included, PSObject wrappers removed.</summary>
        public static IDictionary<string, object?>? ToDictionary(Hashtable? table)
        {
            if (table == null) return null;
            var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in table) result[Convert.ToString(entry.Key)!] = Unwrap(entry.Value);
            return result;
        }

        private static object? Unwrap(object? value)
        {
            if (value is PSObject wrapped) value = wrapped.BaseObject;
            switch (value)
            {
                case Hashtable nested: return new Hashtable(ToDictionary(nested)!.ToDictionary(p => (object)p.Key, p => p.Value));
                case string _: return value;
                case IEnumerable items: return items.Cast<object?>().Select(Unwrap).ToArray();
                default: return value;
            }
        }

        /// <summary>Snapshot problems: errors are non-terminating ErrorRecords naming the file; warnings are said once.</summary>
        public static void WriteIssues(PSCmdlet cmdlet, IEnumerable<InventoryIssue> issues)
        {
            foreach (var issue in issues)
            {
                if (issue.Kind == IssueKind.Warning)
                {
                    cmdlet.WriteWarning(issue.Message);
                    continue;
                }
                var category = issue.ErrorId == "WafSecurity.RuleFailed" ? ErrorCategory.InvalidResult : ErrorCategory.InvalidData;
                var record = new ErrorRecord(new InvalidOperationException(issue.Message), issue.ErrorId, category, issue.Target);
                record.ErrorDetails = new ErrorDetails(issue.Message)
                {
                    RecommendedAction = issue.ErrorId == "WafSecurity.RuleFailed"
                        ? "Report this with the snapshot file that triggers it."
                        : "Re-capture this file with the AWS CLI (aws <service> <operation> --output json) or fix it; the other files were audited.",
                };
                cmdlet.WriteError(record);
            }
        }

        /// <summary>One warning per failed call, so an operator sees what to grant without reading every Error finding.</summary>
        public static void WarnAboutErrors(PSCmdlet cmdlet, IReadOnlyCollection<WafFinding> errors)
        {
            var fromCalls = errors.Where(f => f.Evidence["Operation"] is string).ToList();
            var groups = fromCalls.GroupBy(f => (Operation: (string)f.Evidence["Operation"]!, Code: f.Evidence["ErrorCode"] as string ?? "UnknownError",
                Action: f.Evidence["IamAction"] as string ?? "(unknown)", f.Region));
            foreach (var group in groups)
                cmdlet.WriteWarning($"{group.Count()} finding(s) could not be evaluated in {group.Key.Region}: {group.Key.Operation} " +
                                    $"{(group.Key.Code == "NotCollected" ? "was not collected" : "failed with " + group.Key.Code)}; it needs {group.Key.Action}.");
            // Errors no AWS call explains (a container image the code scan cannot read, an incomplete answer): their reason says why.
            foreach (var group in errors.Except(fromCalls).GroupBy(f => (f.RuleId, f.Region)))
                cmdlet.WriteWarning($"{group.Count()} finding(s) of {group.Key.RuleId} could not be evaluated in {group.Key.Region}: " +
                                    $"{group.First().Reason}{(group.Count() > 1 ? " (and similar; see each finding's Reason)" : "")}");
        }
    }
}
