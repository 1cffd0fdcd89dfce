using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using WafSecurity.Engine.Json;
using Ops = WafSecurity.Engine.Inventory.SnapshotOperations;

namespace WafSecurity.Engine.Aws
{
    public sealed partial class Collector
    {
        /// <summary>How often an IAM last-accessed job is asked for its result, and for how long at most.</summary>
        internal static readonly TimeSpan LastAccessedPollInterval = TimeSpan.FromSeconds(2);
        internal const int LastAccessedMaxPolls = 90;

        private readonly ConcurrentDictionary<string, Task> _lastAccessedCalls = new ConcurrentDictionary<string, Task>(StringComparer.Ordinal);

        /// <summary>
        /// The execution role a listed function names gets one last-accessed job (once per role, whichever region lists it
        /// first). Only with IAM collected: the data is judged against the role's policies.
        /// </summary>
        private void LastAccessedLater(string? roleArn, CancellationToken ct)
        {
            if (!_options.IncludeIam || string.IsNullOrEmpty(roleArn)) return;
            var roleName = roleArn!.Substring(roleArn.LastIndexOf('/') + 1);
            if (roleName.Length == 0) return;
            _lastAccessedCalls.GetOrAdd(roleName, _ => Task.Run(() => LastAccessedAsync(roleArn, roleName, ct), ct));
        }

        /// <summary>
        /// iam GenerateServiceLastAccessedDetails (ACTION_LEVEL) for the role, then GetServiceLastAccessedDetails with its
        /// JobId until the job leaves IN_PROGRESS. Only the COMPLETED answer is written; a failed start, a FAILED job or a
        /// job still running after the last poll is written as the role's .error.json, so the rule says Error.
        /// </summary>
        private async Task LastAccessedAsync(string roleArn, string roleName, CancellationToken ct)
        {
            var op = Ops.IamGetServiceLastAccessedDetails;
            const string scope = AwsEndpoints.Global;
            Interlocked.Increment(ref _planned);
            var count = _counts.GetOrAdd(scope + "|" + op.Label, _ => new OperationCount(scope, op));
            var result = await _scheduler.RunAsync(new AwsCall(Ops.IamGenerateServiceLastAccessedDetails, scope, roleName,
                new Dictionary<string, string> { ["Arn"] = roleArn, ["Granularity"] = "ACTION_LEVEL" }), ct).ConfigureAwait(false);
            if (result.Outcome == AwsCallOutcome.Ok)
            {
                var jobId = Parse(result, root => root.GetString("JobId"));
                result = jobId == null
                    ? AwsCallResult.Failed("InvalidResponse", $"iam GenerateServiceLastAccessedDetails answered no JobId for role {roleName}.", null)
                    : await PollLastAccessedAsync(roleName, jobId, ct).ConfigureAwait(false);
            }
            Record(op, scope, roleName, result, count);
            var completed = Interlocked.Increment(ref _completed);
            Raise(CollectionEventKind.Progress, $"{op.Label} {roleName}", scope, op.Label, completed, Volatile.Read(ref _planned));
        }

        private async Task<AwsCallResult> PollLastAccessedAsync(string roleName, string jobId, CancellationToken ct)
        {
            var parameters = new Dictionary<string, string> { ["JobId"] = jobId };
            for (var poll = 1; ; poll++)
            {
                var result = await _scheduler.RunAsync(new AwsCall(Ops.IamGetServiceLastAccessedDetails, AwsEndpoints.Global, roleName, parameters), ct)
                    .ConfigureAwait(false);
                if (result.Outcome != AwsCallOutcome.Ok) return result;
                var status = Parse(result, root => root.GetString("JobStatus"));
                switch (status)
                {
                    case "COMPLETED":
                        return result;
                    case "IN_PROGRESS":
                        if (poll >= LastAccessedMaxPolls)
                            return AwsCallResult.Failed("JobTimeout",
                                $"the last-accessed job {jobId} for role {roleName} was still IN_PROGRESS after {poll} polls.", null);
                        await _options.Scheduler.Clock.Delay(LastAccessedPollInterval, ct).ConfigureAwait(false);
                        break;
                    case "FAILED":
                        var reason = Parse(result, root => root.Member("Error") is System.Text.Json.JsonElement e && e.ValueKind == System.Text.Json.JsonValueKind.Object
                            ? $"{e.GetString("Code")}: {e.GetString("Message")}" : null);
                        return AwsCallResult.Failed("JobFailed", $"the last-accessed job {jobId} for role {roleName} FAILED ({reason ?? "no reason given"}).", null);
                    default:
                        return AwsCallResult.Failed("InvalidResponse", $"the last-accessed job {jobId} for role {roleName} answered JobStatus {status ?? "(none)"}.", null);
                }
            }
        }
    }
}
