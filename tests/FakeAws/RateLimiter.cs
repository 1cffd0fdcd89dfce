using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace WafSecurity.FakeAws;

/// <summary>A token bucket: <c>rate</c> tokens per second up to <c>capacity</c>; starts full. Time is passed in
/// (seconds on any monotonic clock) so tests need no sleeps.</summary>
public sealed class TokenBucket
{
    private readonly object _gate = new();
    private readonly double _rate;
    private readonly double _capacity;
    private double _tokens;
    private double _last;

    public TokenBucket(double ratePerSecond, double capacity, double now)
    {
        if (ratePerSecond <= 0) throw new ArgumentOutOfRangeException(nameof(ratePerSecond));
        _rate = ratePerSecond;
        _capacity = Math.Max(1, capacity);
        _tokens = _capacity;
        _last = now;
    }

    public bool TryTake(double now)
    {
        lock (_gate)
        {
            if (now > _last)
            {
                _tokens = Math.Min(_capacity, _tokens + (now - _last) * _rate);
                _last = now;
            }
            if (_tokens < 1) return false;
            _tokens -= 1;
            return true;
        }
    }
}

/// <summary>Counts over a sliding one-second window and remembers the largest count any window held.</summary>
public sealed class SlidingWindowMax
{
    private readonly Queue<double> _times = new();
    public int Max { get; private set; }

    public void Add(double now)
    {
        _times.Enqueue(now);
        while (_times.Count > 0 && _times.Peek() <= now - 1.0) _times.Dequeue();
        if (_times.Count > Max) Max = _times.Count;
    }
}

/// <summary>Per API group, access key and region: the bucket (when limits are enforced) and the counters.</summary>
public sealed class RateLimiter
{
    private readonly IReadOnlyList<RateGroup> _groups;
    private readonly bool _enforce;
    private readonly double _scale;
    private readonly Func<double> _clock;
    private readonly ConcurrentDictionary<string, GroupState> _states = new(StringComparer.Ordinal);

    public RateLimiter(RateLimitPlan plan, Func<double> clock)
    {
        _groups = plan.EffectiveGroups();
        _enforce = plan.Enabled;
        _scale = plan.Scale <= 0 ? 1 : plan.Scale;
        _clock = clock;
    }

    /// <summary>Records the call and answers whether it may proceed (false = answer with the throttling error).</summary>
    public bool Admit(AwsOperation op, string accountKey, out string groupName)
    {
        var group = _groups.FirstOrDefault(g => g.Matches(op));
        groupName = group?.Name ?? "other";
        string key = $"{groupName}|{op.Region}|{accountKey}";
        double now = _clock();
        var state = _states.GetOrAdd(key, _ =>
        {
            double? rate = group?.RatePerSecond * _scale;
            double? burst = (group?.Burst ?? group?.RatePerSecond) * _scale;
            return new GroupState(group?.Name ?? "other", op.Region, accountKey, rate,
                rate is > 0 && _enforce ? new TokenBucket(rate.Value, burst ?? rate.Value, now) : null);
        });
        return state.Record(now);
    }

    public IReadOnlyList<GroupStats> Snapshot() =>
        _states.Values.Select(s => s.Snapshot()).OrderBy(s => s.Group, StringComparer.Ordinal).ThenBy(s => s.Region, StringComparer.Ordinal).ToList();

    private sealed class GroupState(string group, string region, string account, double? rate, TokenBucket? bucket)
    {
        private readonly object _gate = new();
        private readonly SlidingWindowMax _all = new();
        private readonly SlidingWindowMax _admitted = new();
        private long _requests, _throttled;
        private double _first = double.NaN, _lastAdmitted = double.NaN;

        public bool Record(double now)
        {
            bool ok = bucket?.TryTake(now) ?? true;
            lock (_gate)
            {
                if (double.IsNaN(_first)) _first = now;
                _requests++;
                _all.Add(now);
                if (ok) { _admitted.Add(now); _lastAdmitted = now; } else _throttled++;
            }
            return ok;
        }

        public GroupStats Snapshot()
        {
            lock (_gate)
            {
                return new GroupStats(group, region, account, rate, _requests, _requests - _throttled, _throttled, _all.Max, _admitted.Max,
                    double.IsNaN(_first) || double.IsNaN(_lastAdmitted) ? 0 : Math.Round(_lastAdmitted - _first, 3));
            }
        }
    }
}

/// <summary>One API group's counters. MaxAdmittedIn1s is the most calls that reached the service within any one
/// second: compare it with RatePerSecond (plus the burst) to see whether a client kept to the documented rate.</summary>
public sealed record GroupStats(string Group, string Region, string Account, double? RatePerSecond, long Requests, long Admitted, long RateLimited,
    int MaxRequestsIn1s, int MaxAdmittedIn1s, double ActiveSeconds);
