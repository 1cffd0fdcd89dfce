using System;
using Amazon;
using Amazon.Runtime;

namespace WafSecurity.Engine.Aws
{
    /// <summary>Where one service's requests for one region go, and how they are signed.</summary>
    public sealed class AwsServiceEndpoint
    {
        public AwsServiceEndpoint(string url, string signingRegion, string signingName, bool overridden, string source)
        {
            Url = url; SigningRegion = signingRegion; SigningName = signingName; Overridden = overridden; Source = source;
        }

        public string Url { get; }
        /// <summary>The SigV4 scope region. With a custom endpoint it stays the call's region (emulators route by it).</summary>
        public string SigningRegion { get; }
        public string SigningName { get; }
        public bool Overridden { get; }
        /// <summary>Where the URL came from: "-EndpointUrl", "AWS_ENDPOINT_URL_LAMBDA", "AWS_ENDPOINT_URL" or "partition rules".</summary>
        public string Source { get; }

        public override string ToString() => $"{Url} (signed {SigningName}/{SigningRegion}; {Source})";
    }

    /// <summary>Retry and timeout settings for every client (ours and the SDK's).</summary>
    public sealed class AwsRetrySettings
    {
        /// <summary>
        /// Retries after the first attempt. Higher than the SDK's 2: a full audit makes thousands of calls, and a call
        /// that gives up becomes an Error finding, so transient throttling and 5xx must be ridden out (backoff is
        /// jittered exponential, capped at 20 s).
        /// </summary>
        public int MaxErrorRetry { get; set; } = 8;
        public RequestRetryMode RetryMode { get; set; } = RequestRetryMode.Standard;
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);
        /// <summary>
        /// Connections of one client (one service and endpoint). Room for every API group of the service at the
        /// scheduler's in-flight limit (lambda has three groups: 3 x 64), so an admitted request never waits for one.
        /// </summary>
        public int MaxConnectionsPerServer { get; set; } = 256;

        internal void Apply(ClientConfig config)
        {
            config.MaxErrorRetry = MaxErrorRetry;
            config.RetryMode = RetryMode;
            config.Timeout = RequestTimeout;
            // The standard mode's retry quota would stop retrying after a burst of throttles; the collector's scheduler
            // owns the request rate, so every call gets its full retry budget.
            config.ThrottleRetries = false;
            config.MaxConnectionsPerServer = MaxConnectionsPerServer;
        }
    }

    /// <summary>
    /// Endpoint rules for the services the engine calls: partition DNS suffixes, IAM's global endpoints, and the
    /// overrides an AWS CLI user expects (--endpoint-url, AWS_ENDPOINT_URL_&lt;SERVICE&gt;, AWS_ENDPOINT_URL).
    /// </summary>
    public static class AwsEndpoints
    {
        /// <summary>The region name AwsCall uses for global services.</summary>
        public const string Global = "global";

        /// <summary>The AWS_ENDPOINT_URL_&lt;SERVICE&gt; variable for a service id ("Secrets Manager" -> AWS_ENDPOINT_URL_SECRETS_MANAGER).</summary>
        public static string EnvironmentVariableFor(string serviceId)
            => "AWS_ENDPOINT_URL_" + serviceId.Trim().Replace(' ', '_').Replace('-', '_').ToUpperInvariant();

        /// <summary>
        /// The override for a service: explicit URL, then AWS_ENDPOINT_URL_&lt;SERVICE&gt;, then AWS_ENDPOINT_URL, unless
        /// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true. Null when there is none.
        /// </summary>
        public static (string Url, string Source)? Override(string serviceId, string? explicitUrl, Func<string, string?> environment)
        {
            if (!string.IsNullOrWhiteSpace(explicitUrl)) return (explicitUrl!.Trim(), "-EndpointUrl");
            if (string.Equals(environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")?.Trim(), "true", StringComparison.OrdinalIgnoreCase)) return null;
            var name = EnvironmentVariableFor(serviceId);
            var specific = environment(name);
            if (!string.IsNullOrWhiteSpace(specific)) return (specific!.Trim(), name);
            var general = environment("AWS_ENDPOINT_URL");
            if (!string.IsNullOrWhiteSpace(general)) return (general!.Trim(), "AWS_ENDPOINT_URL");
            return null;
        }

        /// <summary>The partition of a region ("aws", "aws-cn", "aws-us-gov", ...).</summary>
        public static string PartitionOf(string region) => RegionEndpoint.GetBySystemName(region).PartitionName ?? "aws";

        /// <summary>
        /// Endpoint of a regional service (Lambda, API Gateway, Secrets Manager, Logs, ...): https://{prefix}.{region}.{dnsSuffix},
        /// or the override, signed for <paramref name="region"/> either way.
        /// </summary>
        public static AwsServiceEndpoint Regional(string serviceId, string endpointPrefix, string signingName, string region,
            string? explicitUrl, Func<string, string?> environment)
        {
            var o = Override(serviceId, explicitUrl, environment);
            if (o != null) return new AwsServiceEndpoint(o.Value.Url, region, signingName, true, o.Value.Source);
            var suffix = RegionEndpoint.GetBySystemName(region).PartitionDnsSuffix ?? "amazonaws.com";
            return new AwsServiceEndpoint($"https://{endpointPrefix}.{region}.{suffix}", region, signingName, false, "partition rules");
        }

        /// <summary>
        /// IAM's endpoint for the partition of <paramref name="homeRegion"/> (the SDK's generated IAM rules): aws ->
        /// iam.amazonaws.com signed for us-east-1; aws-cn -> cn-north-1; aws-us-gov -> iam.us-gov.amazonaws.com signed for
        /// us-gov-west-1; aws-iso/-iso-b -> their east regions; other partitions -> iam.{region}.{dnsSuffix}. An override
        /// keeps the partition's signing region.
        /// </summary>
        public static AwsServiceEndpoint Iam(string homeRegion, string? explicitUrl, Func<string, string?> environment)
        {
            var endpoint = RegionEndpoint.GetBySystemName(homeRegion);
            var partition = endpoint.PartitionName ?? "aws";
            var suffix = endpoint.PartitionDnsSuffix ?? "amazonaws.com";
            string url, signing;
            switch (partition)
            {
                case "aws": url = "https://iam.amazonaws.com"; signing = "us-east-1"; break;
                case "aws-cn": url = "https://iam.cn-north-1.amazonaws.com.cn"; signing = "cn-north-1"; break;
                case "aws-us-gov": url = "https://iam.us-gov.amazonaws.com"; signing = "us-gov-west-1"; break;
                case "aws-iso": url = "https://iam.us-iso-east-1.c2s.ic.gov"; signing = "us-iso-east-1"; break;
                case "aws-iso-b": url = "https://iam.us-isob-east-1.sc2s.sgov.gov"; signing = "us-isob-east-1"; break;
                default: url = $"https://iam.{homeRegion}.{suffix}"; signing = homeRegion; break;
            }
            var o = Override("IAM", explicitUrl, environment);
            return o != null
                ? new AwsServiceEndpoint(o.Value.Url, signing, "iam", true, o.Value.Source)
                : new AwsServiceEndpoint(url, signing, "iam", false, "partition rules");
        }
    }
}
