using System.Collections.Generic;

namespace WafSecurity.Engine.Inventory
{
    public static partial class SnapshotReader
    {
        /// <summary>stepfunctions/ListStateMachines.json, then DescribeStateMachine/&lt;name&gt;.json per machine (missing: NotCollected).</summary>
        private static Fetched<IReadOnlyList<StateMachine>> ReadStateMachines(SnapshotFolder files, string region)
        {
            var list = files.LoadList<IReadOnlyList<StateMachine>>(region, SnapshotOperations.StepFunctionsListStateMachines, CliDocuments.ListStateMachines);
            if (!list.IsOk) return list;
            var op = SnapshotOperations.StepFunctionsDescribeStateMachine;
            foreach (var machine in list.Value!)
                machine.Description = files.Load(files.KeyPath(region, op, machine.Name), op, CliDocuments.DescribeStateMachine, absentWhenMissing: false);
            return list;
        }
    }
}
