using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WafSecurity.Engine.Inventory;
using Ops = WafSecurity.Engine.Inventory.SnapshotOperations;

namespace WafSecurity.Engine.Aws
{
    public sealed partial class Collector
    {
        /// <summary>Step Functions: ListStateMachines once per region (all pages), then DescribeStateMachine per machine (keyed by name).</summary>
        private async Task StateMachinesAsync(string region, CancellationToken ct)
        {
            var list = await CallAsync(Ops.StepFunctionsListStateMachines, region, null, null, ct).ConfigureAwait(false);
            var machines = Parse(list, CliDocuments.ListStateMachines);
            if (machines == null) return;
            var tasks = machines.Select(m => CallAsync(Ops.StepFunctionsDescribeStateMachine, region, m.Name,
                new Dictionary<string, string> { ["stateMachineArn"] = m.StateMachineArn }, ct)).ToList();
            await WhenAllOrFirstCancel(tasks).ConfigureAwait(false);
        }
    }
}
