using System.IO;
using System.Linq;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Rules.Lambda;
using WafSecurity.Engine.Tests.Secrets;

namespace WafSecurity.Engine.Tests.Inventory
{
    /// <summary>How the reader finds a function's code scan: CodeScan json, an operator's zip, error files, or nothing.</summary>
    public class CodeScanReaderTests
    {
        private const string OneFunction = @"{""Functions"": [{""FunctionName"": ""orders"", ""FunctionArn"": ""arn:aws:lambda:us-east-1:123456789012:function:orders"", ""PackageType"": ""Zip""}]}";

        private static LambdaFunction Orders(TempSnapshot snap) => SnapshotReader.Read(snap.Root).Regions.Single().Functions.Value!.Single();

        [Fact]
        public void Read_CodeScanDocument_MapsEveryField()
        {
            using var snap = new TempSnapshot().Write("us-east-1/lambda/ListFunctions.json", OneFunction)
                .Write("us-east-1/lambda/CodeScan/orders.json", @"{""CodeSha256"": ""abc="", ""ScannedBytes"": 10, ""Entries"": 4, ""BinaryEntries"": 1,
                    ""Truncated"": true, ""TruncatedReason"": ""entry big.js is larger"", ""DetectionsOmitted"": 2,
                    ""Detections"": [{""Path"": ""a/b.py"", ""Line"": 7, ""Detector"": ""SensitiveName"", ""Name"": ""DB_PASSWORD"", ""Fingerprint"": ""0a1b2c3d""}]}");
            var scan = Orders(snap).CodeScan;
            Assert.Equal(FetchState.Ok, scan.State);
            var value = scan.Value!;
            Assert.Equal(("abc=", 10L, 4, 1, true, "entry big.js is larger", 2), (value.CodeSha256, value.ScannedBytes, value.Entries, value.BinaryEntries, value.Truncated, value.TruncatedReason, value.DetectionsOmitted));
            var detection = Assert.Single(value.Detections);
            Assert.Equal(("a/b.py", 7, "SensitiveName", "DB_PASSWORD", "0a1b2c3d"), (detection.Path, detection.Line, detection.Detector, detection.Name, detection.Fingerprint));
        }

        [Fact]
        public void Read_CodeScanWithoutLineNumbers_IsFailedAndReported()
        {
            using var snap = new TempSnapshot().Write("us-east-1/lambda/ListFunctions.json", OneFunction)
                .Write("us-east-1/lambda/CodeScan/orders.json", @"{""Detections"": [{""Path"": ""a.py"", ""Detector"": ""PrivateKey"", ""Fingerprint"": ""0a1b2c3d""}]}");
            var inventory = SnapshotReader.Read(snap.Root);
            Assert.Equal("InvalidShape", inventory.Regions.Single().Functions.Value!.Single().CodeScan.Error!.Code);
            Assert.Contains(inventory.Issues, i => i.Target == "us-east-1/lambda/CodeScan/orders.json");
        }

        [Fact]
        public void Read_PlacedZip_IsScannedWithTheCollectorsScanner()
        {
            using var snap = new TempSnapshot().Write("us-east-1/lambda/ListFunctions.json", OneFunction);
            var zip = CodePackageScannerTests.Zip(CodePackageScannerTests.Text("keys.py", "K = '" + CodePackageScannerTests.ExampleKeyId + "'\n"));
            Directory.CreateDirectory(Path.Combine(snap.Root, "us-east-1/lambda/GetFunction"));
            File.WriteAllBytes(Path.Combine(snap.Root, "us-east-1/lambda/GetFunction/orders.zip"), zip);
            var scan = Orders(snap).CodeScan;
            Assert.Equal("AwsAccessKeyId", Assert.Single(scan.Value!.Detections).Detector);
            // The same documents held in memory read the same way.
            var fromMemory = SnapshotReader.Read(SnapshotDocuments.Load(snap.Root)).Regions.Single().Functions.Value!.Single().CodeScan;
            Assert.Equal("AwsAccessKeyId", Assert.Single(fromMemory.Value!.Detections).Detector);
        }

        [Fact]
        public void Read_PlacedFileThatIsNotAZip_IsFailedInvalidPackage()
        {
            using var snap = new TempSnapshot().Write("us-east-1/lambda/ListFunctions.json", OneFunction)
                .Write("us-east-1/lambda/GetFunction/orders.zip", "this is not a zip");
            var inventory = SnapshotReader.Read(snap.Root);
            var scan = inventory.Regions.Single().Functions.Value!.Single().CodeScan;
            Assert.Equal((FetchState.Failed, "InvalidPackage"), (scan.State, scan.Error!.Code));
            Assert.Contains(inventory.Issues, i => i.Target == "us-east-1/lambda/GetFunction/orders.zip");
        }

        [Fact]
        public void Read_NothingRecorded_IsNotCollectedNamingGetFunction()
        {
            using var snap = new TempSnapshot().Write("us-east-1/lambda/ListFunctions.json", OneFunction)
                .Write("us-east-1/lambda/GetFunction/orders.json", "{\"Code\": {\"Location\": \"[REDACTED:presigned-url]\"}}");
            var scan = Orders(snap).CodeScan;
            Assert.Equal(FetchState.NotCollected, scan.State);
            Assert.Equal("lambda:GetFunction", scan.Error!.IamAction);
        }

        [Fact]
        public void RedactCodeLocation_ReplacesOnlyTheLocation()
        {
            var redacted = CliDocuments.RedactCodeLocation(
                "{\"Configuration\": {\"FunctionName\": \"orders\"}, \"Code\": {\"RepositoryType\": \"S3\", \"Location\": \"https://bucket.s3.amazonaws.com/x?X-Amz-Signature=abc\"}}");
            Assert.Contains("\"Location\": \"[REDACTED:presigned-url]\"", redacted);
            Assert.Contains("\"RepositoryType\": \"S3\"", redacted);
            Assert.DoesNotContain("Signature", redacted);
        }

        [Theory]
        [InlineData("tests/**", "tests/fixtures/keys.py", true)]
        [InlineData("tests/**", "src/tests.py", false)]
        [InlineData("*.test.js", "src/app.test.js", true)]
        [InlineData("*.test.js", "src/app.js", false)]
        [InlineData("**/vendor/*.py", "vendor/x.py", true)]
        [InlineData("**/vendor/*.py", "a/b/vendor/x.py", true)]
        [InlineData("**/vendor/*.py", "a/bvendor/x.py", false)]
        public void IgnoreFilesGlob_MatchesPaths(string glob, string path, bool matches)
        {
            Assert.Equal(matches, LambdaSecretsInCodeRule.GlobToRegex(glob).IsMatch(path));
        }
    }
}
