using System.Linq;
using WafSecurity.Engine.Secrets;

namespace WafSecurity.Engine.Tests.Secrets
{
    public class LogMessageScannerTests
    {
        private const string AccessKey = "AKIAIOSFODNN7EXAMPLE";
        private const string Password = "Tr0ub4dor&3-horse";

        [Fact]
        public void Redact_ReplacesEveryDetectedValueWithItsMarker_AndKeepsTheRest()
        {
            var message = $"INFO key {AccessKey} {{\"user\":\"alice\",\"password\":\"{Password}\"}}";
            var (text, count) = LogMessageScanner.Default.Redact(message);
            Assert.Equal(2, count);
            Assert.DoesNotContain(AccessKey, text);
            Assert.DoesNotContain(Password, text);
            Assert.Equal($"INFO key [REDACTED:AwsAccessKeyId:{SecretDetector.HashPrefix(AccessKey)}] " +
                         $"{{\"user\":\"alice\",\"password\":\"[REDACTED:SensitiveName:{SecretDetector.HashPrefix(Password)}]\"}}", text);
        }

        [Fact]
        public void Scan_OfARedactedMessage_FindsTheMarkersWithTheirKeys_AndRedactingAgainChangesNothing()
        {
            var (text, _) = LogMessageScanner.Default.Redact($"token={AccessKey} password: {Password}");
            var found = LogMessageScanner.Default.Scan(text);
            Assert.All(found, f => Assert.True(f.Redacted));
            Assert.Equal(new[] { ("token", "AwsAccessKeyId"), ("password", "SensitiveName") }, found.Select(f => (f.Name, f.Detector)));
            Assert.Equal(SecretDetector.HashPrefix(Password), found[1].ValueHash);
            Assert.Equal((text, 0), LogMessageScanner.Default.Redact(text));
        }

        [Theory]
        [InlineData("START RequestId: 6c1e2b0a-8f3d-4c55-9b1e-2d7a6b1c9e01 Version: $LATEST")]
        [InlineData("REPORT RequestId: 6c1e2b0a-8f3d-4c55-9b1e-2d7a6b1c9e01\tDuration: 12.31 ms\tBilled Duration: 13 ms\tMax Memory Used: 67 MB")]
        [InlineData("{\"level\":\"info\",\"msg\":\"order placed\",\"orderId\":\"o-1234\",\"secretArn\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf\"}")]
        [InlineData("XRAY TraceId: 1-5e1b4151-5ac6c58f5d0b5c4d3e2f1a0b SegmentId: 3f2a1b0c9d8e7f6a Sampled: true")]
        [InlineData("payload Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3A= processed")]
        public void Scan_OrdinaryLambdaLogLines_FindNothing(string line)
        {
            Assert.Empty(LogMessageScanner.Default.Scan(line));
        }

        [Fact]
        public void Redact_PrivateKeyBlock_IsOneMarker()
        {
            var message = "loaded -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY----- ok";
            var (text, count) = LogMessageScanner.Default.Redact(message);
            Assert.Equal(1, count);
            Assert.StartsWith("loaded [REDACTED:PrivateKey:", text);
            Assert.EndsWith("] ok", text);
        }
    }
}
