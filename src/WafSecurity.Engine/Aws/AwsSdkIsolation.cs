using System;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.SharedInterfaces;
using Amazon.RuntimeDependencies;
using Amazon.SecurityToken;
using Amazon.SSO;
using Amazon.SSOOIDC;

namespace WafSecurity.Engine.Aws
{
    /// <summary>
    /// Living beside another AWSSDK.Core 4.x in one PowerShell session (AWS Tools for PowerShell). On PowerShell 7 the
    /// module's AWSSDK assemblies load in a private AssemblyLoadContext (WafSecurity.psm1, WafSecurity.Loader), so two
    /// copies of Amazon.Runtime exist side by side: credential objects must be carried across, and our AWSSDK.Core must
    /// never pick up the other load's STS/SSO/SSOOIDC assemblies.
    /// </summary>
    public static class AwsSdkIsolation
    {
        private static readonly object Gate = new object();
        private static bool _registered;

        /// <summary>
        /// True when this AWSSDK.Core is private to WafSecurity (PowerShell 7), false when it is the process's shared copy
        /// (Windows PowerShell 5.1, the xunit tests).
        /// </summary>
        public static bool IsIsolated
        {
            get
            {
#if NET
                var context = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(typeof(AWSCredentials).Assembly);
                return context != null && !ReferenceEquals(context, System.Runtime.Loader.AssemblyLoadContext.Default);
#else
                return false;
#endif
            }
        }

