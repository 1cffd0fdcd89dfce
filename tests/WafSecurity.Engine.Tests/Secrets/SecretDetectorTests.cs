using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using WafSecurity.Engine.Secrets;

namespace WafSecurity.Engine.Tests.Secrets
{
    public class SecretDetectorTests
    {
        private static readonly SecretDetector Detector = SecretDetector.Default;

        // Provider tokens are assembled at run time so the repository holds no string a secret scanner would flag.
        private static string Repeat(string chunk, int times) => string.Concat(Enumerable.Repeat(chunk, times));

        public static IEnumerable<object[]> Secrets() => new[]
        {
            new object[] { "ACCESS", "AKIA" + "IOSFODNN7EXAMPLE", "AwsAccessKeyId" },
            new object[] { "CREDS", "temp ASIA" + "ZXCVBNMASDFGHJKL here", "AwsAccessKeyId" },
            new object[] { "AWS_SECRET", "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY", "AwsSecretAccessKey" },
            new object[] { "SOMETHING", "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY", "AwsSecretAccessKey" },
            new object[] { "SESSION", "eyJhbGciOiJIUzI1NiJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "JsonWebToken" },
            new object[] { "CERT", "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----", "PrivateKey" },
            new object[] { "CERT", "-----BEGIN " + "PRIVATE KEY-----", "PrivateKey" },
            new object[] { "GH", "ghp_" + Repeat("aB3dE6gH9j", 4), "GitHubToken" },
            new object[] { "NOTIFY", "xoxb-" + "123456789012-abcdefABCDEF", "SlackToken" },
            new object[] { "HOOK_TARGET", "https://hooks.slack.com/services/" + "T0ABCDEF1/B0ABCDEF2/abcdefghijklmnop1234", "SlackWebhook" },
            new object[] { "PAYMENTS", "sk_" + "live_" + Repeat("a1B2c3D4", 3), "StripeKey" },
            new object[] { "MAPS", "AIza" + Repeat("SyA1b2C3d4", 3) + "e5F6g7H", "GoogleApiKey" },
            new object[] { "DATABASE_URL", "postgres://app:" + "s3cr3tPass@db.internal:5432/app", "UrlCredentials" },
            new object[] { "SQL", "Server=db;Database=app;User Id=app;" + "Password=Hunter2xyz;", "ConnectionStringPassword" },
            new object[] { "DB_PASSWORD", "correct horse battery", "SensitiveName" },
            new object[] { "dbPassword", "changeme", "SensitiveName" },
            new object[] { "API_KEY", "abc123def456", "SensitiveName" },
            new object[] { "STRIPE_APIKEY", "abc123def456", "SensitiveName" },
            new object[] { "PRIVATE_KEY", "MIIBVgIBADANBgkqhkiG", "SensitiveName" },
            new object[] { "CLIENT_SECRET", "s8Fj2kLq0", "SensitiveName" },
            new object[] { "Authorization", "Bearer abcdef", "SensitiveName" },
            new object[] { "OPAQUE", "Q7vZ2mK9pL4xR8tW1nB6cY3hJ5dF0gS", "HighEntropyString" },
            new object[] { "MYSTERY", "[REDACTED:GitHubToken:0a1b2c3d]", "GitHubToken" },
        };

        public static IEnumerable<object[]> NotSecrets() => new[]
        {
            new object[] { "DB_PASSWORD", "" },
            new object[] { "DB_PASSWORD", "   " },
            new object[] { "MYSQL_ALLOW_EMPTY_PASSWORD", "yes" },
            new object[] { "PASSWORD_REQUIRED", "true" },
            new object[] { "TOKEN_TTL", "3600" },
            new object[] { "API_KEY", "abc" },
            new object[] { "DB_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf" },
            new object[] { "DB_PASSWORD", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf" },
            new object[] { "API_TOKEN", "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/api/token" },
            new object[] { "API_KEY_PARAM", "/prod/api/key" },
            new object[] { "DB_PASSWORD_SSM", "/prod/db/password" },
            new object[] { "DB_PASSWORD", "/prod/db/password" },
            new object[] { "DB_SECRET_NAME", "prod/db-credentials" },
            new object[] { "DB_SECRET", "prod/app/db-credentials" },
            new object[] { "PASSWORD", "{{resolve:secretsmanager:prod/db:SecretString:password}}" },
            new object[] { "ENCRYPTION_KEY", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
            new object[] { "AUTH_URL", "https://login.example.com/oauth2/token" },
            new object[] { "AUTH_DOMAIN", "example.auth0.com" },
            new object[] { "TOKEN_ISSUER", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf" },
            new object[] { "DATABASE_URL", "postgres://app:${DB_PASSWORD}@db.internal:5432/app" },
            new object[] { "DATABASE_URL", "postgres://db.internal:5432/app" },
            new object[] { "PASSWORD", "${DB_PASSWORD}" },
            new object[] { "TABLE_NAME", "orders-prod" },
            new object[] { "GIT_SHA", "3f786850e387550fdab836ed7e6dc881de23001b" },
            new object[] { "REQUEST_ID", "8f14e45f-ceea-467f-a0e8-3c1e7a9b2d55" },
            new object[] { "GREETING", "ThisIsMyVeryLongConfigurationValue" },
            new object[] { "LOG_LEVEL", "DEBUG" },
            new object[] { "POWERTOOLS_SERVICE_NAME", "payment-service" },
        };

        [Theory]
        [MemberData(nameof(Secrets))]
        public void Classify_SecretValue_NamesTheDetector(string name, string value, string detector)
            => Assert.Equal(detector, Detector.Classify(name, value));

        [Theory]
        [MemberData(nameof(NotSecrets))]
        public void Classify_ReferenceOrPlainValue_IsNotASecret(string name, string value)
            => Assert.Null(Detector.Classify(name, value));

        [Fact]
        public void Inspect_Secret_CarriesHashPrefixNotValue()
        {
            var value = "postgres://app:" + "s3cr3tPass@db.internal:5432/app";
            var detection = Detector.Inspect("DATABASE_URL", value)!;
            Assert.Equal(SecretDetector.HashPrefix(value), detection.ValueHash);
            Assert.Matches("^[0-9a-f]{8}$", detection.ValueHash);
            Assert.DoesNotContain("s3cr3t", detection.ToString());
            Assert.False(detection.Redacted);
        }

        [Fact]
        public void Inspect_RedactedMarker_KeepsExportedDetectorAndHash()
        {
            var detection = Detector.Inspect("X", "[REDACTED:AwsAccessKeyId:DEADBEEF]")!;
            Assert.True(detection.Redacted);
            Assert.Equal("AwsAccessKeyId", detection.Detector);
            Assert.Equal("deadbeef", detection.ValueHash);
        }

        [Theory]
        [InlineData("DB_PASSWORD", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf", "SecretsManagerArn")]
        [InlineData("API_KEY", "arn:aws:ssm:us-east-1:123456789012:parameter/prod/api-key", "SsmParameterArn")]
        [InlineData("DB_PASSWORD", "{{resolve:secretsmanager:prod/db:SecretString:password}}", "DynamicReference")]
        [InlineData("SIGNING_KEY", "/prod/orders/signing-key", "Name")]
        [InlineData("API_KEY_PARAM", "orders-api-key", "Name")]
        [InlineData("DB_PASSWORD", "Sup3rS3cretPassw0rd!", null)]
        [InlineData("DB_PASSWORD", "[REDACTED:SensitiveName:1a2b3c4d]", null)]
        [InlineData("ENCRYPTION_KEY", "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", null)]
        public void ReferenceKind_Value_SaysWhatItPointsAt(string name, string value, string? kind)
            => Assert.Equal(kind, SecretDetector.Default.ReferenceKind(name, value));

        [Theory]
        [InlineData("DB_PASSWORD", true)]
        [InlineData("stripeApiKey", true)]
        [InlineData("TOKEN_SECRET_ARN", true)]
        [InlineData("TABLE_NAME", false)]
        [InlineData("LOG_LEVEL", false)]
        public void IsSecretName_Name_MatchesTheNameHeuristics(string name, bool expected)
            => Assert.Equal(expected, SecretDetector.IsSecretName(name));

        [Fact]
        public void HashPrefix_KnownValue_IsFirstEightHexOfSha256()
            => Assert.Equal("2cf24dba", SecretDetector.HashPrefix("hello"));

        [Fact]
        public void Scan_IgnorePattern_SkipsMatchingNames()
        {
            var pairs = new Dictionary<string, string> { ["DB_PASSWORD"] = "hunter2hunter2", ["TEST_TOKEN"] = "abcdef123456" };
            var found = Detector.Scan(pairs, new Regex("^TEST_", RegexOptions.IgnoreCase));
            Assert.Equal(new[] { "DB_PASSWORD" }, found.Select(f => f.Name));
        }

        [Theory]
        [InlineData("DB_PASSWORD", new[] { "db", "password" })]
        [InlineData("dbPassword", new[] { "db", "password" })]
        [InlineData("STRIPE_APIKEY", new[] { "stripe", "apikey" })]
        [InlineData("api-key.value", new[] { "api", "key", "value" })]
        public void NameWords_Splits_OnSeparatorsAndCamelCase(string name, string[] words)
            => Assert.Equal(words, SecretDetector.NameWords(name));

        [Fact]
        public void EntropyThreshold_ShortValues_ScaleWithLength()
        {
            Assert.True(Detector.EntropyThreshold(20) < Detector.EntropyThreshold(32));
            Assert.Equal(4.5, Detector.EntropyThreshold(200));
            Assert.Equal(0, SecretDetector.Entropy("aaaa"));
            Assert.Equal(2, SecretDetector.Entropy("abcd"), 6);
        }
    }
}
