using System.IO;
using System.Management.Automation;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Commands
{
    /// <summary>Export-WafInventory: collects a live account and writes it as a snapshot folder (snapshot-format.md).</summary>
    [Cmdlet(VerbsData.Export, "WafInventory", SupportsShouldProcess = true, DefaultParameterSetName = LiveSet)]
    [OutputType(typeof(DirectoryInfo))]
    public sealed class ExportWafInventoryCommand : AwsLiveCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [Alias("InventoryPath", "OutputPath")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        [Parameter]
        public string[]? Region { get; set; }

        [Parameter]
        public SwitchParameter AllRegions { get; set; }

        /// <summary>Write Lambda environment values as AWS returns them, detected secrets included.</summary>
        [Parameter]
        public SwitchParameter NoRedaction { get; set; }

        /// <summary>
        /// Also call lambda GetFunction for every zip function, download its package from the presigned Code.Location
        /// (50 MB and 60 s at most each, one at a time) and write the secret scan as lambda/CodeScan/&lt;name&gt;.json.
        /// The package and the URL are never written.
        /// </summary>
        [Parameter]
        public SwitchParameter IncludeCodeScan { get; set; }

        /// <summary>
        /// Also sample each workload log group's recent events (logs FilterLogEvents: 200 events from the last 24 hours per
        /// group) for the opt-in SEC2.Logs.NoSecretsInLogs. Detected secrets are redacted before writing, even with -NoRedaction.
        /// </summary>
        [Parameter]
        public SwitchParameter IncludeLogSample { get; set; }

        /// <summary>Replace a folder that already holds files.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void EndProcessing()
        {
            var target = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            if (Directory.Exists(target) && Directory.GetFileSystemEntries(target).Length > 0 && !Force)
                ThrowTerminatingError(new ErrorRecord(new IOException($"The folder '{target}' is not empty. Use -Force to replace it, or choose a new folder."),
                    "WafSecurity.SnapshotExists", ErrorCategory.ResourceExists, target));
            LiveAwsSession session;
            System.Collections.Generic.IReadOnlyList<string> regions;
            try
            {
                session = LiveAwsAccess.Open(AccessRequest(Region));
                regions = LiveCollection.ResolveRegions(this, session, Region, AllRegions, StopToken);
            }
            catch (LiveAwsSetupException ex)
            {
                LiveCollection.ThrowSetup(this, ex);
                return;
            }
            using (session)
            {
                var action = $"Write an inventory snapshot of {string.Join(", ", regions)}{(NoRedaction ? " with raw environment values" : "")}{(IncludeCodeScan ? ", downloading and scanning Lambda code packages" : "")}{(IncludeLogSample ? ", sampling workload log events" : "")}";
                if (!ShouldProcess(target, action)) return;
                var result = LiveCollection.Run(this, session, regions, StopToken, "Export-WafInventory",
                    codeScan: IncludeCodeScan ? new WafSecurity.Engine.Aws.CodeScanOptions() : null,
                    logSample: IncludeLogSample ? new WafSecurity.Engine.Aws.LogSampleOptions() : null);
                try
                {
                    var written = SnapshotWriter.Write(result.Documents, target, new SnapshotWriteOptions { NoRedaction = NoRedaction, Force = Force });
                    WriteVerbose($"Wrote {written.Files} file(s) to {written.Path} (owner-only); {written.RedactedValues} environment value(s) redacted.");
                    WriteObject(new DirectoryInfo(written.Path));
                }
                catch (IOException ex)
                {
                    ThrowTerminatingError(new ErrorRecord(ex, "WafSecurity.SnapshotWriteFailed", ErrorCategory.WriteError, target));
                }
            }
        }
    }
}
