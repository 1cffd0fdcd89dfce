// The collector runs on a virtual clock; the package downloads are real HTTP to a loopback listener.
#pragma warning disable xUnit1031
using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WafSecurity.Engine.Aws;
using WafSecurity.Engine.Findings;
using WafSecurity.Engine.Inventory;
using WafSecurity.Engine.Rules;
using WafSecurity.Engine.Rules.Lambda;
using WafSecurity.Engine.Tests.Secrets;

namespace WafSecurity.Engine.Tests.Aws
{
    /// <summary>Opt-in code scanning in live collection: GetFunction, the bounded download from Code.Location, the stored scan.</summary>
    public class CodeScanCollectorTests
    {
        private const string Signature = "X-Amz-Signature=0123456789abcdef0123456789abcdef";

        /// <summary>Serves one package (or a status) on 127.0.0.1, as S3 serves a presigned URL.</summary>
        private sealed class PackageServer : IDisposable
        {
            private readonly HttpListener _listener = new HttpListener();
            public PackageServer(byte[] package, int status = 200, TimeSpan? delay = null)
            {
                var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                var port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                Url = $"http://127.0.0.1:{port}/awslambda-us-east-1-tasks/snapshots/123456789012/leaky-fn?{Signature}";
                _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
                _listener.Start();
                _ = Task.Run(async () =>
                {
                    while (_listener.IsListening)
                    {
                        HttpListenerContext context;
                        try { context = await _listener.GetContextAsync(); } catch (Exception) { return; }
                        Requests.Enqueue(context.Request.Url!.PathAndQuery);
                        try
                        {
                            if (delay.HasValue) await Task.Delay(delay.Value);
                            context.Response.StatusCode = status;
                            if (status == 200) await context.Response.OutputStream.WriteAsync(package, 0, package.Length);
                            context.Response.Close();
                        }
                        catch (Exception) { }
                    }
                });
            }
            public string Url { get; }
            public ConcurrentQueue<string> Requests { get; } = new ConcurrentQueue<string>();
            public void Dispose() { try { _listener.Stop(); _listener.Close(); } catch (ObjectDisposedException) { } }
        }

        private static readonly byte[] LeakyPackage = CodePackageScannerTests.Zip(
            CodePackageScannerTests.Text("index.py", "def handler(event, context):\n    return 1\n"),
            CodePackageScannerTests.Text("config.py", "UPLOAD_KEY_ID = '" + CodePackageScannerTests.ExampleKeyId + "'\n"));

        private static SnapshotDocuments Recorded(string location, long codeSize)
        {
            var documents = new SnapshotDocuments();
            documents.Set("account.json", "{\"AccountId\":\"123456789012\",\"Partition\":\"aws\",\"Regions\":[\"us-east-1\"],\"CapturedAt\":\"2026-11-27T10:00:00Z\"}");
            documents.Set("us-east-1/lambda/ListFunctions.json", @"{""Functions"": [
  {""FunctionName"": ""leaky-fn"", ""FunctionArn"": ""arn:aws:lambda:us-east-1:123456789012:function:leaky-fn"", ""PackageType"": ""Zip"", ""Runtime"": ""python3.12""},
  {""FunctionName"": ""image-fn"", ""FunctionArn"": ""arn:aws:lambda:us-east-1:123456789012:function:image-fn"", ""PackageType"": ""Image""}]}");
            documents.Set("us-east-1/lambda/ListEventSourceMappings.json", "{\"EventSourceMappings\": []}");
            documents.Set("us-east-1/lambda/GetFunction/leaky-fn.json",
                "{\"Configuration\": {\"FunctionName\": \"leaky-fn\", \"CodeSize\": " + codeSize + ", \"CodeSha256\": \"9c+ERpLqKywf9y2taeLKh0hU4QgAKyBsUjbKWbhk4hU=\", " +
                "\"PackageType\": \"Zip\", \"Environment\": {\"Variables\": {\"LOG_LEVEL\": \"INFO\"}}}, " +
                "\"Code\": {\"RepositoryType\": \"S3\", \"Location\": \"" + location + "\"}}");
            return documents;
        }

