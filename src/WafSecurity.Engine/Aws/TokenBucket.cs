using System;
using System.Threading;
using System.Threading.Tasks;

namespace WafSecurity.Engine.Aws
{
    /// <summary>
    /// A token bucket for one API group in one account and region, adapting to throttling (AIMD: halve the rate on a
    /// throttle, win back a tenth of the nominal rate per success). Callers are admitted first come, first served: one
    /// waiter at a time waits for the next token, the others queue behind it, so the order calls are requested in is the
    /// order they go out (the collector relies on this to start the calls others depend on first).
    /// Admission is strict: a call is admitted only at a clock reading where a whole token is present, so over any
    /// interval of length T at most Burst + Rate x T calls are admitted, whatever the clock does.
    /// </summary>
    public sealed class TokenBucket
    {
        private readonly ISchedulerClock _clock;
        private readonly object _lock = new object();
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private double _rate;
        private double _tokens;
        private TimeSpan _last;

        public TokenBucket(ISchedulerClock clock, double ratePerSecond, double burst)
        {
            if (ratePerSecond <= 0) throw new ArgumentOutOfRangeException(nameof(ratePerSecond));
            _clock = clock;
            NominalRate = ratePerSecond;
            Burst = Math.Max(1, burst);
            MinimumRate = ratePerSecond / 16;
            _rate = ratePerSecond;
            _tokens = Burst;
            _last = clock.Now;
        }

        public double NominalRate { get; }
        public double Burst { get; }
        public double MinimumRate { get; }
        /// <summary>The rate currently held (below nominal after throttling).</summary>
        public double CurrentRate { get { lock (_lock) return _rate; } }
        public int Admitted { get; private set; }
        public int Throttled { get; private set; }

        /// <summary>Waits for a token; returns the clock reading at which it was taken.</summary>
        public async Task<TimeSpan> AcquireAsync(CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    TimeSpan wait;
                    lock (_lock)
                    {
                        var now = Refill();
                        if (_tokens >= 1)
                        {
                            _tokens -= 1;
                            Admitted++;
                            return now;
                        }
                        wait = TimeSpan.FromTicks(Math.Max(1, (long)Math.Ceiling((1 - _tokens) / _rate * TimeSpan.TicksPerSecond)));
                    }
                    await _clock.Delay(wait, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        /// <summary>Accounts for requests a call made beyond the one admitted (further pages): later callers wait for them.</summary>
        public void Charge(int requests)
        {
            if (requests <= 0) return;
            lock (_lock) { Refill(); _tokens -= requests; }
        }

        public void OnThrottled()
        {
            lock (_lock)
            {
                Refill();
                _rate = Math.Max(MinimumRate, _rate / 2);
                if (_tokens > 0) _tokens = 0;
                Throttled++;
            }
        }

        public void OnSuccess()
        {
            lock (_lock)
            {
                if (_rate < NominalRate) _rate = Math.Min(NominalRate, _rate + NominalRate / 10);
            }
        }

        private TimeSpan Refill()
        {
            var now = _clock.Now;
            var elapsed = (now - _last).TotalSeconds;
            if (elapsed > 0)
            {
                _tokens = Math.Min(Burst, _tokens + elapsed * _rate);
                _last = now;
            }
            return now;
        }
    }
}
