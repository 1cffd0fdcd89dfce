using System;
using System.Collections.Generic;
using WafSecurity.Engine.Aws;

namespace WafSecurity.Commands
{
    /// <summary>The AWS Tools credential and region parameters of a live cmdlet, as bound.</summary>
    public sealed class AwsAccessRequest
    {
        public string? ProfileName { get; set; }
        public string? ProfileLocation { get; set; }
        public string? AccessKey { get; set; }
        public string? SecretKey { get; set; }
        public string? SessionToken { get; set; }
        public object? Credential { get; set; }
        public string? EndpointUrl { get; set; }
        public string[]? Region { get; set; }
        /// <summary>$StoredAWSCredentials and $StoredAWSRegion of the caller's session (AWS Tools' shell defaults).</summary>
        public object? StoredCredentials { get; set; }
        public string? StoredRegion { get; set; }
    }

    /// <summary>What a live cmdlet collects through: the call source, and the account and regions it resolved.</summary>
    public sealed class LiveAwsSession : IDisposable
    {
        public LiveAwsSession(IAwsCallSource source, IReadOnlyList<string> defaultRegions, string? accountId = null, string? partition = null,
            IEnumerable<string>? debugLines = null, double rateScale = 1, IDisposable? owned = null)
        {
            Source = source; DefaultRegions = defaultRegions; AccountId = accountId; Partition = partition; RateScale = rateScale; _owned = owned;
            DebugLines = debugLines ?? Array.Empty<string>();
        }

        private readonly IDisposable? _owned;
        public IAwsCallSource Source { get; }
        /// <summary>Regions to audit when neither -Region nor -AllRegions is given.</summary>
        public IReadOnlyList<string> DefaultRegions { get; }
        public string? AccountId { get; }
        public string? Partition { get; }
        /// <summary>"Credentials obtained from ...", "Region obtained from ...": written with WriteDebug, as AWS Tools does.</summary>
        public IEnumerable<string> DebugLines { get; }
        public double RateScale { get; }
        public void Dispose() => _owned?.Dispose();
    }

    /// <summary>Setup that cannot work (no credentials, no region, an unknown profile): the cmdlet terminates.</summary>
    public sealed class LiveAwsSetupException : Exception
    {
        public LiveAwsSetupException(string message, Exception? inner = null) : base(message, inner) { }
    }

    /// <summary>
    /// The one place the cmdlets reach AWS. Credential and region resolution (AwsConnectionResolver) and the live call
    /// source (AwsApiCallSource) come from the aws-access work; everything else in the cmdlets is independent of them.
    /// <see cref="CallSourceOverride"/> replaces AWS with another source (a recorded snapshot for tests and replays).
    /// </summary>
    public static class LiveAwsAccess
    {
        /// <summary>When set, live cmdlets collect through this source instead of AWS (e.g. a SnapshotCallSource).</summary>
        public static IAwsCallSource? CallSourceOverride { get; set; }
        /// <summary>Scales the rate limits with <see cref="CallSourceOverride"/> (a replay need not wait for AWS's quotas).</summary>
        public static double OverrideRateScale { get; set; } = 1;
        /// <summary>
        /// Multiplies the documented rates for live collection: 1 for AWS. Only for an instrument whose quotas are raised
        /// likewise (the benchmark's FakeAws proxy enforces them at x10); never a cmdlet parameter.
        /// </summary>
        public static double LiveRateScale { get; set; } = 1;

        public static LiveAwsSession Open(AwsAccessRequest request)
        {
            var overrideSource = CallSourceOverride;
            if (overrideSource != null)
                return new LiveAwsSession(overrideSource, request.Region ?? (IReadOnlyList<string>)Array.Empty<string>(),
                    debugLines: new[] { "Calls answered by " + overrideSource.GetType().Name + " (CallSourceOverride)." }, rateScale: OverrideRateScale);
            return OpenAws(request);
        }

        /// <summary>
        /// AWS access proper: resolve credentials and region exactly as AWS Tools does (AwsConnectionResolver), then the
        /// live call source. Broken setup (no credentials, no region, unknown profile) becomes the one terminating error.
        /// </summary>
        private static LiveAwsSession OpenAws(AwsAccessRequest request)
        {
            AwsConnection connection;
            try
            {
                connection = AwsConnectionResolver.Resolve(new AwsConnectionOptions
                {
                    ProfileName = request.ProfileName, ProfileLocation = request.ProfileLocation,
                    AccessKey = request.AccessKey, SecretKey = request.SecretKey, SessionToken = request.SessionToken,
                    Credential = AwsConnectionResolver.Unwrap(Unwrap(request.Credential)),
                    Regions = request.Region, EndpointUrl = request.EndpointUrl,
                    StoredCredentials = Unwrap(request.StoredCredentials), StoredRegion = request.StoredRegion,
                });
            }
            catch (AwsSetupException e)
            {
                throw new LiveAwsSetupException(e.Message, e);
            }
            if (request.Credential != null && AwsConnectionResolver.Unwrap(Unwrap(request.Credential)) == null)
                throw new LiveAwsSetupException("-Credential takes an Amazon.Runtime.AWSCredentials object (for example from Get-AWSCredential or New-AWSCredential).");
            var source = new AwsApiCallSource(connection);
            return new LiveAwsSession(source, connection.Regions, partition: connection.Partition, debugLines: connection.DescribeSources(),
                rateScale: LiveRateScale > 0 ? LiveRateScale : 1, owned: source);
        }

        private static object? Unwrap(object? value) => value is System.Management.Automation.PSObject ps ? ps.BaseObject : value;
    }
}
