using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using WafSecurity.Engine.Json;

namespace WafSecurity.Engine.Inventory
{
    internal static partial class CliDocuments
    {
        // ---------------- IAM service last accessed ----------------

        /// <summary>
        /// aws iam get-service-last-accessed-details (all pages): {"JobStatus", "JobType", "JobCreationDate", "ServicesLastAccessed":
        /// [{"ServiceName", "ServiceNamespace", "LastAuthenticated", "TotalAuthenticatedEntities", "TrackedActionsLastAccessed":
        /// [{"ActionName", "LastAccessedTime"}]}], "JobCompletionDate"}. Only a COMPLETED job says anything about use: an
        /// IN_PROGRESS or FAILED answer is refused (the data would read as "nothing used").
        /// </summary>
        public static ServiceLastAccessedReport GetServiceLastAccessedDetails(JsonElement root)
        {
            RequireObject(root);
            var status = root.GetString("JobStatus");
            if (status != "COMPLETED")
            {
                var error = root.Member("Error");
                var detail = error.HasValue && error.Value.ValueKind == JsonValueKind.Object
                    ? $" ({error.Value.GetString("Code")}: {error.Value.GetString("Message")})" : "";
                throw new ShapeException($"JobStatus is {status ?? "missing"}{detail}, not COMPLETED: the job's answer says nothing about use until it completes");
            }
            var index = 0;
            var services = RequireArray(root, "ServicesLastAccessed").Select(item =>
            {
                var where = $"ServicesLastAccessed[{index++}]";
                var actions = RequireArray(item, "TrackedActionsLastAccessed").Select(a => new TrackedActionLastAccessed
                {
                    ActionName = RequireString(a, "ActionName", where + ".TrackedActionsLastAccessed"),
                    LastAccessedTime = a.GetTimestamp("LastAccessedTime"),
                }).ToList();
                var total = item.GetInt64("TotalAuthenticatedEntities");
                return new ServiceLastAccessed
                {
                    ServiceName = item.GetString("ServiceName") ?? "",
                    ServiceNamespace = RequireString(item, "ServiceNamespace", where),
                    LastAuthenticated = item.GetTimestamp("LastAuthenticated"),
                    TotalAuthenticatedEntities = total is long n && n >= 0 && n <= int.MaxValue ? (int)n : (int?)null,
                    TrackedActions = actions,
                };
            }).ToList();
            return new ServiceLastAccessedReport
            {
                JobStatus = status!,
                JobType = root.GetString("JobType"),
                JobCreationDate = root.GetTimestamp("JobCreationDate"),
                JobCompletionDate = root.GetTimestamp("JobCompletionDate"),
                Services = services,
            };
        }
    }
}
