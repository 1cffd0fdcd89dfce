using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace WafSecurity.Engine.Aws
{
    /// <summary>Monotonic time and waiting, injected so the scheduler is tested on virtual time (no sleeps).</summary>
    public interface ISchedulerClock
    {
        /// <summary>Time since an arbitrary fixed origin; never goes backwards.</summary>
        TimeSpan Now { get; }
        Task Delay(TimeSpan delay, CancellationToken cancellationToken);
    }

    public sealed class MonotonicClock : ISchedulerClock
    {
        public static MonotonicClock Instance { get; } = new MonotonicClock();
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        public TimeSpan Now => _watch.Elapsed;
        public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
            => delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, cancellationToken);
    }

    /// <summary>
    /// Virtual time for tests: a delay completes at once and moves the clock to the moment it would have ended (never
    /// backwards), so a run of thousands of rate-limited calls takes microseconds and is measured in simulated seconds.
    /// </summary>
    public sealed class VirtualClock : ISchedulerClock
    {
        private long _ticks;
        public TimeSpan Now => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (delay > TimeSpan.Zero) AdvanceTo(Now + delay);
            return Task.CompletedTask;
        }

        public void AdvanceTo(TimeSpan time)
        {
            while (true)
            {
                var current = Interlocked.Read(ref _ticks);
                if (time.Ticks <= current || Interlocked.CompareExchange(ref _ticks, time.Ticks, current) == current) return;
            }
        }
    }
}
