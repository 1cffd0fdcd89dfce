using System;
using System.Management.Automation;
using System.Threading;

namespace WafSecurity.Commands
{
    /// <summary>
    /// Base of the cmdlets that read a live account: the AWS Tools common parameters (same names and aliases) in the
    /// "Live" parameter set, and a cancellation source that StopProcessing (Ctrl+C) cancels.
    /// </summary>
    public abstract class AwsLiveCmdlet : PSCmdlet, IDisposable
    {
        protected const string LiveSet = "Live";
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        [Parameter(ParameterSetName = LiveSet)]
        [Alias("StoredCredentials", "AWSProfileName")]
        public string? ProfileName { get; set; }

        [Parameter(ParameterSetName = LiveSet)]
        [Alias("ProfilesLocation", "AWSProfilesLocation")]
        public string? ProfileLocation { get; set; }

        [Parameter(ParameterSetName = LiveSet)]
        [Alias("AK")]
        public string? AccessKey { get; set; }

        [Parameter(ParameterSetName = LiveSet)]
        [Alias("SK", "SecretAccessKey")]
        public string? SecretKey { get; set; }

        [Parameter(ParameterSetName = LiveSet)]
        [Alias("ST")]
        public string? SessionToken { get; set; }

        /// <summary>
        /// An Amazon.Runtime.AWSCredentials object, as AWS Tools' -Credential takes (Get-AWSCredential, New-AWSCredential),
        /// from AWS Tools' AWSSDK.Core or ours (AwsCredentialTransformation).
        /// </summary>
        [Parameter(ParameterSetName = LiveSet, ValueFromPipelineByPropertyName = true)]
        [AwsCredentialTransformation]
        public Amazon.Runtime.AWSCredentials? Credential { get; set; }

        [Parameter(ParameterSetName = LiveSet)]
        public string? EndpointUrl { get; set; }

        protected CancellationToken StopToken => _stop.Token;

        protected override void StopProcessing() => _stop.Cancel();

        /// <summary>The bound AWS parameters plus the AWS Tools shell defaults of the caller's session.</summary>
        protected AwsAccessRequest AccessRequest(string[]? region) => new AwsAccessRequest
        {
            ProfileName = ProfileName, ProfileLocation = ProfileLocation, AccessKey = AccessKey, SecretKey = SecretKey,
            SessionToken = SessionToken, Credential = Credential, EndpointUrl = EndpointUrl, Region = region,
            StoredCredentials = SessionState.PSVariable.GetValue("StoredAWSCredentials"),
            StoredRegion = SessionState.PSVariable.GetValue("StoredAWSRegion") as string,
        };

        public void Dispose()
        {
            _stop.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
