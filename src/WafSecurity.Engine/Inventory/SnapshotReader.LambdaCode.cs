using System;
using System.IO;
using WafSecurity.Engine.Secrets;

namespace WafSecurity.Engine.Inventory
{
    public static partial class SnapshotReader
    {
        /// <summary>The package an operator fetched with `aws lambda get-function` and curl, placed beside the answer.</summary>
        internal const string PackageExtension = ".zip";

        /// <summary>
        /// A function's code scan, from the first of: lambda/CodeScan/&lt;name&gt;.json (or its .error.json: the download
        /// failed), lambda/GetFunction/&lt;name&gt;.zip (scanned here with the collector's scanner), lambda/GetFunction/&lt;name&gt;.error.json
        /// (GetFunction failed). Image packages have nothing to scan (Absent). Otherwise NotCollected: code scanning is opt-in.
        /// </summary>
        private static Fetched<CodeScanResult> ReadCodeScan(SnapshotFolder files, string region, LambdaFunction function)
        {
            if (string.Equals(function.PackageType, "Image", StringComparison.OrdinalIgnoreCase)) return Fetched<CodeScanResult>.Absent();
            var name = function.FunctionName;
            var scanOp = SnapshotOperations.LambdaCodeScan;
            var getOp = SnapshotOperations.LambdaGetFunction;
            var scanPath = files.KeyPath(region, scanOp, name);
            var scan = files.Load(scanPath, scanOp, CliDocuments.CodeScan, absentWhenMissing: false);
            if (scan.State != FetchState.NotCollected) return scan;

            var answerPath = files.KeyPath(region, getOp, name);
            var packagePath = answerPath.Substring(0, answerPath.Length - ".json".Length) + PackageExtension;
            if (files.Store.FileExists(packagePath)) return ScanPackage(files, packagePath, getOp);

            // GetFunction itself failed: its error file says why (the answer file, if any, holds nothing to scan).
            var errorPath = answerPath.Substring(0, answerPath.Length - ".json".Length) + SnapshotDocuments.ErrorSuffix;
            if (files.Store.FileExists(errorPath) && !files.Store.FileExists(answerPath))
                return files.Load<CodeScanResult>(answerPath, getOp, _ => null, absentWhenMissing: false);
            return NotScanned();

            Fetched<CodeScanResult> NotScanned() => Fetched<CodeScanResult>.NotCollected(new CallError("NotCollected",
                $"no code scan recorded at {files.Relative(scanPath)} and no package at {files.Relative(packagePath)} (code scanning is " +
                "opt-in: Export-WafInventory -IncludeCodeScan, or a live Get-WafFinding that selects SEC3.Lambda.SecretsInCode)",
                getOp.Label, getOp.IamAction, files.Relative(scanPath)));
        }

        private static Fetched<CodeScanResult> ScanPackage(SnapshotFolder files, string packagePath, SnapshotOperation op)
        {
            var relative = files.Relative(packagePath);
            try
            {
                using var stream = files.Store.OpenRead(packagePath);
                return Fetched<CodeScanResult>.Ok(CodePackageScanner.Scan(stream));
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException) && !(ex is OperationCanceledException))
            {
                // A package that cannot be read is reported and judged Error by the rule: never a clean pass.
                var message = $"{relative} is not a readable zip package: {ex.Message}";
                files.Report(IssueKind.Error, "WafSecurity.SnapshotParse", relative, message);
                return Fetched<CodeScanResult>.Failed(new CallError("InvalidPackage", message, op.Label, op.IamAction, relative));
            }
        }
    }
}
