using System.Collections.Generic;

namespace WafSecurity.Engine.Inventory
{
    public sealed partial class RegionInventory
    {
        /// <summary>stepfunctions ListStateMachines: every state machine of the region, each with its DescribeStateMachine answer.</summary>
        public Fetched<IReadOnlyList<StateMachine>> StateMachines { get; set; } = Fetched<IReadOnlyList<StateMachine>>.Absent();
    }

    /// <summary>One item of stepfunctions ListStateMachines, with its description.</summary>
    public sealed class StateMachine
    {
        public string StateMachineArn { get; set; } = "";
        public string Name { get; set; } = "";
        /// <summary>STANDARD or EXPRESS.</summary>
        public string? Type { get; set; }
        /// <summary>stepfunctions DescribeStateMachine --state-machine-arn (file key: the name); NotCollected when missing.</summary>
        public Fetched<StateMachineDescription> Description { get; set; } = Fetched<StateMachineDescription>.Absent();
    }

    /// <summary>The parts of DescribeStateMachine the rules read.</summary>
    public sealed class StateMachineDescription
    {
        public string StateMachineArn { get; set; } = "";
        public string Name { get; set; } = "";
        public string? Type { get; set; }
        public string? Status { get; set; }
        public string? RoleArn { get; set; }
        /// <summary>The Amazon States Language definition as JSON text (values may be "[REDACTED:...]" markers from Export-WafInventory).</summary>
        public string Definition { get; set; } = "";
    }
}
