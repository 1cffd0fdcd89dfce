using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Iam
{
    /// <summary>
    /// What an execution role is granted but has not used for N days: the service namespaces its effective Allow grants
    /// (ExecutionRoleAnalyzer over the action catalog) minus those IAM's last-accessed data shows authenticated within the
    /// window, and, in services that were used, the granted actions IAM tracks that were not. IAM's last-accessed data does
    /// not show iam:PassRole or data-plane use, so "unused" is a lead to review, not proof.
    /// </summary>
    public sealed class UnusedPermissions
    {
        private UnusedPermissions() { }

        public IReadOnlyList<string> GrantedServices { get; private set; } = Array.Empty<string>();
        /// <summary>Granted services IAM shows authenticated within the window.</summary>
        public IReadOnlyList<string> UsedServices { get; private set; } = Array.Empty<string>();
        /// <summary>Granted services with no authentication within the window (never, longer ago, or not reported by IAM).</summary>
        public IReadOnlyList<string> UnusedServices { get; private set; } = Array.Empty<string>();
        /// <summary>"prefix:Action" of granted, IAM-tracked actions not used within the window, in services that were used.</summary>
        public IReadOnlyList<string> UnusedActions { get; private set; } = Array.Empty<string>();

        public bool Any => UnusedServices.Count > 0 || UnusedActions.Count > 0;

        public static UnusedPermissions Compute(ExecutionRoleAnalysis analysis, ServiceLastAccessedReport report, DateTimeOffset now, int unusedDays)
        {
            var since = now.AddDays(-unusedDays);
            var granted = analysis.Granted.Actions().Select(a => a.Service.Prefix).Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderBy(p => p, StringComparer.Ordinal).ToList();
            var reported = report.Services.GroupBy(s => s.ServiceNamespace, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            var used = granted.Where(p => reported.TryGetValue(p, out var s) && s.LastAuthenticated >= since).ToList();
            var unusedActions = new List<string>();
            foreach (var prefix in used)
            {
                var catalogService = analysis.Granted.Catalog.FindService(prefix);
                foreach (var tracked in reported[prefix].TrackedActions)
                {
                    if (tracked.LastAccessedTime >= since) continue;
                    var action = catalogService?.FindAction(tracked.ActionName);
                    // Only actions the role is granted: IAM lists every tracked action of the service.
                    if (action != null && analysis.Granted.Contains(action)) unusedActions.Add(action.FullName);
                }
            }
            return new UnusedPermissions
            {
                GrantedServices = granted,
                UsedServices = used,
                UnusedServices = granted.Except(used, StringComparer.OrdinalIgnoreCase).ToList(),
                UnusedActions = unusedActions.Distinct(StringComparer.Ordinal).OrderBy(a => a, StringComparer.Ordinal).ToList(),
            };
        }
    }
}
