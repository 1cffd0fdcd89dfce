using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace WafSecurity.Engine.Aws
{
    public sealed class SchedulerOptions
    {
        public ISchedulerClock Clock { get; set; } = MonotonicClock.Instance;
        /// <summary>Multiplies every group's rate and burst (the benchmark's instrument runs at 10x AWS's quotas).</summary>
        public double RateScale { get; set; } = 1;
        /// <summary>Retries after a throttling answer (the call source has already done its own).</summary>
        public int MaxThrottleRetries { get; set; } = 10;
        /// <summary>
        /// Attempts, beyond the first, that a call may spend on server errors and lost connections, counting the
        /// attempts the call source already made itself (AwsApiCallSource retries inside the SDK pipeline): retries are
        /// never layered, so an endpoint that keeps failing costs a bounded number of requests and seconds.
        /// </summary>
        public int MaxTransientRetries { get; set; } = 4;
        public TimeSpan TransientBackoffBase { get; set; } = TimeSpan.FromMilliseconds(200);
        public TimeSpan TransientBackoffCap { get; set; } = TimeSpan.FromSeconds(5);
        /// <summary>
        /// Calls of one API group and region in flight at most (0 = no limit), a slot taken before the token. With every
        /// group of a service at this limit, the service's client still has a free connection for each admitted request
        /// (AwsRetrySettings.MaxConnectionsPerServer is sized for it): a request admitted while every connection is busy
        /// would wait in the pool and leave later, in a clump with the others that waited, at a pace the token bucket
        /// never set (a slow endpoint then sees bursts above the group's rate, and throttles).
        /// </summary>
        public int MaxInFlightPerGroup { get; set; } = DefaultMaxInFlightPerGroup;
        public const int DefaultMaxInFlightPerGroup = 64;
        /// <summary>Observes every admission (group, region, clock reading): tests check the rate over sliding windows.</summary>
        public Action<ApiGroup, string, TimeSpan>? OnAdmitted { get; set; }
    }

    /// <summary>
    /// Runs AWS calls through one adaptive token bucket per API group and region: each group is held near its documented
    /// rate, independently of the others, so regions and services run side by side. A throttled call backs its bucket off
    /// and goes round again; a server error or a dropped connection is retried after an exponential, jittered pause; both a
    /// bounded number of times, after which the failure stands (an .error.json and Error findings).
    /// </summary>
    public sealed class CallScheduler
    {
        private static readonly HashSet<string> ThrottleCodes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException", "RequestLimitExceeded",
            "RequestThrottled", "RequestThrottledException", "ProvisionedThroughputExceededException", "SlowDown",
            "PriorRequestNotComplete", "EC2ThrottledException", "TransactionInProgressException", "BandwidthLimitExceeded",
            "LimitExceededException",
        };

        private static readonly HashSet<string> TransientCodes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "InternalFailure", "InternalError", "InternalServerError", "InternalServerErrorException", "ServiceUnavailable",
            "ServiceUnavailableException", "ServiceException", "RequestTimeout", "RequestTimeoutException", "TransientError",
            "IDPCommunicationError", "ConnectionError", "CliTimeout",
        };

        private readonly IAwsCallSource _source;
        private readonly SchedulerOptions _options;
        private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new ConcurrentDictionary<string, TokenBucket>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, SemaphoreSlim> _groupSlots = new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.Ordinal);
        private readonly Random _jitter = new Random(7);
        private int _calls, _requests, _throttleRetries, _transientRetries;

        public CallScheduler(IAwsCallSource source, SchedulerOptions? options = null)
        {
            _source = source;
            _options = options ?? new SchedulerOptions();
            if (_options.RateScale <= 0) throw new ArgumentOutOfRangeException(nameof(options), "RateScale must be positive");
        }

        public ISchedulerClock Clock => _options.Clock;
        public int Calls => _calls;
        public int Requests => _requests;
        public int ThrottleRetries => _throttleRetries;
        public int TransientRetries => _transientRetries;

        public TokenBucket BucketFor(ApiGroup group, string region)
            => _buckets.GetOrAdd(group.Name + "|" + region,
                _ => new TokenBucket(_options.Clock, group.RatePerSecond * _options.RateScale, Math.Max(1, group.Burst * _options.RateScale)));

        public static bool IsThrottling(AwsCallResult result)
            => result.Outcome == AwsCallOutcome.Failed && ((result.ErrorCode != null && ThrottleCodes.Contains(result.ErrorCode)) || result.HttpStatus == 429);

        public static bool IsTransient(AwsCallResult result)
            => result.Outcome == AwsCallOutcome.Failed && !IsThrottling(result)
               && ((result.ErrorCode != null && TransientCodes.Contains(result.ErrorCode)) || result.HttpStatus >= 500
                   || ((result.HttpStatus == null || result.HttpStatus == 0) && !LooksPermanent(result.ErrorCode)));

        /// <summary>Codes that no retry changes (a call without an HTTP status is otherwise taken as a dropped connection).</summary>
        private static bool LooksPermanent(string? code)
        {
            if (string.IsNullOrEmpty(code)) return false;
            foreach (var word in new[] { "AccessDenied", "Unauthorized", "Forbidden", "Invalid", "Validation", "NotFound", "Signature", "Expired", "UnrecognizedClient" })
                if (code!.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0) return true;
            return false;
        }

        public async Task<AwsCallResult> RunAsync(AwsCall call, CancellationToken cancellationToken)
        {
            if (_options.MaxInFlightPerGroup <= 0) return await RunPacedAsync(call, cancellationToken).ConfigureAwait(false);
            // A slot first, then a token: the request leaves when it is admitted. Per group, not per client, so calls
            // waiting for one group's tokens never hold the slots another group of the same service needs.
            var group = ApiGroups.Of(call.Operation);
            var slots = _groupSlots.GetOrAdd(group.Name + "|" + (group == ApiGroups.Iam ? "global" : call.Region),
                _ => new SemaphoreSlim(_options.MaxInFlightPerGroup));
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try { return await RunPacedAsync(call, cancellationToken).ConfigureAwait(false); }
            finally { slots.Release(); }
        }

        private async Task<AwsCallResult> RunPacedAsync(AwsCall call, CancellationToken cancellationToken)
        {
            var group = ApiGroups.Of(call.Operation);
            var scope = group == ApiGroups.Iam ? "global" : call.Region;
            var bucket = BucketFor(group, scope);
            int throttles = 0, transients = 0;
            Interlocked.Increment(ref _calls);
            // A call source's own retries and further pages wait for the same bucket, one token each, as they go out.
            call.AdmitFurtherRequest = async token =>
            {
                var at = await bucket.AcquireAsync(token).ConfigureAwait(false);
                _options.OnAdmitted?.Invoke(group, scope, at);
            };
            while (true)
            {
                var admittedAt = await bucket.AcquireAsync(cancellationToken).ConfigureAwait(false);
                _options.OnAdmitted?.Invoke(group, scope, admittedAt);
                cancellationToken.ThrowIfCancellationRequested();
                var result = await _source.CallAsync(call, cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                var requests = Math.Max(1, result.Requests);
                Interlocked.Add(ref _requests, requests);
                bucket.Charge(requests - 1 - Math.Max(0, result.AdmittedRequests));
                if (IsThrottling(result))
                {
                    bucket.OnThrottled();
                    if (++throttles <= _options.MaxThrottleRetries) { Interlocked.Increment(ref _throttleRetries); continue; }
                    return result;
                }
                if (IsTransient(result))
                {
                    // The source's own retries count against the same budget (a call that took 9 SDK attempts has spent it).
                    transients += requests;
                    if (transients <= _options.MaxTransientRetries)
                    {
                        Interlocked.Increment(ref _transientRetries);
                        await _options.Clock.Delay(Backoff(Math.Min(transients, 20)), cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    return result;
                }
                bucket.OnSuccess();
                return result;
            }
        }

        private TimeSpan Backoff(int attempt)
        {
            var cap = Math.Min(_options.TransientBackoffCap.Ticks, _options.TransientBackoffBase.Ticks * (1L << Math.Min(attempt, 20)));
            double fraction;
            lock (_jitter) fraction = 0.5 + _jitter.NextDouble() / 2;
            return TimeSpan.FromTicks((long)(cap * fraction));
        }
    }
}
