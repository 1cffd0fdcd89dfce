using System;
using System.Collections.Generic;
using System.Linq;

namespace WafSecurity.Engine.Inventory
{
    public static partial class SnapshotReader
    {
        /// <summary>
        /// lambda/GetFunctionCodeSigningConfig/&lt;FunctionName&gt;.json for every .zip function (missing: NotCollected), then
        /// lambda/GetCodeSigningConfig/&lt;config id&gt;.json for every config those name (missing: NotCollected).
        /// </summary>
        private static IReadOnlyDictionary<string, Fetched<CodeSigningConfig>> ReadCodeSigning(SnapshotFolder files, string region, Fetched<IReadOnlyList<LambdaFunction>> functions)
        {
            var configs = new Dictionary<string, Fetched<CodeSigningConfig>>(StringComparer.Ordinal);
            if (!functions.IsOk) return configs;
            var op = SnapshotOperations.LambdaGetFunctionCodeSigningConfig;
            foreach (var function in functions.Value!.Where(f => !f.IsImage))
            {
                function.CodeSigning = files.Load(files.KeyPath(region, op, function.FunctionName), op, CliDocuments.GetFunctionCodeSigningConfig, absentWhenMissing: false);
                var id = function.CodeSigning.IsOk ? function.CodeSigning.Value!.CodeSigningConfigId : null;
                if (id == null || configs.ContainsKey(id)) continue;
                configs[id] = files.Load(files.KeyPath(region, SnapshotOperations.LambdaGetCodeSigningConfig, id), SnapshotOperations.LambdaGetCodeSigningConfig,
                    CliDocuments.GetCodeSigningConfig, absentWhenMissing: false);
            }
            return configs;
        }
    }
}