        /// <summary>
        /// AWSSDK.Core builds the STS, SSO and SSOOIDC clients that web-identity and SSO credentials need from its
        /// GlobalRuntimeDependencyRegistry, else by reflection over AppDomain.GetAssemblies(), which returns every load
        /// context's assemblies: with AWS Tools loaded first it would find AWS Tools' copies, built on the other Core. When
        /// isolated, register our own clients so the search never happens. The registry belongs to our private Core, so
        /// this changes nothing for AWS Tools; on a shared Core (5.1) nothing is registered.
        /// </summary>
        public static void EnsureRegistered()
        {
            if (_registered) return;
            lock (Gate)
            {
                if (_registered) return;
                if (IsIsolated)
                {
                    var registry = GlobalRuntimeDependencyRegistry.Instance;
                    registry.RegisterSecurityTokenServiceClient(context =>
                    {
                        var data = context.SecurityTokenServiceClientContextData;
                        // Assume-role needs the source credentials, which the registry does not pass: IsolatedAssumeRoleCredentials.
                        if (data == null || data.Action == SecurityTokenServiceClientContext.ActionContext.AssumeRoleAWSCredentials) return null;
                        var config = new AmazonSecurityTokenServiceConfig { RegionEndpoint = data.Region ?? RegionEndpoint.USEast1 };
                        if (data.ProxySettings != null) config.SetWebProxy(data.ProxySettings);
                        return new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), config);
                    });
                    registry.RegisterSSOClient(context =>
                    {
                        var data = context.SSOClientContextData;
                        var config = new AmazonSSOConfig { RegionEndpoint = data?.Region ?? RegionEndpoint.USEast1 };
                        if (data?.ProxySettings != null) config.SetWebProxy(data.ProxySettings);
                        return new AmazonSSOClient(new AnonymousAWSCredentials(), config);
                    });
                    registry.RegisterSSOOIDCClient(context =>
                    {
                        var data = context.SSOOIDCClientContextData;
                        var config = new AmazonSSOOIDCConfig { RegionEndpoint = data?.Region ?? RegionEndpoint.USEast1 };
                        if (data?.ProxySettings != null) config.SetWebProxy(data.ProxySettings);
                        return new AmazonSSOOIDCClient(new AnonymousAWSCredentials(), config);
                    });
                }
                _registered = true;
            }
        }

        /// <summary>
        /// Our AWSCredentials for a credentials value from anywhere: ours as it is; an Amazon.Runtime.AWSCredentials of
        /// another AWSSDK.Core load (New-AWSCredential, Get-AWSCredential, [Amazon.Runtime.BasicAWSCredentials]::new()
        /// with AWS Tools imported) as a bridge that asks it for keys on every use, so refreshing credentials keep
        /// refreshing in their own load; AWS Tools' AWSPSCredentials ($StoredAWSCredentials) through its Credentials
        /// property. Null when the value holds no credentials.
        /// </summary>
        public static AWSCredentials? Adopt(object? value)
        {
            if (value == null) return null;
            if (value is AWSCredentials own) return own;
            if (ForeignAWSCredentials.IsForeign(value.GetType())) return new ForeignAWSCredentials(value);
            var property = value.GetType().GetProperty("Credentials", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
            var inner = property?.GetIndexParameters().Length == 0 ? property.GetValue(value) : null;
            if (inner == null || ReferenceEquals(inner, value)) return null;
            return inner is AWSCredentials c ? c : ForeignAWSCredentials.IsForeign(inner.GetType()) ? new ForeignAWSCredentials(inner) : null;
        }

        /// <summary>
        /// Replaces AssumeRoleAWSCredentials (from a profile or the default chain, possibly chained through source
        /// profiles) with <see cref="IsolatedAssumeRoleCredentials"/> when isolated; otherwise returns them unchanged.
        /// </summary>
        public static AWSCredentials Isolate(AWSCredentials credentials)
        {
            if (!IsIsolated || !(credentials is AssumeRoleAWSCredentials assume) || assume is IsolatedAssumeRoleCredentials) return credentials;
            return new IsolatedAssumeRoleCredentials(Isolate(assume.SourceCredentials), assume.RoleArn, assume.RoleSessionName, assume.Options);
        }

        /// <summary>A short name for the debug line "Credentials obtained from ...".</summary>
        public static string Describe(AWSCredentials credentials) => credentials is ForeignAWSCredentials f
            ? f.InnerTypeName + " from another AWSSDK.Core load"
            : credentials.GetType().Name;
    }

    /// <summary>
    /// AssumeRoleAWSCredentials whose STS client is always ours: AWSSDK.Core's own lookup passes the source credentials
    /// only to a client it finds by reflection over every loaded assembly, which could be AWS Tools' copy.
    /// </summary>
    public sealed class IsolatedAssumeRoleCredentials : AssumeRoleAWSCredentials
    {
        public IsolatedAssumeRoleCredentials(AWSCredentials source, string roleArn, string roleSessionName, AssumeRoleAWSCredentialsOptions options)
            : base(source, roleArn, roleSessionName, options) { }

        protected override CredentialsRefreshState GenerateNewCredentials() => GenerateNewCredentialsAsync().GetAwaiter().GetResult();

        protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
        {
            // The region AWSSDK.Core's AssumeRoleAWSCredentials signs its STS call for (aws-access.md 1.2).
            var config = new AmazonSecurityTokenServiceConfig { RegionEndpoint = FallbackRegionFactory.GetRegionEndpoint() ?? RegionEndpoint.USEast1 };
            if (Options?.ProxySettings != null) config.SetWebProxy(Options.ProxySettings);
            using (var client = new AmazonSecurityTokenServiceClient(SourceCredentials, config))
            {
                var credentials = await ((ICoreAmazonSTS)client).CredentialsFromAssumeRoleAuthenticationAsync(RoleArn, RoleSessionName, Options).ConfigureAwait(false);
                return new CredentialsRefreshState(credentials, credentials.Expiration);
            }
        }
    }

    /// <summary>An Amazon.Runtime.AWSCredentials of another AWSSDK.Core load, asked for its keys through reflection.</summary>
    public sealed class ForeignAWSCredentials : AWSCredentials
    {
        private readonly object _inner;
        private readonly MethodInfo _get;
        private readonly MethodInfo? _getAsync;

        public ForeignAWSCredentials(object inner)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
            if (!IsForeign(inner.GetType())) throw new ArgumentException("Not an Amazon.Runtime.AWSCredentials.", nameof(inner));
            _get = inner.GetType().GetMethod("GetCredentials", BindingFlags.Instance | BindingFlags.Public, null, Type.EmptyTypes, null)
                ?? throw new ArgumentException("The credentials object has no GetCredentials().", nameof(inner));
            _getAsync = inner.GetType().GetMethod("GetCredentialsAsync", BindingFlags.Instance | BindingFlags.Public, null, Type.EmptyTypes, null);
        }

        /// <summary>The object of the other load.</summary>
        public object Inner => _inner;
        public string InnerTypeName => _inner.GetType().Name;

        /// <summary>True for Amazon.Runtime.AWSCredentials and its subclasses from an AWSSDK.Core other than ours.</summary>
        public static bool IsForeign(Type type)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                if (t == typeof(AWSCredentials)) return false;
                if (t.FullName == "Amazon.Runtime.AWSCredentials") return true;
            }
            return false;
        }

        public override ImmutableCredentials GetCredentials() => Copy(Call(_get));

        public override async Task<ImmutableCredentials> GetCredentialsAsync()
        {
            if (_getAsync == null) return GetCredentials();
            var task = Call(_getAsync) as Task ?? throw new AmazonClientException($"{InnerTypeName}.GetCredentialsAsync() returned no task.");
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is AmazonClientException))
            {
                throw new AmazonClientException($"The {InnerTypeName} credentials could not give keys: {e.Message}", e);
            }
            return Copy(task.GetType().GetProperty("Result")?.GetValue(task));
        }

        private object? Call(MethodInfo method)
        {
            try
            {
                return method.Invoke(_inner, null);
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                if (e.InnerException is AmazonClientException) ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw new AmazonClientException($"The {InnerTypeName} credentials could not give keys: {e.InnerException.Message}", e.InnerException);
            }
        }

        private ImmutableCredentials Copy(object? immutable)
        {
            if (immutable == null) throw new AmazonClientException($"The {InnerTypeName} credentials gave no keys.");
            var type = immutable.GetType();
            string? Read(string name) => type.GetProperty(name, BindingFlags.Instance | BindingFlags.Public)?.GetValue(immutable) as string;
            var accessKey = Read("AccessKey");
            var secretKey = Read("SecretKey");
            if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
                throw new AmazonClientException($"The {InnerTypeName} credentials gave no access key or secret key.");
            return new ImmutableCredentials(accessKey, secretKey, Read("Token"));
        }
    }
}
