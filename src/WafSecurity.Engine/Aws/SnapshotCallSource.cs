using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Json;

namespace WafSecurity.Engine.Aws
{
    /// <summary>Faults a <see cref="SnapshotCallSource"/> injects, decided per call and attempt from a seed (reproducible).</summary>
    public sealed class CallFaults
    {
        /// <summary>Share of attempts answered with a throttling error (each attempt drawn again).</summary>
        public double ThrottleRate { get; set; }
        /// <summary>Share of calls whose first attempt fails with a 5xx, then succeed.</summary>
        public double ServerErrorRate { get; set; }
        /// <summary>Share of calls whose first attempt gets no answer (a dropped connection), then succeed.</summary>
        public double DropRate { get; set; }
        /// <summary>Operations ("lambda GetPolicy") that always fail with this error, e.g. AccessDeniedException/403.</summary>
        public IDictionary<string, (string Code, string Message, int? HttpStatus)> PersistentErrors { get; } =
            new Dictionary<string, (string, string, int?)>(StringComparer.OrdinalIgnoreCase);
        /// <summary>Time each attempt takes (on the source's clock).</summary>
        public TimeSpan Latency { get; set; }
        /// <summary>When set, the source enforces each API group's quota times this scale, as AWS does: over-rate attempts are throttled.</summary>
        public double? EnforceRateScale { get; set; }
        public int Seed { get; set; } = 1;
    }

    /// <summary>
    /// An <see cref="IAwsCallSource"/> that answers from a recorded snapshot (a folder the AWS CLI tool wrote, or documents in
    /// memory), as AWS would have: an answer file is the answer, an .error.json is the failure, a missing file is "not
    /// found". With <see cref="CallFaults"/> it throttles, fails, drops, waits and enforces rate limits, so the collector
    /// and scheduler are tested without AWS and benchmarked against the documented quotas.
    /// </summary>
    public sealed class SnapshotCallSource : IAwsCallSource
    {
        private readonly SnapshotDocuments _documents;
        private readonly CallFaults _faults;
        private readonly ISchedulerClock _clock;
        private readonly ConcurrentDictionary<string, int> _attempts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, EnforcedRate> _enforced = new ConcurrentDictionary<string, EnforcedRate>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, int> _callsByGroup = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        private int _attemptCount, _enforcedThrottles;

        public SnapshotCallSource(SnapshotDocuments documents, CallFaults? faults = null, ISchedulerClock? clock = null)
        {
            _documents = documents; _faults = faults ?? new CallFaults(); _clock = clock ?? MonotonicClock.Instance;
        }

        public SnapshotCallSource(string folder, CallFaults? faults = null, ISchedulerClock? clock = null)
            : this(SnapshotDocuments.Load(folder), faults, clock) { }

        /// <summary>Attempts answered (retries included).</summary>
        public int Attempts => _attemptCount;
        /// <summary>Attempts throttled because they exceeded the enforced rate (not injected).</summary>
        public int EnforcedThrottles => _enforcedThrottles;
        /// <summary>Attempts per API group and region ("lambda:GetPolicy|us-east-1").</summary>
        public IReadOnlyDictionary<string, int> AttemptsByGroup => new Dictionary<string, int>(_callsByGroup);

        public async Task<AwsCallResult> CallAsync(AwsCall call, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var identity = call.ToString();
            var attempt = _attempts.AddOrUpdate(identity, 1, (_, n) => n + 1);
            Interlocked.Increment(ref _attemptCount);
            var group = ApiGroups.Of(call.Operation);
            var scope = group == ApiGroups.Iam ? "global" : call.Region;
            _callsByGroup.AddOrUpdate(group.Name + "|" + scope, 1, (_, n) => n + 1);
            if (_faults.Latency > TimeSpan.Zero) await _clock.Delay(_faults.Latency, cancellationToken).ConfigureAwait(false);

            if (_faults.EnforceRateScale is double scale)
            {
                var meter = _enforced.GetOrAdd(group.Name + "|" + scope, _ => new EnforcedRate(group.RatePerSecond * scale, Math.Max(5, 2 * group.Burst * scale)));
                if (!meter.TryTake(_clock.Now))
                {
                    Interlocked.Increment(ref _enforcedThrottles);
                    return Throttle(call);
                }
            }
            if (_faults.PersistentErrors.TryGetValue(call.Operation.Label, out var persistent))
                return AwsCallResult.Failed(persistent.Code, persistent.Message, persistent.HttpStatus);
            if (Draw(identity, attempt, 1) < _faults.ThrottleRate) return Throttle(call);
            if (attempt == 1 && Draw(identity, 0, 2) < _faults.ServerErrorRate)
                return AwsCallResult.Failed("ServiceUnavailable", "Service is unavailable (injected)", 503);
            if (attempt == 1 && Draw(identity, 0, 3) < _faults.DropRate)
                return AwsCallResult.Failed("ConnectionError", "The connection was closed before a response was received (injected)", null);
            // IAM and S3 answers are filed under global/ (S3: bucket names are global; its calls go to the bucket's region).
            var filed = scope == "global" || call.Operation.Service == "s3api" || call.Operation.Service == "s3control" ? "global" : call.Region;
            return Answer(call, filed);
        }

