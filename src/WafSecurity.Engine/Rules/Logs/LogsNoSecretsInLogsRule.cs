using System;
using System.Collections.Generic;
using System.Linq;
using WafSecurity.Engine.Aws;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Secrets;

namespace WafSecurity.Engine.Rules.Logs
{
    /// <summary>SEC2.Logs.NoSecretsInLogs (opt-in): a bounded sample of each workload log group holds no detected secret.</summary>
    public sealed class LogsNoSecretsInLogsRule : Rule
    {
        public const string SampleEventsParameter = "SampleEvents";
        public const string LookbackHoursParameter = "LookbackHours";
        /// <summary>How many detections a reason lists before "and N more".</summary>
        private const int ListedDetections = 3;

        public static readonly RuleDescriptor Info = new RuleDescriptor
        {
            Id = "SEC2.Logs.NoSecretsInLogs",
            Question = WafSecurity.Question.Sec2,
            Severity = WafSecurity.Severity.High,
            ResourceType = WorkloadLogGroups.ResourceType,
            OptIn = true,
            Title = "Workload log groups hold no secrets in recent events",
            Description = "Opt-in: reading log events costs API calls and touches data. One finding per existing workload log group " +
                          "(the groups of SEC2.Logs.LogGroupKms). The events are one logs FilterLogEvents page per group: at most " +
                          "SampleEvents events (default 200) from the LookbackHours (default 24) before the capture, collected by a live " +
                          "Get-WafFinding when this rule is enabled, or by Export-WafInventory -IncludeLogSample. Each message is scanned " +
                          "with the secret detector of SEC3.Lambda.SecretsInEnvVars: \"key\": \"value\" and key=value pairs with every " +
                          "detector, bare tokens only with the detectors whose value alone proves a secret (access keys, tokens, private " +
                          "keys, credentials in URLs). The collector replaces every detected value with [REDACTED:<detector>:<hash8>] " +
                          "before anything is kept, and such markers count as detections: no secret value is ever stored or printed. A " +
                          "group without a sample is an Error (not collected), never a pass. Prowler cloudwatch_log_group_no_secrets_in_logs.",
            Remediation = "Stop logging the value (log a reference or a hash), rotate the exposed secret, then remove the events: " +
                          "delete the log streams that hold them (Remove-CWLLogStream) or shorten the group's retention.",
            Parameters = new[]
            {
                new RuleParameter(SampleEventsParameter, LogSampleOptions.DefaultSampleEvents, "Events read per log group (one FilterLogEvents page, 1 to 10000)."),
                new RuleParameter(LookbackHoursParameter, LogSampleOptions.DefaultLookbackHours, "How many hours before the capture the sample reaches back."),
            },
            WellArchitected = new[] { "SEC02-BP03", "SEC04-BP01" },
        };

        public override RuleDescriptor Descriptor => Info;

        public override void ValidateParameters(RuleParameterValues parameters)
        {
            var events = parameters.GetInt(SampleEventsParameter);
            if (events < 1 || events > 10000) throw new ArgumentException($"Parameter {Info.Id}.{SampleEventsParameter} must be 1 to 10000 (a FilterLogEvents page); {events} is not.");
            var hours = parameters.GetInt(LookbackHoursParameter);
            if (hours < 1) throw new ArgumentException($"Parameter {Info.Id}.{LookbackHoursParameter} must be 1 or more; {hours} is not.");
        }

        /// <summary>What a live collection must sample for this audit: null when the rule is not part of it.</summary>
        public static LogSampleOptions? LogSampleFor(AuditEngine engine)
        {
            var parameters = engine.PlannedParameters(Info.Id);
            return parameters == null ? null : new LogSampleOptions
            {
                SampleEvents = parameters.GetInt(SampleEventsParameter), LookbackHours = parameters.GetInt(LookbackHoursParameter),
            };
        }

        public override IEnumerable<RuleResult> Evaluate(RuleContext context)
        {
            foreach (var item in WorkloadLogGroups.Items(context, "the events"))
            {
                if (item.Error != null) { yield return item.Error; continue; }
                var sample = item.Region.FindLogSample(item.Name);
                if (!sample.IsOk)
                {
                    var error = RuleResult.FromError(item.Region.Region, item.Arn, item.Name, sample.Error ?? NotCollected(), $"the events of log group {item.Name} ({item.Owners})");
                    error.ResourceType = WorkloadLogGroups.ResourceType;
                    yield return error;
                    continue;
                }
                yield return Judge(item, sample.Value!);
            }
        }

        private static RuleResult Judge(WorkloadLogGroupItem item, LogEventSample sample)
        {
            var hits = new List<(LogEventRecord Event, TextSecret Secret)>();
            foreach (var record in sample.Events)
                foreach (var secret in LogMessageScanner.Default.Scan(record.Message))
                    hits.Add((record, secret));
            var evidence = WorkloadLogGroups.EvidenceOf(item).Add("SampledEvents", sample.Events.Count).Add("SampleTruncated", sample.Truncated);
            if (hits.Count == 0)
                return WorkloadLogGroups.Result(item, FindingStatus.Passed,
                    $"None of the {sample.Events.Count} sampled event(s) of log group {item.Name} ({item.Owners}) holds a detected secret" +
                    (sample.Truncated ? " (more events matched than the sample holds)." : "."), evidence);
            string Where(LogEventRecord e) => $"stream {e.LogStreamName ?? "(unknown)"} at {(e.Timestamp.HasValue ? e.Timestamp.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'") : "(no timestamp)")}";
            string Describe(TextSecret s) => $"{s.Detector}{(s.Name.Length == 0 ? "" : $" under '{s.Name}'")}";
            evidence.Add("Detections", hits.Select(h => $"{Where(h.Event)}: {Describe(h.Secret)}, sha256:{h.Secret.ValueHash}{(h.Secret.Redacted ? " (redacted at collection)" : "")}").ToArray());
            var listed = string.Join("; ", hits.Take(ListedDetections).Select(h => $"{Describe(h.Secret)} in {Where(h.Event)}"));
            var more = hits.Count > ListedDetections ? $"; and {hits.Count - ListedDetections} more" : "";
            var events = hits.Select(h => h.Event).Distinct().Count();
            return WorkloadLogGroups.Result(item, FindingStatus.Failed,
                $"Log group {item.Name} ({item.Owners}) holds {hits.Count} detected secret(s) in {events} of {sample.Events.Count} sampled event(s): {listed}{more}. " +
                "Anyone who can read the group can read them. Expected no secrets in log events.", evidence);
        }

        private static CallError NotCollected()
            => new CallError("NotCollected", "no sample recorded", SnapshotOperations.LogsFilterLogEvents.Label, SnapshotOperations.LogsFilterLogEvents.IamAction, null);
    }
}
