using System;
using System.Collections.Generic;
using System.IO;
using Amazon.Runtime;
using WafSecurity.Engine.Aws;

namespace WafSecurity.Engine.Tests.Aws
{
    [CollectionDefinition("process environment", DisableParallelization = true)]
    public sealed class ProcessEnvironmentCollection { }

    /// <summary>
    /// Credential and region precedence with temporary credentials/config files (AWS_SHARED_CREDENTIALS_FILE,
    /// AWS_CONFIG_FILE). The SDK reads the real process environment, so these tests run alone.
    /// </summary>
    [Collection("process environment")]
    public sealed class AwsConnectionResolverTests : IDisposable
    {
        private static readonly string[] Managed =
        {
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION",
            "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_ENDPOINT_URL",
        };

        private readonly Dictionary<string, string?> _saved = new Dictionary<string, string?>();
        private readonly string _dir = TestAwsFiles.Directory;

        public AwsConnectionResolverTests()
        {
            foreach (var n in Managed) { _saved[n] = Environment.GetEnvironmentVariable(n); Environment.SetEnvironmentVariable(n, null); }
        }

        public void Dispose()
        {
            foreach (var kv in _saved) Environment.SetEnvironmentVariable(kv.Key, kv.Value);
        }


        private static string KeyOf(AwsConnection c) => c.Credentials.GetCredentials().AccessKey;

        [Fact]
        public void Resolve_ExplicitKeys_BeatProfileAndCredential()
        {
            var c = AwsConnectionResolver.Resolve(new AwsConnectionOptions
            {
                AccessKey = "AKIAEXPLICIT", SecretKey = "x", SessionToken = "t", ProfileName = "static",
                Credential = new BasicAWSCredentials("AKIAOBJECT", "y"), Regions = new[] { "eu-west-1" },
            });
            Assert.Equal("AKIAEXPLICIT", KeyOf(c));
            Assert.IsType<SessionAWSCredentials>(c.Credentials);
            Assert.Contains("-SessionToken", c.CredentialSource);
        }

        [Fact]
        public void Resolve_ProfileName_ProfileCredentialsAndRegion()
        {
            Environment.SetEnvironmentVariable("AWS_REGION", "sa-east-1");
            var c = AwsConnectionResolver.Resolve(new AwsConnectionOptions { ProfileName = "static", StoredRegion = "ca-central-1" });
            Assert.Equal("AKIASTATIC", KeyOf(c));
            Assert.Equal(new[] { "us-west-2" }, c.Regions);
            Assert.Contains("'static'", c.RegionSource);
        }

        [Fact]
        public void Resolve_AssumeRoleProfile_AssumeRoleCredentials()
        {
            var c = AwsConnectionResolver.Resolve(new AwsConnectionOptions { ProfileName = "auditor" });
            Assert.IsType<AssumeRoleAWSCredentials>(c.Credentials);
            Assert.Contains("assume role", c.CredentialSource);
            Assert.Equal(new[] { "ap-south-1" }, c.Regions);
        }

