using System;
using System.Collections.Generic;
using System.Linq;

namespace WafSecurity.Engine.Inventory
{
    /// <summary>A log group the workload writes to: where it lives, its name, and what writes to it.</summary>
    public sealed class WorkloadLogGroupCandidate
    {
        public WorkloadLogGroupCandidate(string region, string name, IReadOnlyList<string> owners) { Region = region; Name = name; Owners = owners; }
        public string Region { get; }
        public string Name { get; }
        /// <summary>"Lambda function orders", "access logs of stage prod of REST API pets (a1b2)", ...</summary>
        public IReadOnlyList<string> Owners { get; }
    }

    /// <summary>
    /// The workload's CloudWatch Logs groups (rule-catalog.md, SEC2.Logs.*): /aws/lambda/&lt;function&gt; of every collected
    /// function, API-Gateway-Execution-Logs_&lt;restApiId&gt;/&lt;stage&gt; of every REST stage, and the log groups API Gateway
    /// v1/v2 stages name as access-log destinations (which may live in another region). Used by the log-group rules and by
    /// the collector to choose which groups to sample.
    /// </summary>
    public static class WorkloadLogGroupScope
    {
        public const string LambdaPrefix = "/aws/lambda/";
        public const string ExecutionLogsPrefix = "API-Gateway-Execution-Logs_";

        /// <summary>The log group name and region of a CloudWatch Logs ARN (arn:aws:logs:r:a:log-group:name[:*]); null for other ARNs (Firehose).</summary>
        public static (string Region, string Name)? ParseLogGroupArn(string? arn)
        {
            if (string.IsNullOrEmpty(arn)) return null;
            var parts = arn!.Split(new[] { ':' }, 7);
            if (parts.Length < 7 || parts[0] != "arn" || parts[2] != "logs" || parts[5] != "log-group") return null;
            var name = parts[6];
            if (name.EndsWith(":*", StringComparison.Ordinal)) name = name.Substring(0, name.Length - 2);
            return name.Length == 0 ? ((string, string)?)null : (parts[3], name);
        }

        /// <summary>Every candidate group (whether or not it exists), by region then name.</summary>
        public static IReadOnlyList<WorkloadLogGroupCandidate> Candidates(IEnumerable<RegionInventory> regions)
        {
            var candidates = new Dictionary<(string Region, string Name), List<string>>();
            void Add(string region, string name, string owner)
            {
                if (!candidates.TryGetValue((region, name), out var owners)) candidates[(region, name)] = owners = new List<string>();
                if (!owners.Contains(owner)) owners.Add(owner);
            }
            foreach (var region in regions)
            {
                if (region.Functions.IsOk)
                    foreach (var function in region.Functions.Value!)
                        Add(region.Region, LambdaPrefix + function.FunctionName, $"Lambda function {function.FunctionName}");
                if (region.RestApis.IsOk)
                    foreach (var api in region.RestApis.Value!.Where(a => a.Stages.IsOk))
                        foreach (var stage in api.Stages.Value!)
                        {
                            Add(region.Region, $"{ExecutionLogsPrefix}{api.Id}/{stage.StageName}", $"execution logs of stage {stage.StageName} of REST API {api.Name} ({api.Id})");
                            var access = ParseLogGroupArn(stage.AccessLogDestinationArn);
                            if (access != null) Add(access.Value.Region, access.Value.Name, $"access logs of stage {stage.StageName} of REST API {api.Name} ({api.Id})");
                        }
                if (region.ApisV2.IsOk)
                    foreach (var api in region.ApisV2.Value!.Where(a => a.Stages.IsOk))
                        foreach (var stage in api.Stages.Value!)
                        {
                            var access = ParseLogGroupArn(stage.AccessLogDestinationArn);
                            if (access != null) Add(access.Value.Region, access.Value.Name, $"access logs of stage {stage.StageName} of {api.ProtocolType} API {api.Name} ({api.ApiId})");
                        }
            }
            return candidates.OrderBy(c => c.Key.Region, StringComparer.Ordinal).ThenBy(c => c.Key.Name, StringComparer.Ordinal)
                .Select(c => new WorkloadLogGroupCandidate(c.Key.Region, c.Key.Name, c.Value)).ToList();
        }
    }
}