        private static CollectionResult Collect(SnapshotDocuments recorded, CodeScanOptions? codeScan)
        {
            var clock = new VirtualClock();
            var collector = new Collector(new SnapshotCallSource(recorded, null, clock), new CollectorOptions
            {
                Regions = new[] { "us-east-1" }, Services = new[] { "lambda" }, IncludeIam = false,
                Scheduler = new SchedulerOptions { Clock = clock }, CodeScan = codeScan,
            });
            return Task.Run(() => collector.CollectAsync(CancellationToken.None)).GetAwaiter().GetResult();
        }

        private static WafFinding Finding(CollectionResult result, string function)
        {
            var engine = new AuditEngine(new AuditOptions { Rules = new[] { LambdaSecretsInCodeRule.Info.Id }, IncludePassed = true });
            return engine.Run(SnapshotReader.Read(result.Documents)).Single(f => f.ResourceName == function);
        }

        [Fact]
        public void Collect_CodeScan_DownloadsScansAndStoresTheScanWithTheLocationRedacted()
        {
            using var server = new PackageServer(LeakyPackage);
            var result = Collect(Recorded(server.Url, LeakyPackage.Length), new CodeScanOptions());

            Assert.Single(server.Requests);
            Assert.True(result.Documents.Contains("us-east-1/lambda/CodeScan/leaky-fn.json"));
            Assert.False(result.Documents.Contains("us-east-1/lambda/GetFunction/image-fn.json")); // an image has no package
            Assert.True(result.Documents.TryGet("us-east-1/lambda/GetFunction/leaky-fn.json", out var stored));
            Assert.Contains(CliDocuments.RedactedCodeLocation, Encoding.UTF8.GetString(stored));
            foreach (var path in result.Documents.Paths)
            {
                result.Documents.TryGet(path, out var content);
                var text = Encoding.UTF8.GetString(content);
                Assert.DoesNotContain("X-Amz-Signature", text);
                Assert.DoesNotContain(CodePackageScannerTests.ExampleKeyId, text);
            }
            Assert.Empty(result.Failures);

            var finding = Finding(result, "leaky-fn");
            Assert.Equal(FindingStatus.Failed, finding.Status);
            Assert.Contains("config.py:1 (AwsAccessKeyId UPLOAD_KEY_ID)", finding.Reason);
            Assert.Equal(FindingStatus.Error, Finding(result, "image-fn").Status);
        }

        [Fact]
        public void Collect_WithoutCodeScan_MakesNoGetFunctionCallAndTheRuleSaysNotCollected()
        {
            using var server = new PackageServer(LeakyPackage);
            var result = Collect(Recorded(server.Url, LeakyPackage.Length), codeScan: null);
            Assert.Empty(server.Requests);
            Assert.DoesNotContain(result.Counts, c => c.Operation == SnapshotOperations.LambdaGetFunction);
            var finding = Finding(result, "leaky-fn");
            Assert.Equal(FindingStatus.Error, finding.Status);
            Assert.Contains("lambda:GetFunction", finding.Reason);
        }

        [Fact]
        public void Collect_DownloadForbidden_RecordsTheFailureAndTheRuleSaysError()
        {
            using var server = new PackageServer(LeakyPackage, status: 403);
            var result = Collect(Recorded(server.Url, LeakyPackage.Length), new CodeScanOptions());
            Assert.True(result.Documents.Contains("us-east-1/lambda/CodeScan/leaky-fn.error.json"));
            var failure = Assert.Single(result.Failures);
            Assert.Equal(("DownloadFailed", SnapshotOperations.LambdaCodeScan), (failure.ErrorCode, failure.Operation));
            Assert.DoesNotContain("X-Amz-Signature", failure.Message);
            var finding = Finding(result, "leaky-fn");
            Assert.Equal(FindingStatus.Error, finding.Status);
            Assert.Contains("403", finding.Reason);
        }