        [Fact]
        public void Resolve_UnknownProfileWithEnvironmentCredentials_ThrowsProfileNotFound()
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIAENV");
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "e");
            var e = Assert.Throws<AwsSetupException>(() => AwsConnectionResolver.Resolve(new AwsConnectionOptions { ProfileName = "nope", Regions = new[] { "eu-west-1" } }));
            Assert.Equal(AwsSetupProblem.ProfileNotFound, e.Problem);
            Assert.Contains("'nope'", e.Message);
        }

        [Fact]
        public void Resolve_ProfileLocation_ReadsThatFile()
        {
            var other = Path.Combine(_dir, "other-credentials");
            File.WriteAllText(other, "[elsewhere]\naws_access_key_id = AKIAELSEWHERE\naws_secret_access_key = z\nregion = eu-north-1\n");
            var c = AwsConnectionResolver.Resolve(new AwsConnectionOptions { ProfileName = "elsewhere", ProfileLocation = other, Regions = new[] { "eu-west-1" } });
            Assert.Equal("AKIAELSEWHERE", KeyOf(c));
        }

        [Fact]
        public void Resolve_CredentialObject_BeatsStoredCredentials()
        {
            var c = AwsConnectionResolver.Resolve(new AwsConnectionOptions
            {
                Credential = new BasicAWSCredentials("AKIAOBJECT", "y"), StoredCredentials = new BasicAWSCredentials("AKIASTORED", "z"), Regions = new[] { "eu-west-1" },
            });
            Assert.Equal("AKIAOBJECT", KeyOf(c));
        }

        private sealed class FakeAwsPsCredentials
        {
            internal AWSCredentials Credentials { get; } = new BasicAWSCredentials("AKIAWRAPPED", "w");
        }

        [Fact]
        public void Resolve_StoredAwsToolsWrapper_UsesItsInternalCredentials()
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIAENV");
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "e");
            var c = AwsConnectionResolver.Resolve(new AwsConnectionOptions { StoredCredentials = new FakeAwsPsCredentials(), Regions = new[] { "eu-west-1" } });
            Assert.Equal("AKIAWRAPPED", KeyOf(c));
            Assert.Contains("$StoredAWSCredentials", c.CredentialSource);
        }

        [Fact]
        public void Resolve_EnvironmentKeys_DefaultChainBeatsDefaultProfile()
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIAENV");
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "e");
            var c = AwsConnectionResolver.Resolve(new AwsConnectionOptions());
            Assert.Equal("AKIAENV", KeyOf(c));
            Assert.Contains("environment variables", c.CredentialSource);
        }

        [Fact]
        public void Resolve_AwsProfile_SelectsProfileForCredentialsAndRegion()
        {
            Environment.SetEnvironmentVariable("AWS_PROFILE", "static");
            var c = AwsConnectionResolver.Resolve(new AwsConnectionOptions());
            Assert.Equal("AKIASTATIC", KeyOf(c));
            Assert.Equal(new[] { "us-west-2" }, c.Regions);
        }

        [Fact]
        public void Resolve_NoExplicitRegion_StoredThenDefaultProfileThenAwsRegionThenAwsDefaultRegion()
        {
            Environment.SetEnvironmentVariable("AWS_REGION", "sa-east-1");
            Environment.SetEnvironmentVariable("AWS_DEFAULT_REGION", "af-south-1");
            Assert.Equal("ca-central-1", AwsConnectionResolver.Resolve(new AwsConnectionOptions { StoredRegion = "ca-central-1" }).Regions[0]);
            Assert.Equal("eu-central-1", AwsConnectionResolver.Resolve(new AwsConnectionOptions()).Regions[0]);

            Environment.SetEnvironmentVariable("AWS_PROFILE", "ghost");
            var keys = new AwsConnectionOptions { AccessKey = "a", SecretKey = "b" };
            var fromAwsRegion = AwsConnectionResolver.Resolve(keys);
            Assert.Equal(("sa-east-1", "the environment variable AWS_REGION"), (fromAwsRegion.Regions[0], fromAwsRegion.RegionSource));

            Environment.SetEnvironmentVariable("AWS_REGION", null);
            Assert.Equal("af-south-1", AwsConnectionResolver.Resolve(keys).Regions[0]);
        }

        [Fact]
        public void Resolve_NoRegionAnywhere_ThrowsNoRegionSayingHow()
        {
            Environment.SetEnvironmentVariable("AWS_PROFILE", "ghost");
            var e = Assert.Throws<AwsSetupException>(() => AwsConnectionResolver.Resolve(new AwsConnectionOptions { AccessKey = "a", SecretKey = "b" }));
            Assert.Equal(AwsSetupProblem.NoRegion, e.Problem);
            Assert.Contains("-Region", e.Message);
        }

        [Fact]
        public void Resolve_NoCredentialsAnywhere_ThrowsNoCredentialsSayingHow()
        {
            Environment.SetEnvironmentVariable("AWS_PROFILE", "ghost");
            var e = Assert.Throws<AwsSetupException>(() => AwsConnectionResolver.Resolve(new AwsConnectionOptions { Regions = new[] { "eu-west-1" } }));
            Assert.Equal(AwsSetupProblem.NoCredentials, e.Problem);
            Assert.Contains("-ProfileName", e.Message);
        }

        [Theory]
        [InlineData("EU-WEST-1")]
        [InlineData("eu west 1")]
        public void Resolve_BadRegionName_ThrowsInvalidArgument(string region)
        {
            var e = Assert.Throws<AwsSetupException>(() => AwsConnectionResolver.Resolve(new AwsConnectionOptions { AccessKey = "a", SecretKey = "b", Regions = new[] { region } }));
            Assert.Equal(AwsSetupProblem.InvalidArgument, e.Problem);
        }

        [Fact]
        public void Resolve_AccessKeyWithoutSecret_ThrowsInvalidArgument()
        {
            var e = Assert.Throws<AwsSetupException>(() => AwsConnectionResolver.Resolve(new AwsConnectionOptions { AccessKey = "a", Regions = new[] { "eu-west-1" } }));
            Assert.Equal(AwsSetupProblem.InvalidArgument, e.Problem);
        }
    }
}
