using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace WafSecurity.Engine.Aws
{
    /// <summary>
    /// What a cmdlet knows about how to reach AWS: the AWS Tools for PowerShell common parameters and session defaults
    /// (style-anchors pattern 14). <see cref="AwsConnectionResolver"/> turns it into an <see cref="AwsConnection"/>.
    /// </summary>
    public sealed class AwsConnectionOptions
    {
        public string? ProfileName { get; set; }
        public string? ProfileLocation { get; set; }
        public string? AccessKey { get; set; }
        public string? SecretKey { get; set; }
        public string? SessionToken { get; set; }
        public AWSCredentials? Credential { get; set; }
        public string[]? Regions { get; set; }
        public string? EndpointUrl { get; set; }
        /// <summary>
        /// The AWS Tools session credentials ($StoredAWSCredentials): an AWSCredentials, or AWS Tools' AWSPSCredentials
        /// wrapper (its internal Credentials property is read by reflection). The cmdlet passes the unwrapped base object.
        /// </summary>
        public object? StoredCredentials { get; set; }
        /// <summary>The AWS Tools session region ($StoredAWSRegion).</summary>
        public string? StoredRegion { get; set; }
        /// <summary>Asked for an MFA code when an assume-role profile names mfa_serial (AWS Tools prompts on the console).</summary>
        public Func<string>? MfaTokenCodeCallback { get; set; }
        public AwsRetrySettings Retry { get; set; } = new AwsRetrySettings();
    }

    /// <summary>Credentials, regions and endpoints for a live audit, with where each came from (for WriteDebug).</summary>
    public sealed class AwsConnection
    {
        public AwsConnection(AWSCredentials credentials, IReadOnlyList<string> regions, string credentialSource, string regionSource,
            string? endpointUrl = null, AwsRetrySettings? retry = null, Func<string, string?>? environment = null)
        {
            if (regions == null || regions.Count == 0) throw new ArgumentException("At least one region is needed.", nameof(regions));
            Credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
            Regions = regions;
            CredentialSource = credentialSource;
            RegionSource = regionSource;
            EndpointUrl = string.IsNullOrWhiteSpace(endpointUrl) ? null : endpointUrl;
            Retry = retry ?? new AwsRetrySettings();
            Environment = environment ?? System.Environment.GetEnvironmentVariable;
            Partition = AwsEndpoints.PartitionOf(regions[0]);
        }

        public AWSCredentials Credentials { get; }
        public IReadOnlyList<string> Regions { get; }
        /// <summary>The first region: where global services (IAM, STS for the account id) are reached from.</summary>
        public string HomeRegion => Regions[0];
        public string Partition { get; }
        /// <summary>-EndpointUrl: every service's requests go there, each signed for its region.</summary>
        public string? EndpointUrl { get; }
        public string CredentialSource { get; }
        public string RegionSource { get; }
        public AwsRetrySettings Retry { get; }
        public Func<string, string?> Environment { get; }

        /// <summary>The debug trail AWS Tools writes ("Credentials obtained from ...", "Region obtained from ...").</summary>
        public IEnumerable<string> DescribeSources()
        {
            yield return $"Credentials obtained from {CredentialSource}.";
            yield return $"Region obtained from {RegionSource} with value {string.Join(", ", Regions)} (partition {Partition}).";
            if (EndpointUrl != null) yield return $"Endpoint {EndpointUrl} from -EndpointUrl; requests are signed for each call's region.";
        }
    }

    public enum AwsSetupProblem
    {
        NoCredentials,
        NoRegion,
        ProfileNotFound,
        InvalidArgument,
    }

    /// <summary>Broken setup (no credentials, no region, unknown profile, bad arguments): the cmdlet's one terminating error.</summary>
    public sealed class AwsSetupException : Exception
    {
        public AwsSetupException(AwsSetupProblem problem, string message, Exception? inner = null) : base(message, inner) { Problem = problem; }
        public AwsSetupProblem Problem { get; }
    }

    /// <summary>
    /// Resolves credentials and regions in the order AWS Tools for PowerShell users expect (aws-access.md 1.1).
    /// Credentials: -AccessKey/-SecretKey[/-SessionToken] → -ProfileName (+ -ProfileLocation; an unknown profile is an
    /// error, never a fall-through to another account) → -Credential → $StoredAWSCredentials → the SDK default chain
    /// (environment, web identity, AWS_PROFILE or default profile of any type: static, SSO, assume-role, process;
    /// container; instance metadata). Regions: -Region → the -ProfileName profile's region → $StoredAWSRegion → the
    /// AWS_PROFILE/default profile's region → AWS_REGION → AWS_DEFAULT_REGION (the SDK ignores it; the CLI reads it) →
    /// instance metadata (unless AWS_EC2_METADATA_DISABLED=true).
    /// </summary>
    public static class AwsConnectionResolver
    {
        private static readonly Regex RegionName = new Regex("^[a-z]{2,}(-[a-z0-9]+)+-[0-9]+$", RegexOptions.CultureInvariant);

        public const string HowToSupplyCredentials =
            "Supply credentials with -ProfileName, -AccessKey/-SecretKey, -Credential or Set-AWSCredential, or configure the " +
            "environment (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, a default profile in ~/.aws/credentials, or " +
            "'aws sso login' for an SSO profile).";
        public const string HowToSupplyRegion =
            "Supply a region with -Region, Set-DefaultAWSRegion, a region in the profile, or AWS_REGION/AWS_DEFAULT_REGION.";

        public static AwsConnection Resolve(AwsConnectionOptions options, Func<string, string?>? environment = null)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            var env = environment ?? System.Environment.GetEnvironmentVariable;
            AwsSdkIsolation.EnsureRegistered();
            var chain = string.IsNullOrWhiteSpace(options.ProfileLocation) ? new CredentialProfileStoreChain() : new CredentialProfileStoreChain(options.ProfileLocation);

            CredentialProfile? explicitProfile = null;
            if (!string.IsNullOrWhiteSpace(options.ProfileName))
            {
                if (!chain.TryGetProfile(options.ProfileName, out explicitProfile))
                {
                    var where = string.IsNullOrWhiteSpace(options.ProfileLocation) ? "the shared credentials and config files (or the .NET SDK store)" : options.ProfileLocation;
                    throw new AwsSetupException(AwsSetupProblem.ProfileNotFound,
                        $"The AWS profile '{options.ProfileName}' was not found in {where}. Check the name with Get-AWSCredential -ListProfileDetail or 'aws configure list-profiles'; " +
                        "WafSecurity does not fall back to other credentials, which could belong to another account.");
                }
            }

            var (credentials, credentialSource) = ResolveCredentials(options, chain, explicitProfile, env);
            credentials = AwsSdkIsolation.Isolate(credentials);
            var (regions, regionSource) = ResolveRegions(options, chain, explicitProfile, env);
            if (!string.IsNullOrWhiteSpace(options.EndpointUrl) && !Uri.TryCreate(options.EndpointUrl, UriKind.Absolute, out _))
                throw new AwsSetupException(AwsSetupProblem.InvalidArgument, $"-EndpointUrl '{options.EndpointUrl}' is not an absolute URL (for example http://127.0.0.1:5000).");
            return new AwsConnection(credentials, regions, credentialSource, regionSource, options.EndpointUrl, options.Retry, env);
        }

        private static (AWSCredentials, string) ResolveCredentials(AwsConnectionOptions o, CredentialProfileStoreChain chain, CredentialProfile? explicitProfile,
            Func<string, string?> env)
        {
            var hasAk = !string.IsNullOrWhiteSpace(o.AccessKey);
            var hasSk = !string.IsNullOrWhiteSpace(o.SecretKey);
            if (hasAk || hasSk)
            {
                if (!(hasAk && hasSk))
                    throw new AwsSetupException(AwsSetupProblem.InvalidArgument, "-AccessKey and -SecretKey must be given together (with -SessionToken for temporary credentials).");
                return string.IsNullOrWhiteSpace(o.SessionToken)
                    ? (new BasicAWSCredentials(o.AccessKey, o.SecretKey), "the -AccessKey and -SecretKey parameters")
                    : ((AWSCredentials)new SessionAWSCredentials(o.AccessKey, o.SecretKey, o.SessionToken), "the -AccessKey, -SecretKey and -SessionToken parameters");
            }
            if (explicitProfile != null)
                return (FromProfile(explicitProfile, chain, o), $"the profile '{explicitProfile.Name}' ({ProfileKind(explicitProfile)})");
            if (o.Credential != null) return (o.Credential, $"the -Credential parameter ({AwsSdkIsolation.Describe(o.Credential)})");
            var stored = Unwrap(o.StoredCredentials);
            if (stored != null) return (stored, $"the shell default credentials ($StoredAWSCredentials, {AwsSdkIsolation.Describe(stored)})");

            if (!string.IsNullOrWhiteSpace(o.ProfileLocation))
            {
                // -ProfileLocation alone: the AWS_PROFILE or default profile of that file, as AWS Tools reads it.
                var name = NonEmpty(env("AWS_PROFILE")) ?? "default";
                if (chain.TryGetProfile(name, out var p)) return (FromProfile(p, chain, o), $"the profile '{name}' in {o.ProfileLocation} ({ProfileKind(p)})");
            }
            try
            {
                var creds = DefaultAWSCredentialsIdentityResolver.GetCredentials(null);
                if (creds == null) throw new AmazonClientException("The default chain returned no credentials.");
                return (creds, "the AWS SDK default chain: " + DescribeDefault(creds, env));
            }
            catch (AmazonClientException e)
            {
                throw new AwsSetupException(AwsSetupProblem.NoCredentials, "No AWS credentials were found. " + HowToSupplyCredentials + " (" + e.Message + ")", e);
            }
        }

        private static AWSCredentials FromProfile(CredentialProfile profile, CredentialProfileStoreChain chain, AwsConnectionOptions o)
        {
            try
            {
                var creds = AWSCredentialsFactory.GetAWSCredentials(profile, chain);
                if (creds is AssumeRoleAWSCredentials assume && o.MfaTokenCodeCallback != null && assume.Options != null
                    && !string.IsNullOrEmpty(assume.Options.MfaSerialNumber))
                {
                    assume.Options.MfaTokenCodeCallback = o.MfaTokenCodeCallback;
                }
                return creds;
            }
            catch (Exception e) when (e is AmazonClientException || e is InvalidOperationException || e is ArgumentException)
            {
                throw new AwsSetupException(AwsSetupProblem.NoCredentials,
                    $"The AWS profile '{profile.Name}' cannot give credentials: {e.Message} " + HowToSupplyCredentials, e);
            }
        }

        private static string ProfileKind(CredentialProfile p)
        {
            var o = p.Options;
            if (!string.IsNullOrEmpty(o.RoleArn) && !string.IsNullOrEmpty(o.WebIdentityTokenFile)) return "web identity";
            if (!string.IsNullOrEmpty(o.RoleArn)) return "assume role";
            if (!string.IsNullOrEmpty(o.SsoStartUrl) || !string.IsNullOrEmpty(o.SsoSession)) return "SSO";
            if (!string.IsNullOrEmpty(o.CredentialProcess)) return "credential_process";
            return "static keys";
        }

        private static string DescribeDefault(AWSCredentials creds, Func<string, string?> env)
        {
            var type = creds.GetType().Name;
            switch (type)
            {
                case nameof(EnvironmentVariablesAWSCredentials): return "environment variables (AWS_ACCESS_KEY_ID)";
                case nameof(AssumeRoleWithWebIdentityCredentials): return "web identity (AWS_WEB_IDENTITY_TOKEN_FILE / profile)";
                case "GenericContainerCredentials": return "the container credentials endpoint";
                case "DefaultInstanceProfileAWSCredentials":
                case "InstanceProfileAWSCredentials": return "the EC2 instance profile";
                default: return $"the profile '{NonEmpty(env("AWS_PROFILE")) ?? "default"}' ({type})";
            }
        }

        /// <summary>
        /// An AWSCredentials, or AWS Tools' AWSPSCredentials (internal Credentials property), of our AWSSDK.Core or of
        /// another load of it (AwsSdkIsolation.Adopt), or null.
        /// </summary>
        public static AWSCredentials? Unwrap(object? stored) => AwsSdkIsolation.Adopt(stored);

        private static (IReadOnlyList<string>, string) ResolveRegions(AwsConnectionOptions o, CredentialProfileStoreChain chain, CredentialProfile? explicitProfile,
            Func<string, string?> env)
        {
            if (o.Regions != null && o.Regions.Any(r => !string.IsNullOrWhiteSpace(r)))
                return (Validate(o.Regions.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).Distinct(StringComparer.Ordinal).ToArray()), "the -Region parameter");
            if (explicitProfile?.Region != null) return (Validate(new[] { explicitProfile.Region.SystemName }), $"the profile '{explicitProfile.Name}'");
            if (!string.IsNullOrWhiteSpace(o.StoredRegion)) return (Validate(new[] { o.StoredRegion!.Trim() }), "the shell default region ($StoredAWSRegion)");
            var profileName = NonEmpty(env("AWS_PROFILE")) ?? "default";
            if (chain.TryGetProfile(profileName, out var p) && p.Region != null) return (Validate(new[] { p.Region.SystemName }), $"the profile '{profileName}'");
            var awsRegion = NonEmpty(env("AWS_REGION"));
            if (awsRegion != null) return (Validate(new[] { awsRegion }), "the environment variable AWS_REGION");
            var defaultRegion = NonEmpty(env("AWS_DEFAULT_REGION"));
            if (defaultRegion != null) return (Validate(new[] { defaultRegion }), "the environment variable AWS_DEFAULT_REGION");
            if (!string.Equals(NonEmpty(env("AWS_EC2_METADATA_DISABLED")), "true", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    var imds = new InstanceProfileAWSRegion().Region;
                    if (imds != null) return (new[] { imds.SystemName }, "the EC2 instance metadata");
                }
                catch (Exception e) when (!(e is OutOfMemoryException))
                {
                    // Not on EC2: fall through to the error below.
                }
            }
            throw new AwsSetupException(AwsSetupProblem.NoRegion, "No AWS region was given or configured. " + HowToSupplyRegion);
        }

        private static IReadOnlyList<string> Validate(string[] regions)
        {
            foreach (var r in regions)
            {
                if (!RegionName.IsMatch(r))
                    throw new AwsSetupException(AwsSetupProblem.InvalidArgument, $"'{r}' is not an AWS region name (for example us-east-1 or eu-west-1).");
            }
            return regions;
        }

        private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s!.Trim();
    }
}
