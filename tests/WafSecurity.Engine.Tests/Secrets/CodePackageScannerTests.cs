using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using WafSecurity.Engine.Secrets;

namespace WafSecurity.Engine.Tests.Secrets
{
    /// <summary>The code package scanner: what it flags, what it skips, and that every bound shows as Truncated.</summary>
    public class CodePackageScannerTests
    {
        // AWS documentation's example key id and a made-up private-key header: flagged, yet not real credentials.
        internal const string ExampleKeyId = "AKIAIOSFODNN7EXAMPLE";
        internal const string PemHeader = "-----BEGIN RSA PRIVATE KEY-----";

        internal static byte[] Zip(params (string Path, byte[] Content)[] entries)
        {
            using var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
                foreach (var (path, content) in entries)
                {
                    using var stream = zip.CreateEntry(path).Open();
                    stream.Write(content, 0, content.Length);
                }
            return buffer.ToArray();
        }

        internal static (string, byte[]) Text(string path, string content) => (path, Encoding.UTF8.GetBytes(content));

        private static CodeScanResult Scan(byte[] zip, CodeScanLimits? limits = null) => CodePackageScanner.Scan(new MemoryStream(zip), limits);

        [Fact]
        public void Scan_KeyIdPrivateKeyAndPasswordAssignment_ReportsPathLineDetectorAndFingerprintNeverTheValue()
        {
            var zip = Zip(
                Text("index.py", "import os\n\ndef handler(event, context):\n    return 1\n"),
                Text("config/settings.py", "REGION = 'us-east-1'\nUPLOAD_KEY_ID = '" + ExampleKeyId + "'\nDB_PASSWORD = \"Sup3rS3cretPassw0rd!\"\n"),
                Text("keys/signing.pem", PemHeader + "\nMIIEowIBAAKCAQEAexampleexample\n-----END RSA PRIVATE KEY-----\n"));
            var result = Scan(zip);

            Assert.Equal(3, result.Entries);
            Assert.False(result.Truncated);
            Assert.Collection(result.Detections.OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Line),
                d => { Assert.Equal(("config/settings.py", 2, "AwsAccessKeyId"), (d.Path, d.Line, d.Detector)); Assert.Equal(SecretDetector.HashPrefix(ExampleKeyId), d.Fingerprint); },
                d => { Assert.Equal(("config/settings.py", 3, "SensitiveName", "DB_PASSWORD"), (d.Path, d.Line, d.Detector, d.Name)); },
                d => Assert.Equal(("keys/signing.pem", 1, "PrivateKey"), (d.Path, d.Line, d.Detector)));
            var json = Encoding.UTF8.GetString(result.ToJson());
            Assert.DoesNotContain(ExampleKeyId, json);
            Assert.DoesNotContain("Sup3rS3cret", json);
        }

        [Fact]
        public void Scan_ReferencesProseHashesAndEnvironmentReads_AreNotSecrets()
        {
            var zip = Zip(
                Text("app.js", "const secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf';\n" +
                               "const label = { password: 'Enter your password' };\nconst token = process.env.API_TOKEN;\n"),
                Text("package-lock.json", "{\"integrity\": \"sha512-q8Zt3vN1xLm5Rb7Kd2Hj9Wp4Fy6Gc0TsQ8zT3vN1xLm5Rb7Kd2Hj9Wp4Fy6Gc0Ts==\"}\n"));
            var result = Scan(zip);
            Assert.Empty(result.Detections);
            Assert.False(result.Truncated);
        }

        [Fact]
        public void Scan_EnvFileBareAssignment_IsJudgedByName()
        {
            var result = Scan(Zip(Text(".env", "LOG_LEVEL=INFO\nSTRIPE_SECRET=s3cr3tvalue99\n")));
            var detection = Assert.Single(result.Detections);
            Assert.Equal((".env", 2, "STRIPE_SECRET"), (detection.Path, detection.Line, detection.Name));
        }

        [Fact]
        public void Scan_BinaryEntry_IsSkippedAndCounted()
        {
            var binary = new byte[] { 0x7F, 0x45, 0x4C, 0x46, 0, 0, 0 }.Concat(Encoding.ASCII.GetBytes(ExampleKeyId)).ToArray();
            var result = Scan(Zip(("lib/native.so", binary), Text("index.py", "x = 1\n")));
            Assert.Equal(1, result.BinaryEntries);
            Assert.Empty(result.Detections);
        }

        [Fact]
        public void Scan_EntryOverItsCap_IsTruncatedButStillReportsWhatItRead()
        {
            var big = "KEY_ID = '" + ExampleKeyId + "'\n" + new string('#', 5000) + "\n";
            var result = Scan(Zip(Text("big.py", big)), new CodeScanLimits { MaxEntryBytes = 1024 });
            Assert.True(result.Truncated);
            Assert.Contains("big.py", result.TruncatedReason);
            Assert.Single(result.Detections);
        }

        [Fact]
        public void Scan_PackageOverItsTotalCap_StopsAndSaysSo()
        {
            var result = Scan(Zip(Text("a.txt", new string('a', 3000)), Text("b.txt", "KEY = '" + ExampleKeyId + "'\n")),
                new CodeScanLimits { MaxTotalBytes = 2000 });
            Assert.True(result.Truncated);
            Assert.Contains("2000 uncompressed bytes", result.TruncatedReason);
            Assert.Empty(result.Detections);
        }

        [Fact]
        public void Scan_KeyInsideAVeryLongMinifiedLine_IsFound()
        {
            var line = new string('x', 40_000) + ";var k=\"" + ExampleKeyId + "\";" + new string('y', 40_000);
            var detection = Assert.Single(Scan(Zip(Text("bundle.min.js", line))).Detections);
            Assert.Equal(("bundle.min.js", 1, "AwsAccessKeyId"), (detection.Path, detection.Line, detection.Detector));
        }

        [Fact]
        public void Scan_MoreDetectionsThanTheCap_CountsTheRest()
        {
            var lines = string.Concat(Enumerable.Range(0, 5).Select(i => $"K{i} = 'AKIAIOSFODNN7EXAMPL{i}'\n"));
            var result = Scan(Zip(Text("keys.py", lines)), new CodeScanLimits { MaxDetections = 2 });
            Assert.Equal(2, result.Detections.Count);
            Assert.Equal(3, result.DetectionsOmitted);
        }

        [Fact]
        public void Scan_NotAZip_ThrowsInvalidData()
        {
            Assert.Throws<InvalidDataException>(() => Scan(Encoding.ASCII.GetBytes("not a zip at all")));
        }
    }
}
