using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Iam
{
    /// <summary>A function with the region it was listed in.</summary>
    public sealed class RegionalFunction
    {
        public RegionalFunction(string region, LambdaFunction function) { Region = region; Function = function; }
        public string Region { get; }
        public LambdaFunction Function { get; }
    }

    /// <summary>A suggested policy and what evidence it could not use.</summary>
    public sealed class PolicySuggestion
    {
        public PolicySuggestion(string policy, IReadOnlyList<string> notes) { Policy = policy; Notes = notes; }
        /// <summary>The policy document (JSON), labelled as a proposal in its Id.</summary>
        public string Policy { get; }
        public IReadOnlyList<string> Notes { get; }
    }

    /// <summary>
    /// Every Lambda function linked to its execution role, analysed once per inventory; shared by the
    /// execution-role rules (SEC2.Lambda.ExecRoleAdmin and the others) (through RuleContext.Shared) and Test-LambdaLeastPrivilege.
    /// </summary>
    public sealed class LambdaRoleInventory
    {
        private readonly Dictionary<string, List<RegionalFunction>> _functionsByRole = new Dictionary<string, List<RegionalFunction>>(StringComparer.Ordinal);

        public LambdaRoleInventory(AwsInventory inventory)
        {
            Inventory = inventory;
            Analyzer = inventory.Iam.IsOk ? new ExecutionRoleAnalyzer(inventory.Iam.Value!) : null;
            AllFunctionListsCollected = inventory.Regions.Count > 0 && inventory.Regions.All(r => r.Functions.IsOk);
            foreach (var region in inventory.Regions)
            {
                if (!region.Functions.IsOk) continue;
                foreach (var function in region.Functions.Value!)
                {
                    Functions.Add(new RegionalFunction(region.Region, function));
                    if (string.IsNullOrEmpty(function.Role)) continue;
                    if (!_functionsByRole.TryGetValue(function.Role!, out var list)) _functionsByRole[function.Role!] = list = new List<RegionalFunction>();
                    list.Add(new RegionalFunction(region.Region, function));
                }
            }
        }

        public AwsInventory Inventory { get; }
        /// <summary>Null when GetAccountAuthorizationDetails was not collected or failed.</summary>
        public ExecutionRoleAnalyzer? Analyzer { get; }
        public List<RegionalFunction> Functions { get; } = new List<RegionalFunction>();
        /// <summary>Every region's function list was read, so "no function uses this role" can be said.</summary>
        public bool AllFunctionListsCollected { get; }

        /// <summary>Role ARNs some function uses, in a stable order.</summary>
        public IEnumerable<string> UsedRoleArns => _functionsByRole.Keys.OrderBy(k => k, StringComparer.Ordinal);

        public IReadOnlyList<RegionalFunction> FunctionsUsing(string roleArn)
            => _functionsByRole.TryGetValue(roleArn, out var list) ? list : (IReadOnlyList<RegionalFunction>)Array.Empty<RegionalFunction>();

        /// <summary>
        /// Functions named by a name, a full or partial ARN ("function:name", with or without a ":qualifier"), in any
        /// audited region; names compare exactly, as Lambda does.
        /// </summary>
        public IReadOnlyList<RegionalFunction> FindFunctions(string nameOrArn)
        {
            var name = nameOrArn;
            string? region = null, account = null;
            if (nameOrArn.StartsWith("arn:", StringComparison.Ordinal))
            {
                var parts = nameOrArn.Split(':');
                if (parts.Length >= 7) { region = parts[3]; account = parts[4]; name = parts[6]; }
            }
            else if (nameOrArn.StartsWith("function:", StringComparison.Ordinal)) name = nameOrArn.Split(':')[1];
            return Functions.Where(f => f.Function.FunctionName == name && (region == null || f.Region == region)
                                        && (account == null || Arn.AccountOf(f.Function.FunctionArn) == account)).ToList();
        }

        public IamRole? FindRole(string roleArn) => Inventory.Iam.IsOk ? Inventory.Iam.Value!.FindRole(roleArn) : null;

        /// <summary>The least-privilege report of one function; null Analysis problems become issues so nothing passes silently.</summary>
        public LeastPrivilegeReport Report(RegionalFunction entry)
        {
            var function = entry.Function;
            var report = new LeastPrivilegeReport { FunctionName = function.FunctionName, FunctionArn = function.FunctionArn, RoleArn = function.Role };
            var role = function.Role == null ? null : FindRole(function.Role);
            if (Analyzer == null || role == null)
            {
                report.Issues = new[]
                {
                    new LeastPrivilegeIssue
                    {
                        RuleId = "", Severity = WafSecurity.Severity.Informational, Policy = "", Statement = "",
                        Message = Analyzer == null
                            ? "The role could not be judged: iam GetAccountAuthorizationDetails was not collected (it needs iam:GetAccountAuthorizationDetails)."
                            : $"The role {function.Role} is not in the collected GetAccountAuthorizationDetails.",
                    },
                };
                return report;
            }
            var analysis = Analyzer.Analyze(role);
            var issues = analysis.Issues.ToList();
            foreach (var problem in analysis.Problems)
                issues.Add(new LeastPrivilegeIssue { RuleId = "", Severity = WafSecurity.Severity.Informational, Message = "Could not read " + problem + "; the verdict may miss what it grants." });
            report.Issues = issues;
            report.IsLeastPrivilege = issues.Count == 0;
            report.GrantedActionCount = analysis.Granted.Count;
            var suggestion = Suggest(entry, analysis);
            report.SuggestedPolicy = suggestion.Policy;
            report.SuggestionNotes = suggestion.Notes;
            return report;
        }

        /// <summary>The suggested policy's JSON text (see <see cref="Suggest"/>).</summary>
        public string SuggestPolicy(RegionalFunction entry, ExecutionRoleAnalysis analysis) => Suggest(entry, analysis).Policy;

        /// <summary>
        /// A proposal that keeps what the function shows evidence of needing: its own log group, its KMS key, VPC
        /// networking when it runs in a VPC, tracing when already granted, the granted actions that apply to ARNs named
        /// in its environment, and what AWS documents its enabled event source mappings need (scoped to each source,
        /// with its authentication secrets and on-failure destination). Notes say what evidence could not be used (event
        /// source mappings not collected or failed, sources of unknown kind). Service last-accessed data is not in
        /// snapshots yet, so it is not used.
        /// </summary>
        public PolicySuggestion Suggest(RegionalFunction entry, ExecutionRoleAnalysis analysis)
        {
            var notes = new List<string>();
            var function = entry.Function;
            var partition = Arn.PartitionOf(function.FunctionArn) ?? Inventory.Account.Partition;
            var account = Arn.AccountOf(function.FunctionArn) ?? Inventory.Account.AccountId;
            var logGroup = $"arn:{partition}:logs:{entry.Region}:{account}:log-group:/aws/lambda/{function.FunctionName}";
            var statements = new List<(string Sid, IEnumerable<string> Actions, IEnumerable<string> Resources)>
            {
                ("OwnLogGroup", new[] { "logs:CreateLogGroup" }, new[] { logGroup }),
                ("OwnLogStreams", new[] { "logs:CreateLogStream", "logs:PutLogEvents" }, new[] { logGroup + ":*" }),
            };
            if (!string.IsNullOrEmpty(function.KmsKeyArn))
                statements.Add(("EnvironmentKey", new[] { "kms:Decrypt" }, new[] { function.KmsKeyArn! }));
            if (!string.IsNullOrEmpty(function.VpcId))
                statements.Add(("VpcNetworking", new[] { "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
                    "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses" }, new[] { "*" }));
            var tracing = new[] { "xray:PutTraceSegments", "xray:PutTelemetryRecords" }.Where(a => IsGranted(analysis, a)).ToList();
            if (tracing.Count > 0) statements.Add(("Tracing", tracing, new[] { "*" }));

            var index = 0;
            foreach (var arn in function.EnvironmentVariables.Values.Where(v => v.StartsWith("arn:", StringComparison.Ordinal)).Distinct().OrderBy(v => v, StringComparer.Ordinal))
            {
                var service = Arn.ServiceOf(arn);
                var prefix = service == null ? null : analysis.Granted.Catalog.FindService(service);
                if (prefix == null) continue;
                var resources = service == "s3" && arn.IndexOf('/') < 0 ? new[] { arn, arn + "/*" } : new[] { arn };
                var kept = new List<string>();
                foreach (var action in prefix.Actions)
                {
                    if (!analysis.Granted.Contains(action) || action.AccessLevel == AccessLevels.PermissionsManagement || action.AccessLevel == AccessLevels.Tagging) continue;
                    if (resources.Any(r => analysis.Evaluator.Evaluate(new IamRequest(action.FullName, r)).IsAllowed)) kept.Add(action.FullName);
                }
                if (kept.Count > 0) statements.Add(($"ConfiguredResource{++index}", kept, resources));
            }

            var region = Inventory.Regions.FirstOrDefault(r => r.Region == entry.Region);
            var secretKeys = region?.Secrets.Value?.Where(x => !string.IsNullOrEmpty(x.KmsKeyId))
                .GroupBy(x => x.Arn, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().KmsKeyId, StringComparer.Ordinal);
            foreach (var statement in EventSourcePermissions.For(function, entry.Region, analysis.Granted.Catalog,
                         arn => secretKeys != null && secretKeys.TryGetValue(arn, out var key) ? key : null, notes))
                statements.Add((statement.Sid, statement.Actions, statement.Resources));

            LastAccessedNote(analysis, notes);

            using var stream = new System.IO.MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteString("Version", "2012-10-17");
                writer.WriteString("Id", $"WafSecurity-SuggestedPolicy-{function.FunctionName}: a PROPOSAL from configuration evidence; review before use (PassRole and data-plane use are not observable)");
                writer.WriteStartArray("Statement");
                foreach (var (sid, actions, resources) in statements)
                {
                    writer.WriteStartObject();
                    writer.WriteString("Sid", sid);
                    writer.WriteString("Effect", "Allow");
                    WriteList(writer, "Action", actions);
                    WriteList(writer, "Resource", resources);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            return new PolicySuggestion(Encoding.UTF8.GetString(stream.ToArray()), notes);
        }

        /// <summary>The window of the last-accessed note (SEC2.Lambda.ExecRoleUnusedPermissions' default).</summary>
        public const int LastAccessedNoteDays = 90;

        private void LastAccessedNote(ExecutionRoleAnalysis analysis, List<string> notes)
        {
            if (!Inventory.LastAccessedCollected) return;
            var report = Inventory.LastAccessedOf(analysis.Role.RoleName);
            if (!report.IsOk)
            {
                notes.Add($"IAM last-accessed data for role {analysis.Role.RoleName} was not used: {report.Error?.Describe() ?? "not recorded"}.");
                return;
            }
            var now = Inventory.Account.CapturedAt ?? DateTimeOffset.UtcNow;
            var unused = UnusedPermissions.Compute(analysis, report.Value!, now, LastAccessedNoteDays);
            if (!unused.Any) return;
            var parts = new List<string>();
            if (unused.UnusedServices.Count > 0) parts.Add("services " + string.Join(", ", unused.UnusedServices));
            if (unused.UnusedActions.Count > 0) parts.Add("tracked actions " + string.Join(", ", unused.UnusedActions));
            notes.Add($"IAM last-accessed data: role {analysis.Role.RoleName} was granted but did not use, for {LastAccessedNoteDays} days, " +
                      string.Join("; ", parts) + ". Leave them out unless the function needs them (PassRole and data-plane use do not show there).");
        }

        private static bool IsGranted(ExecutionRoleAnalysis analysis, string action)
        {
            var found = analysis.Granted.Catalog.FindAction(action);
            return found != null && analysis.Granted.Contains(found);
        }

        private static void WriteList(Utf8JsonWriter writer, string name, IEnumerable<string> values)
        {
            var list = values.ToList();
            if (list.Count == 1) { writer.WriteString(name, list[0]); return; }
            writer.WriteStartArray(name);
            foreach (var value in list) writer.WriteStringValue(value);
            writer.WriteEndArray();
        }

        /// <summary>SEC2.Lambda.ExecRoleUnusedOrOrphan for one Lambda-trusted role; null when it is in use.</summary>
        public LeastPrivilegeIssue? OrphanIssue(IamRole role, DateTimeOffset now, int unusedDays)
        {
            var users = FunctionsUsing(role.Arn);
            var oldEnough = role.CreateDate == null || (now - role.CreateDate.Value).TotalDays > unusedDays;
            if (users.Count == 0 && AllFunctionListsCollected && oldEnough)
                return new LeastPrivilegeIssue
                {
                    RuleId = ExecRoleRuleIds.UnusedOrOrphan, Severity = WafSecurity.Severity.Low, Policy = "", Statement = "",
                    Message = $"Role {role.RoleName} trusts lambda.amazonaws.com but no function in the audited regions ({string.Join(", ", Inventory.Regions.Select(r => r.Region))}) uses it" +
                              (role.LastUsedDate == null ? "; IAM records no use." : $"; last used {role.LastUsedDate:yyyy-MM-dd}."),
                };
            if (oldEnough && role.LastUsedDate != null && (now - role.LastUsedDate.Value).TotalDays > unusedDays)
                return new LeastPrivilegeIssue
                {
                    RuleId = ExecRoleRuleIds.UnusedOrOrphan, Severity = WafSecurity.Severity.Low, Policy = "", Statement = "",
                    Message = $"Role {role.RoleName} was last used {role.LastUsedDate:yyyy-MM-dd}, {(int)(now - role.LastUsedDate.Value).TotalDays} days ago (more than {unusedDays}).",
                };
            return null;
        }
    }
}
