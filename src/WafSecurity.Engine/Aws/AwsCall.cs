using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using WafSecurity.Engine.Inventory;

namespace WafSecurity.Engine.Aws
{
    /// <summary>
    /// One AWS call, named as the snapshot format names it (service, operation, key). The collector decides which calls
    /// to make; an <see cref="IAwsCallSource"/> makes them. This seam keeps the collector testable without AWS and lets an
    /// official SDK package replace a hand-made client behind it later.
    /// </summary>
    public sealed class AwsCall
    {
        public AwsCall(SnapshotOperation operation, string region, string? key = null, IReadOnlyDictionary<string, string>? parameters = null)
        {
            Operation = operation; Region = region; Key = key;
            Parameters = parameters ?? new Dictionary<string, string>();
        }

        public SnapshotOperation Operation { get; }
        /// <summary>The region, or "global" for IAM (signed for the partition's IAM region).</summary>
        public string Region { get; }
        /// <summary>The resource key of a per-resource call (function name, "name@qualifier", table name, key id, ...); null for a list call.</summary>
        public string? Key { get; }
        /// <summary>The call's parameters by their service-model names (FunctionName, Qualifier, TableName, KeyId, SecretId, RestApiId, ApiId).</summary>
        public IReadOnlyDictionary<string, string> Parameters { get; }
        /// <summary>
        /// Set by the scheduler: waits for the admission of a further request of this call (an SDK retry, a next page).
        /// A call source that makes more than one HTTP request for a call awaits it before each request after the first.
        /// </summary>
        public Func<CancellationToken, Task>? AdmitFurtherRequest { get; set; }

        public override string ToString() => $"{Operation.Label} {Region}{(Key == null ? "" : " " + Key)}";
    }

    public enum AwsCallOutcome
    {
        /// <summary>The call answered; <see cref="AwsCallResult.Json"/> holds the document the AWS CLI prints for it, all pages merged.</summary>
        Ok,
        /// <summary>AWS said the thing does not exist (e.g. ResourceNotFoundException from lambda GetPolicy): nothing to record.</summary>
        NotFound,
        /// <summary>The call failed after retries: recorded as an .error.json.</summary>
        Failed,
    }

    public sealed class AwsCallResult
    {
        public AwsCallOutcome Outcome { get; set; }
        public string? Json { get; set; }
        public string? ErrorCode { get; set; }
        public string? ErrorMessage { get; set; }
        public int? HttpStatus { get; set; }
        /// <summary>How many HTTP requests the call took (pages and retries), for the scheduler's accounting and -Verbose.</summary>
        public int Requests { get; set; } = 1;
        /// <summary>How many of those requests AWS answered with a throttling error (retried), so the scheduler can slow down.</summary>
        public int Throttles { get; set; }
        /// <summary>How many of those requests were admitted one by one through <see cref="AwsCall.AdmitFurtherRequest"/> (not to be charged again).</summary>
        public int AdmittedRequests { get; set; }

        public static AwsCallResult Ok(string json, int requests = 1) => new AwsCallResult { Outcome = AwsCallOutcome.Ok, Json = json, Requests = requests };
        public static AwsCallResult NotFound(string code, string message) => new AwsCallResult { Outcome = AwsCallOutcome.NotFound, ErrorCode = code, ErrorMessage = Tidy(message) };
        public static AwsCallResult Failed(string code, string message, int? httpStatus) => new AwsCallResult { Outcome = AwsCallOutcome.Failed, ErrorCode = code, ErrorMessage = Tidy(message), HttpStatus = httpStatus };

        /// <summary>
        /// One readable line: a proxy or emulator may answer an error with an HTML page, which belongs neither in an error
        /// record nor in an .error.json.
        /// </summary>
        internal static string Tidy(string? message)
        {
            if (string.IsNullOrEmpty(message)) return "";
            // AWS messages are kept as they are (they can be long, and may quote '<' legitimately); only an HTML page is
            // reduced to its text.
            var text = message!;
            if (text.IndexOf("<html", StringComparison.OrdinalIgnoreCase) >= 0 || text.IndexOf("<!doctype", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                text = System.Text.RegularExpressions.Regex.Replace(text, "<[^>]*>", " ");
                text = System.Text.RegularExpressions.Regex.Replace(System.Net.WebUtility.HtmlDecode(text), "\\s+", " ").Trim();
            }
            const int max = 4000;
            return text.Length <= max ? text : text.Substring(0, max - 1) + "…";
        }
    }

    /// <summary>Makes AWS calls: the live implementation talks to AWS; tests answer from recorded snapshots.</summary>
    public interface IAwsCallSource
    {
        /// <summary>Never throws for an AWS error (that is a Failed result); throws only OperationCanceledException.</summary>
        Task<AwsCallResult> CallAsync(AwsCall call, CancellationToken cancellationToken);
    }
}
