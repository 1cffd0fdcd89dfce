using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace WafSecurity.Engine.Tests.Aws
{
    /// <summary>
    /// The shared credentials and config files of this test process. AWSSDK.Core reads AWS_SHARED_CREDENTIALS_FILE and
    /// AWS_CONFIG_FILE once, when SharedCredentialsFile is first used (static DefaultFilePath/DefaultConfigFilePath),
    /// so they are set before any test runs and never changed; tests choose profiles with AWS_PROFILE instead.
    /// </summary>
    internal static class TestAwsFiles
    {
        public static string Directory { get; private set; } = "";
        public static string Credentials => Path.Combine(Directory, "credentials");
        public static string Config => Path.Combine(Directory, "config");

        [ModuleInitializer]
        internal static void Initialize()
        {
            Directory = Path.Combine(Path.GetTempPath(), "waf-test-aws-" + Environment.ProcessId);
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllText(Credentials,
                "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s1\n\n" +
                "[static]\naws_access_key_id = AKIASTATIC\naws_secret_access_key = s2\n");
            File.WriteAllText(Config,
                "[default]\nregion = eu-central-1\n\n[profile static]\nregion = us-west-2\n\n" +
                "[profile auditor]\nrole_arn = arn:aws:iam::111122223333:role/audit\nsource_profile = static\nregion = ap-south-1\n");
            Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Credentials);
            Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Config);
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        }
    }
}
