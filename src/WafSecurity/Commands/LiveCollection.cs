using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using WafSecurity.Engine.Aws;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Commands
{
    /// <summary>
    /// Runs a collection off the pipeline thread and drains its progress and verbose records on it: the only place
    /// WriteProgress/WriteVerbose/WriteError see collector output. Cancelled by the cmdlet's StopProcessing.
    /// </summary>
    internal static class LiveCollection
    {
        private const int ActivityId = 0x3AF5;

        public static IReadOnlyList<string> ResolveRegions(PSCmdlet cmdlet, LiveAwsSession session, string[]? region, bool allRegions, CancellationToken cancellationToken)
        {
            if (region != null && region.Length > 0) return region.Distinct(StringComparer.Ordinal).ToList();
            if (allRegions)
            {
                var home = session.DefaultRegions.FirstOrDefault() ?? "us-east-1";
                var answer = Task.Run(() => session.Source.CallAsync(new AwsCall(SnapshotOperations.Ec2DescribeRegions, home), cancellationToken)).GetAwaiter().GetResult();
                if (answer.Outcome != AwsCallOutcome.Ok || answer.Json == null)
                    throw new LiveAwsSetupException($"ec2 DescribeRegions failed ({answer.ErrorCode}: {answer.ErrorMessage}); -AllRegions needs ec2:DescribeRegions, or name the regions with -Region.");
                using var document = System.Text.Json.JsonDocument.Parse(answer.Json);
                var names = document.RootElement.GetProperty("Regions").EnumerateArray().Select(r => r.GetProperty("RegionName").GetString()!).OrderBy(r => r, StringComparer.Ordinal).ToList();
                cmdlet.WriteVerbose($"-AllRegions: {names.Count} enabled region(s): {string.Join(", ", names)}.");
                return names;
            }
            if (session.DefaultRegions.Count > 0) return session.DefaultRegions;
            throw new LiveAwsSetupException("No region: pass -Region (or -AllRegions), run Set-DefaultAWSRegion, or set AWS_REGION.");
        }

        public static CollectionResult Run(PSCmdlet cmdlet, LiveAwsSession session, IReadOnlyList<string> regions, CancellationToken cancellationToken, string activity,
            IReadOnlyCollection<string>? services = null, CodeScanOptions? codeScan = null, LogSampleOptions? logSample = null,
            int metricWindowDays = 90)
        {
            foreach (var line in session.DebugLines) cmdlet.WriteDebug(line);
            var events = new BlockingCollection<CollectionEvent>();
            var collector = new Collector(session.Source, new CollectorOptions
            {
                Regions = regions,
                AccountId = session.AccountId,
                Partition = session.Partition,
                Services = services,
                CodeScan = codeScan,
                LogSample = logSample,
                MetricWindowDays = metricWindowDays,
                Scheduler = new SchedulerOptions { RateScale = session.RateScale },
                OnEvent = e => { try { events.Add(e); } catch (InvalidOperationException) { } },
            });
            cmdlet.WriteVerbose($"Collecting {string.Join(", ", regions)} and IAM (global) at each API group's documented rate." +
                                (codeScan == null ? "" : $" Lambda code packages are downloaded (up to {codeScan.MaxCodeBytes} bytes, {codeScan.DownloadTimeout.TotalSeconds:N0} s each) and scanned for secrets."));
            var work = Task.Run(() => collector.CollectAsync(cancellationToken));
            work.ContinueWith(_ => events.CompleteAdding(), TaskScheduler.Default);

            var lastProgress = DateTime.MinValue;
            foreach (var e in events.GetConsumingEnumerable())
            {
                if (e.Kind == CollectionEventKind.Verbose) { cmdlet.WriteVerbose(e.Message); continue; }
                if ((DateTime.UtcNow - lastProgress).TotalMilliseconds < 200) continue;
                lastProgress = DateTime.UtcNow;
                var record = new ProgressRecord(ActivityId, activity, $"{e.Completed} of {e.Planned} calls so far: {e.Message}")
                {
                    PercentComplete = e.Planned == 0 ? 0 : Math.Min(99, e.Completed * 100 / e.Planned),
                    CurrentOperation = e.Operation ?? "",
                };
                cmdlet.WriteProgress(record);
            }
            cmdlet.WriteProgress(new ProgressRecord(ActivityId, activity, "Done") { RecordType = ProgressRecordType.Completed });

            CollectionResult result;
            try
            {
                result = work.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            catch (CollectionSetupException ex)
            {
                throw new LiveAwsSetupException(ex.Message, ex);
            }
            cmdlet.WriteVerbose($"Collected account {result.Account.AccountId}: {result.Calls} calls, {result.Requests} requests " +
                                $"({result.ThrottleRetries} throttled and retried, {result.TransientRetries} retried after server or connection errors) in {result.Elapsed.TotalSeconds:N1} s.");
            WriteFailures(cmdlet, result.Failures);
            return result;
        }

        /// <summary>One non-terminating error per region and operation class whose calls failed after retries (not one per resource).</summary>
        public static void WriteFailures(PSCmdlet cmdlet, IEnumerable<OperationFailure> failures)
        {
            foreach (var failure in failures)
            {
                string id; ErrorCategory category; string advice;
                if (failure.IsAccessDenied)
                {
                    id = "WafSecurity.AwsAccessDenied"; category = ErrorCategory.PermissionDenied;
                    advice = $"Grant {failure.Operation.IamAction} to the auditing principal (AWS managed SecurityAudit covers it).";
                }
                else if (failure.IsThrottling)
                {
                    id = "WafSecurity.AwsThrottled"; category = ErrorCategory.LimitsExceeded;
                    advice = "AWS kept throttling after every retry; run again later, or audit fewer regions at a time.";
                }
                else if (failure.IsConnection)
                {
                    id = "WafSecurity.AwsConnectionFailed"; category = ErrorCategory.ConnectionError;
                    advice = "Check the network path to the endpoint (proxy, VPC endpoint, -EndpointUrl) and run again.";
                }
                else
                {
                    id = "WafSecurity.AwsCallFailed"; category = ErrorCategory.InvalidResult;
                    advice = "Run again; if it persists, report the code and message.";
                }
                var where = failure.Region == "global" ? "" : " in " + failure.Region;
                var what = failure.FirstKey == null ? "" : $" for {failure.Count} resource(s) (first: {failure.FirstKey})";
                var detail = failure.Message.TrimEnd();
                if (detail.Length > 0 && !detail.EndsWith(".", System.StringComparison.Ordinal)) detail += ".";
                var message = $"{failure.Operation.Label}{where} failed{what}: {failure.ErrorCode}: {detail} " +
                              $"Rules that need it report Error findings. {advice}";
                var target = $"{failure.Region}/{failure.Operation.Service}/{failure.Operation.Operation}";
                var record = new ErrorRecord(new InvalidOperationException(message), id, category, target)
                {
                    ErrorDetails = new ErrorDetails(message) { RecommendedAction = advice },
                };
                record.CategoryInfo.TargetType = failure.Operation.IamAction;
                cmdlet.WriteError(record);
            }
        }

        public static void ThrowSetup(PSCmdlet cmdlet, Exception ex)
            => cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "WafSecurity.AwsSetup", ErrorCategory.AuthenticationError, null)
            {
                ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = "Supply credentials and a region as with AWS Tools (-ProfileName, -Credential, -Region, Set-AWSCredential), or use -InventoryPath." },
            });
    }
}
