using System;
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
        /// <summary>
        /// CloudTrail: DescribeTrails per region (shadow trails included), then GetEventSelectors once per trail, asked in
        /// the trail's home region (where AWS answers it) and filed there under the trail name: a multi-region trail shows
        /// up in every region but is described once.
        /// </summary>
        private async Task CloudTrailAsync(string region, CancellationToken ct)
        {
            var list = await CallAsync(Ops.CloudTrailDescribeTrails, region, null, null, ct).ConfigureAwait(false);
            var trails = Parse(list, root => CliDocuments.DescribeTrails(root));
            if (trails == null) return;
            var tasks = new List<Task>();
            foreach (var trail in trails)
            {
                var home = string.IsNullOrEmpty(trail.HomeRegion) ? region : trail.HomeRegion!;
                tasks.Add(_trailSelectorCalls.GetOrAdd(home + "|" + trail.Name, _ => CallAsync(Ops.CloudTrailGetEventSelectors, home, trail.Name,
                    new Dictionary<string, string> { ["TrailName"] = trail.TrailArn ?? trail.Name }, ct)));
            }
            await WhenAllOrFirstCancel(tasks).ConfigureAwait(false);
        }

        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task> _trailSelectorCalls =
            new System.Collections.Concurrent.ConcurrentDictionary<string, Task>(StringComparer.Ordinal);
    }
}
