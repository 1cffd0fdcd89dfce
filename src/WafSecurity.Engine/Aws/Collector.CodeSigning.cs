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
        /// Lambda code signing: GetFunctionCodeSigningConfig per .zip function (image functions cannot have a config), then
        /// GetCodeSigningConfig once per config those name (functions often share one), keyed by the config id.
        /// </summary>
        private async Task CodeSigningAsync(string region, IReadOnlyList<string> zipFunctions, CancellationToken ct)
        {
            var calls = zipFunctions.Select(f => CallAsync(Ops.LambdaGetFunctionCodeSigningConfig, region, f, FunctionParameters(f), ct)).ToList();
            await WhenAllOrFirstCancel(calls).ConfigureAwait(false);
            var arns = calls.Select(c => Parse(c.Result, CliDocuments.GetFunctionCodeSigningConfig)?.CodeSigningConfigArn)
                .Where(a => a != null).Select(a => a!).Distinct(StringComparer.Ordinal).ToList();
            var tasks = arns.Select(arn => CallAsync(Ops.LambdaGetCodeSigningConfig, region, CodeSigningConfig.IdOf(arn),
                new Dictionary<string, string> { ["CodeSigningConfigArn"] = arn }, ct)).ToList();
            await WhenAllOrFirstCancel(tasks).ConfigureAwait(false);
        }
    }
}
