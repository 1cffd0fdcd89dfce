using System;
using System.Collections.Generic;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Aws
{
    public sealed class CollectorOptions
    {
        /// <summary>Regions to collect (at least one).</summary>
        public IReadOnlyList<string> Regions { get; set; } = Array.Empty<string>();
        /// <summary>The account; when null the collector asks sts GetCallerIdentity through the call source.</summary>
        public string? AccountId { get; set; }
        public string? Partition { get; set; }
        /// <summary>CapturedAt for account.json (default: now, UTC).</summary>
        public DateTimeOffset? CapturedAt { get; set; }
        /// <summary>
        /// Days of CloudWatch activity asked for (cloudwatch GetMetricData, window ending at CapturedAt): the largest
        /// InactiveDays of the abandoned-resource rules; 1 to 455 (CloudWatch keeps daily datapoints 15 months).
        /// </summary>
        public int MetricWindowDays { get; set; } = 90;
        /// <summary>Only these services (CLI names: lambda, dynamodb, secretsmanager, apigateway, apigatewayv2, logs, cloudtrail, appsync,
        /// cognito-identity, stepfunctions, backup, dax, sqs, cloudwatch; s3 for s3api and s3control, once per account); null: all.
        /// KMS keys are described for the collected services' resources.</summary>
        public IReadOnlyCollection<string>? Services { get; set; }
        /// <summary>Collect IAM (global/iam/GetAccountAuthorizationDetails.json and, for the execution roles of listed
        /// functions, global/iam/GetServiceLastAccessedDetails/&lt;RoleName&gt;.json).</summary>
        public bool IncludeIam { get; set; } = true;
        /// <summary>
        /// When set, a bounded sample of each workload log group's recent events (logs FilterLogEvents), secrets redacted
        /// before anything is kept; null (the default): no log events are read (SEC2.Logs.NoSecretsInLogs is opt-in).
        /// </summary>
        public LogSampleOptions? LogSample { get; set; }
        public SchedulerOptions Scheduler { get; set; } = new SchedulerOptions();
        /// <summary>
        /// Download and scan every zip function's code package (lambda GetFunction, then Code.Location): null, the default,
        /// makes no GetFunction call. Set when SEC3.Lambda.SecretsInCode runs or Export-WafInventory -IncludeCodeScan.
        /// </summary>
        public CodeScanOptions? CodeScan { get; set; }
        /// <summary>
        /// Progress and verbose records, raised on worker threads: the handler must only queue them (the cmdlet drains the
        /// queue on the pipeline thread).
        /// </summary>
        public Action<CollectionEvent>? OnEvent { get; set; }
    }

    /// <summary>Bounds of code package collection (SEC3.Lambda.SecretsInCode parameters MaxCodeBytes, DownloadTimeoutSeconds).</summary>
    public sealed class CodeScanOptions
    {
        public long MaxCodeBytes { get; set; } = 50L * 1024 * 1024;
        public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromSeconds(60);
        public Secrets.CodeScanLimits Limits { get; set; } = new Secrets.CodeScanLimits();
        public ICodePackageDownloader Downloader { get; set; } = HttpCodePackageDownloader.Shared;
    }

    /// <summary>How much of each workload log group FilterLogEvents reads: one page of at most SampleEvents events from the last LookbackHours.</summary>
    public sealed class LogSampleOptions
    {
        public const int DefaultSampleEvents = 200;
        public const int DefaultLookbackHours = 24;

        /// <summary>Events per log group (FilterLogEvents limit, 1 to 10,000).</summary>
        public int SampleEvents { get; set; } = DefaultSampleEvents;
        /// <summary>How far back the sample reaches from CapturedAt.</summary>
        public int LookbackHours { get; set; } = DefaultLookbackHours;
    }

    public enum CollectionEventKind
    {
        /// <summary>A call finished: Completed of Planned calls so far (Planned grows as lists reveal resources).</summary>
        Progress,
        /// <summary>A line for -Verbose: an operation class started or finished, with its counts.</summary>
        Verbose,
    }

    public sealed class CollectionEvent
    {
        public CollectionEvent(CollectionEventKind kind, string message, string? region, string? operation, int completed, int planned)
        {
            Kind = kind; Message = message; Region = region; Operation = operation; Completed = completed; Planned = planned;
        }

        public CollectionEventKind Kind { get; }
        public string Message { get; }
        public string? Region { get; }
        /// <summary>The operation class ("lambda GetPolicy").</summary>
        public string? Operation { get; }
        public int Completed { get; }
        public int Planned { get; }
    }

    /// <summary>One operation class in one region (or global) whose calls failed after retries: one error for the operator.</summary>
    public sealed class OperationFailure
    {
        public OperationFailure(string region, SnapshotOperation operation, string errorCode, string message, int? httpStatus, string? firstKey)
        {
            Region = region; Operation = operation; ErrorCode = errorCode; Message = message; HttpStatus = httpStatus; FirstKey = firstKey;
        }

        public string Region { get; }
        public SnapshotOperation Operation { get; }
        public string ErrorCode { get; }
        public string Message { get; }
        public int? HttpStatus { get; }
        /// <summary>The first resource whose call failed (null for a list call).</summary>
        public string? FirstKey { get; }
        public int Count { get; internal set; } = 1;
        public bool IsAccessDenied => ErrorCode.IndexOf("AccessDenied", StringComparison.OrdinalIgnoreCase) >= 0
                                      || ErrorCode.IndexOf("Unauthorized", StringComparison.OrdinalIgnoreCase) >= 0 || HttpStatus == 403;
        public bool IsThrottling => CallScheduler.IsThrottling(AwsCallResult.Failed(ErrorCode, Message, HttpStatus));
        public bool IsConnection => HttpStatus == null || HttpStatus == 0;
    }

    /// <summary>Calls and their outcomes for one operation class in one region.</summary>
    public sealed class OperationCount
    {
        public OperationCount(string region, SnapshotOperation operation) { Region = region; Operation = operation; }
        public string Region { get; }
        public SnapshotOperation Operation { get; }
        public int Calls { get; internal set; }
        public int Answered { get; internal set; }
        public int NotFound { get; internal set; }
        public int Failed { get; internal set; }
        public override string ToString()
            => $"{Operation.Label} in {Region}: {Calls} call(s), {Answered} answered, {NotFound} not found, {Failed} failed";
    }

    public sealed class CollectionResult
    {
        public CollectionResult(SnapshotDocuments documents, AccountInfo account, IReadOnlyList<OperationFailure> failures,
            IReadOnlyList<OperationCount> counts, int calls, int requests, int throttleRetries, int transientRetries, TimeSpan elapsed)
        {
            Documents = documents; Account = account; Failures = failures; Counts = counts; Calls = calls; Requests = requests;
            ThrottleRetries = throttleRetries; TransientRetries = transientRetries; Elapsed = elapsed;
        }

        /// <summary>The snapshot: what Export-WafInventory writes and what a live audit reads.</summary>
        public SnapshotDocuments Documents { get; }
        public AccountInfo Account { get; }
        /// <summary>One entry per region and operation class whose calls still failed after retries.</summary>
        public IReadOnlyList<OperationFailure> Failures { get; }
        public IReadOnlyList<OperationCount> Counts { get; }
        /// <summary>Logical calls (one per snapshot file or error file, plus calls that found nothing).</summary>
        public int Calls { get; }
        /// <summary>Requests sent, retries and pages included.</summary>
        public int Requests { get; }
        public int ThrottleRetries { get; }
        public int TransientRetries { get; }
        /// <summary>Wall time on the collector's clock.</summary>
        public TimeSpan Elapsed { get; }
    }

    /// <summary>The account could not be identified (no credentials, or sts GetCallerIdentity failed): broken setup.</summary>
    public sealed class CollectionSetupException : Exception
    {
        public CollectionSetupException(string message, string? errorCode = null) : base(message) { ErrorCode = errorCode; }
        public string? ErrorCode { get; }
    }
}
