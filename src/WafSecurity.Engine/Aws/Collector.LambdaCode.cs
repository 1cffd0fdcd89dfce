using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Secrets;
using Ops = WafSecurity.Engine.Inventory.SnapshotOperations;

namespace WafSecurity.Engine.Aws
{
    public sealed partial class Collector
    {
        // One package in memory at a time for the whole collection (Prowler ran out of memory holding them all).
        private readonly SemaphoreSlim _packageGate = new SemaphoreSlim(1, 1);

        /// <summary>
        /// Code scanning (opt-in): GetFunction for a zip function, then its package downloaded from the presigned
        /// Code.Location and scanned; the scan is stored as lambda/CodeScan/&lt;name&gt;.json, a failure as its .error.json.
        /// The GetFunction answer itself is stored with the Location redacted (see Record).
        /// </summary>
        private async Task CodeScanAsync(string region, string function, CancellationToken ct)
        {
            var options = _options.CodeScan!;
            var answer = await CallAsync(Ops.LambdaGetFunction, region, function, FunctionParameters(function), ct).ConfigureAwait(false);
            if (answer.Outcome != AwsCallOutcome.Ok) return; // the GetFunction error file says why
            var code = Parse(answer, CliDocuments.GetFunctionCode);
            if (code == null) { ScanFailed(region, function, "InvalidShape", "the GetFunction answer could not be read"); return; }
            if (string.Equals(code.PackageType, "Image", StringComparison.OrdinalIgnoreCase)) return; // nothing to download; the rule says so
            if (code.CodeSize > options.MaxCodeBytes)
            {
                ScanFailed(region, function, "PackageTooLarge", $"the package is {code.CodeSize} bytes (CodeSize), over MaxCodeBytes {options.MaxCodeBytes}; it was not downloaded or scanned.");
                return;
            }
            if (string.IsNullOrEmpty(code.Location) || !Uri.TryCreate(code.Location, UriKind.Absolute, out var location))
            {
                ScanFailed(region, function, "NoCodeLocation", "the GetFunction answer has no Code.Location to download the package from.");
                return;
            }

            await _packageGate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var package = await options.Downloader.DownloadAsync(location, options.MaxCodeBytes, options.DownloadTimeout, ct).ConfigureAwait(false);
                using var stream = new MemoryStream(package, writable: false);
                var result = CodePackageScanner.Scan(stream, options.Limits, ct);
                result.CodeSha256 = code.CodeSha256;
                _documents.Set(SnapshotDocuments.PathOf(region, Ops.LambdaCodeScan, function), result.ToJson());
                Raise(CollectionEventKind.Progress, $"lambda CodeScan {region} {function}", region, Ops.LambdaCodeScan.Label, Volatile.Read(ref _completed), Volatile.Read(ref _planned));
            }
            catch (CodePackageDownloadException ex)
            {
                ScanFailed(region, function, ex.Code, ex.Message, ex.HttpStatus);
            }
            catch (InvalidDataException ex)
            {
                ScanFailed(region, function, "InvalidPackage", $"the package is not a readable zip: {ex.Message}");
            }
            catch (Exception ex) when (!(ex is OperationCanceledException) && !(ex is OutOfMemoryException))
            {
                // Whatever else stops the scan is recorded for the rule (an Error finding), never taken for a clean package.
                ScanFailed(region, function, "ScanFailed", $"the package could not be scanned: {ex.GetType().Name}: {ex.Message}");
            }
            finally
            {
                _packageGate.Release();
            }
        }

        /// <summary>lambda/CodeScan/&lt;name&gt;.error.json; a failed download is also reported once per region like a failed call.</summary>
        private void ScanFailed(string region, string function, string code, string message, int? httpStatus = null)
        {
            _documents.Set(SnapshotDocuments.ErrorPathOf(region, Ops.LambdaCodeScan, function), ErrorJson(code, message, httpStatus));
            // A package over the cap is a verdict for the rule (Error finding), not a failed call to tell the operator about.
            if (code == "PackageTooLarge") return;
            _failures.AddOrUpdate(region + "|" + Ops.LambdaCodeScan.Label,
                _ => new OperationFailure(region, Ops.LambdaCodeScan, code, message, httpStatus, function),
                (_, existing) => { lock (existing) existing.Count++; return existing; });
        }

        /// <summary>The GetFunction answer as stored: Code.Location is a bearer credential for ten minutes.</summary>
        private static byte[] RedactedGetFunction(string json)
        {
            try
            {
                return Encoding.UTF8.GetBytes(CliDocuments.RedactCodeLocation(json) + "\n");
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException || ex is ShapeException)
            {
                // Unreadable: store nothing that might hold the URL; the reader then says the scan is missing.
                return Encoding.UTF8.GetBytes("{}\n");
            }
        }
    }
}
