using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Rules
{
    /// <summary>The wall clock, injectable so age-based rules are tested at fixed dates.</summary>
    public interface IClock
    {
        DateTimeOffset UtcNow { get; }
    }

    public sealed class SystemClock : IClock
    {
        public static readonly SystemClock Instance = new SystemClock();
        public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
    }

    public sealed class FixedClock : IClock
    {
        public FixedClock(DateTimeOffset now) { UtcNow = now; }
        public DateTimeOffset UtcNow { get; }
    }

    /// <summary>What a rule sees: the inventory, its parameters, and "now".</summary>
    public sealed class RuleContext
    {
        private readonly ConcurrentDictionary<Type, object> _shared;

        internal RuleContext(AwsInventory inventory, RuleParameterValues parameters, IClock clock, ConcurrentDictionary<Type, object> shared)
        {
            Inventory = inventory; Parameters = parameters; _shared = shared;
            // Age is measured from the capture time so the same snapshot always gives the same verdicts.
            Now = inventory.Account.CapturedAt ?? clock.UtcNow;
        }

        public AwsInventory Inventory { get; }
        public RuleParameterValues Parameters { get; }
        public DateTimeOffset Now { get; }
        public string AccountId => Inventory.Account.AccountId;
        public string Partition => Inventory.Account.Partition;
        public IReadOnlyList<RegionInventory> Regions => Inventory.Regions;

        /// <summary>An analysis shared by several rules over the same inventory (e.g. every function's role), built once.</summary>
        public T Shared<T>(Func<AwsInventory, T> build) where T : class
            => (T)_shared.GetOrAdd(typeof(T), _ => build(Inventory));
    }
}