        [Fact]
        public void Collect_PackageOverMaxCodeBytes_IsNotDownloadedAndIsAnError()
        {
            using var server = new PackageServer(LeakyPackage);
            var result = Collect(Recorded(server.Url, 60L * 1024 * 1024), new CodeScanOptions());
            Assert.Empty(server.Requests);
            var finding = Finding(result, "leaky-fn");
            Assert.Equal(FindingStatus.Error, finding.Status);
            Assert.Contains("PackageTooLarge", finding.Reason);
        }

        [Fact]
        public void CollectionOptions_OnlyWhenTheOptInRuleRuns_WithItsParameters()
        {
            Assert.Null(LambdaSecretsInCodeRule.CollectionOptions(new AuditEngine(new AuditOptions())));
            Assert.Null(LambdaSecretsInCodeRule.CollectionOptions(new AuditEngine(new AuditOptions { Rules = new[] { "SEC3.Lambda.SecretsInEnvVars" } })));
            var selected = LambdaSecretsInCodeRule.CollectionOptions(new AuditEngine(new AuditOptions
            {
                Rules = new[] { "SEC3.Lambda.Secrets*" },
                Parameters = new System.Collections.Generic.Dictionary<string, object?> { ["SEC3.Lambda.SecretsInCode.MaxCodeBytes"] = 10 * 1024 * 1024, ["DownloadTimeoutSeconds"] = 30 },
            }));
            Assert.NotNull(selected);
            Assert.Equal((10L * 1024 * 1024, TimeSpan.FromSeconds(30)), (selected!.MaxCodeBytes, selected.DownloadTimeout));
            var enabled = new AuditSettings { EnabledRules = new[] { LambdaSecretsInCodeRule.Info.Id } };
            Assert.NotNull(LambdaSecretsInCodeRule.CollectionOptions(new AuditEngine(new AuditOptions { Settings = enabled })));
        }

        [Theory]
        [InlineData(1000)]
        [InlineData(300 * 1024 * 1024)]
        public void ValidateParameters_MaxCodeBytesOutOfRange_NamesTheParameter(int maxCodeBytes)
        {
            var ex = Assert.Throws<ArgumentException>(() => new AuditEngine(new AuditOptions
            {
                Rules = new[] { LambdaSecretsInCodeRule.Info.Id },
                Parameters = new System.Collections.Generic.Dictionary<string, object?> { ["MaxCodeBytes"] = maxCodeBytes },
            }));
            Assert.Contains("SEC3.Lambda.SecretsInCode.MaxCodeBytes", ex.Message);
        }

        [Fact]
        public void Download_BodyLargerThanTheCap_StopsWithPackageTooLarge()
        {
            using var server = new PackageServer(new byte[4096]);
            var ex = Assert.Throws<CodePackageDownloadException>(() => HttpCodePackageDownloader.Shared
                .DownloadAsync(new Uri(server.Url), 1000, TimeSpan.FromSeconds(10), CancellationToken.None).GetAwaiter().GetResult());
            Assert.Equal("PackageTooLarge", ex.Code);
        }

        [Fact]
        public void Download_SlowServer_TimesOut()
        {
            using var server = new PackageServer(LeakyPackage, delay: TimeSpan.FromSeconds(5));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var ex = Assert.Throws<CodePackageDownloadException>(() => HttpCodePackageDownloader.Shared
                .DownloadAsync(new Uri(server.Url), 1 << 20, TimeSpan.FromMilliseconds(300), CancellationToken.None).GetAwaiter().GetResult());
            Assert.Equal("DownloadTimedOut", ex.Code);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"took {watch.Elapsed}");
        }

        [Theory]
        [InlineData("http://awslambda-us-east-1-tasks.s3.us-east-1.amazonaws.com/snapshots/x?" + Signature)]
        [InlineData("file:///etc/passwd")]
        public void Download_NotHttpsOutsideLoopback_IsRefusedWithoutAConnection(string location)
        {
            var ex = Assert.Throws<CodePackageDownloadException>(() => HttpCodePackageDownloader.Shared
                .DownloadAsync(new Uri(location), 1 << 20, TimeSpan.FromSeconds(5), CancellationToken.None).GetAwaiter().GetResult());
            Assert.Equal("InsecureLocation", ex.Code);
            Assert.DoesNotContain("Signature", ex.Message);
        }
    }
}