        private static AwsCallResult Throttle(AwsCall call)
            => call.Operation.Service == "lambda" || call.Operation.Service.StartsWith("apigateway", StringComparison.Ordinal)
                ? AwsCallResult.Failed("TooManyRequestsException", "Rate exceeded", 429)
                : AwsCallResult.Failed("ThrottlingException", "Rate exceeded", 400);

        private AwsCallResult Answer(AwsCall call, string scope)
        {
            var op = call.Operation;
            if (op == SnapshotOperations.StsGetCallerIdentity) return CallerIdentity();
            if (op == SnapshotOperations.Ec2DescribeRegions) return Regions();
            if (op == SnapshotOperations.IamGenerateServiceLastAccessedDetails)
            {
                // A recorded role's last-accessed answer is read back by GetServiceLastAccessedDetails under the same key; a
                // recorded failure fails the start of the job, as it did; no record: the role was not asked about.
                var recorded = Answer(new AwsCall(SnapshotOperations.IamGetServiceLastAccessedDetails, call.Region, call.Key), scope);
                return recorded.Outcome == AwsCallOutcome.Ok
                    ? AwsCallResult.Ok(JsonSerializer.Serialize(new Dictionary<string, string> { ["JobId"] = "recorded-" + call.Key }))
                    : recorded;
            }
            if (_documents.TryGet(SnapshotDocuments.PathOf(scope, op, call.Key), out var answer)) return AwsCallResult.Ok(Encoding.UTF8.GetString(answer));
            if (_documents.TryGet(SnapshotDocuments.ErrorPathOf(scope, op, call.Key), out var error))
            {
                try
                {
                    using var document = JsonDocument.Parse(error);
                    var status = document.RootElement.GetInt64("HttpStatus");
                    return AwsCallResult.Failed(document.RootElement.GetString("Code") ?? "UnknownError", document.RootElement.GetString("Message") ?? "",
                        status.HasValue ? (int?)status.Value : null);
                }
                catch (JsonException)
                {
                    return AwsCallResult.Failed("UnknownError", "unreadable error record", 400);
                }
            }
            return AwsCallResult.NotFound("ResourceNotFoundException", $"{call} is not in the recorded snapshot");
        }

        private AccountInfo Account()
        {
            if (_documents.TryGet("account.json", out var bytes))
            {
                using var document = JsonDocument.Parse(bytes);
                return CliDocuments.Account(document.RootElement);
            }
            return new AccountInfo { AccountId = "123456789012" };
        }

        private AwsCallResult CallerIdentity()
        {
            var account = Account();
            return AwsCallResult.Ok(JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["UserId"] = "AIDAEXAMPLEAUDITOR", ["Account"] = account.AccountId, ["Arn"] = $"arn:{account.Partition}:iam::{account.AccountId}:user/auditor",
            }));
        }

        private AwsCallResult Regions()
        {
            var account = Account();
            var names = account.Regions.Concat(_documents.Paths.Select(p => p.Split('/')[0]).Where(p => p.Contains("-")))
                .Distinct(StringComparer.Ordinal).OrderBy(r => r, StringComparer.Ordinal);
            return AwsCallResult.Ok(JsonSerializer.Serialize(new { Regions = names.Select(r => new { RegionName = r, OptInStatus = "opt-in-not-required" }) }));
        }

        /// <summary>A uniform number in [0,1) from the seed, the call and the attempt: the same run injects the same faults.</summary>
        private double Draw(string identity, int attempt, int salt)
        {
            unchecked
            {
                ulong hash = 14695981039346656037UL ^ (ulong)_faults.Seed * 1099511628211UL;
                foreach (var c in identity) hash = (hash ^ c) * 1099511628211UL;
                hash = (hash ^ (ulong)attempt) * 1099511628211UL;
                hash = (hash ^ (ulong)salt) * 1099511628211UL;
                hash ^= hash >> 33; hash *= 0xff51afd7ed558ccdUL; hash ^= hash >> 33;
                return (hash >> 11) / (double)(1UL << 53);
            }
        }

        /// <summary>AWS's side of a quota: a token bucket that refuses instead of waiting.</summary>
        private sealed class EnforcedRate
        {
            private readonly double _rate, _burst;
            private double _tokens;
            private TimeSpan? _last;

            public EnforcedRate(double rate, double burst) { _rate = rate; _burst = burst; _tokens = burst; }

            public bool TryTake(TimeSpan now)
            {
                lock (this)
                {
                    if (_last.HasValue && now > _last.Value) _tokens = Math.Min(_burst, _tokens + (now - _last.Value).TotalSeconds * _rate);
                    if (!_last.HasValue || now > _last.Value) _last = now;
                    if (_tokens < 1) return false;
                    _tokens -= 1;
                    return true;
                }
            }
        }
    }
}
