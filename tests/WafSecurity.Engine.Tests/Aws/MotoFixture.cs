using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;

namespace WafSecurity.Engine.Tests.Aws
{
    [CollectionDefinition("moto")]
    public sealed class MotoCollection : ICollectionFixture<MotoFixture> { }

    /// <summary>
    /// A moto_server for the integration tests: MOTO_ENDPOINT when set, otherwise one started here on a free port
    /// (and stopped at the end). Seeds the estate of moto/seed.py in two regions and runs AWS CLI commands through
    /// moto/cli_batch.py. When neither MOTO_ENDPOINT nor moto_server is available, <see cref="SkipReason"/> says why.
    /// </summary>
    public sealed class MotoFixture : IDisposable
    {
        public static readonly string[] Regions = { "us-east-1", "eu-west-1" };
        private Process? _server;

        public MotoFixture()
        {
            var configured = Environment.GetEnvironmentVariable("MOTO_ENDPOINT");
            if (!string.IsNullOrWhiteSpace(configured))
            {
                Endpoint = configured!.TrimEnd('/');
            }
            else
            {
                var exe = FindOnPath("moto_server");
                if (exe == null)
                {
                    SkipReason = "moto_server is not on PATH and MOTO_ENDPOINT is not set; install it with 'pip install \"moto[server]\"' to run the AWS integration tests.";
                    return;
                }
                var port = FreePort();
                _server = Process.Start(new ProcessStartInfo(exe, $"-H 127.0.0.1 -p {port}")
                {
                    UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, CreateNoWindow = true,
                })!;
                _server.OutputDataReceived += (_, __) => { };
                _server.ErrorDataReceived += (_, __) => { };
                _server.BeginOutputReadLine();
                _server.BeginErrorReadLine();
                Endpoint = $"http://127.0.0.1:{port}";
                WaitForPort(port, TimeSpan.FromSeconds(30));
            }
            var seed = RunPython(Path.Combine(ScriptDir, "seed.py"), new[] { Endpoint }.Concat(Regions).ToArray());
            Seed = JsonNode.Parse(seed.Trim().Split('\n').Last())!.AsObject();
        }

        public string? SkipReason { get; }
        public string Endpoint { get; } = "";
        public JsonObject Seed { get; } = new JsonObject();

        public static string ScriptDir => Path.Combine(TestPaths.RepoRoot, "tests", "WafSecurity.Engine.Tests", "Aws", "moto");

        public sealed class CliResult
        {
            public int ExitCode { get; set; }
            public string Stdout { get; set; } = "";
            public string Stderr { get; set; } = "";
        }

        /// <summary>Runs `aws --endpoint-url E --region R --output json &lt;args&gt;` for each command, in one Python process.</summary>
        public IReadOnlyList<CliResult> RunCli(IReadOnlyList<(string Region, string[] Args)> commands)
        {
            var dir = Path.Combine(Path.GetTempPath(), "waf-cli-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                var input = new JsonArray();
                for (var i = 0; i < commands.Count; i++)
                {
                    var args = new JsonArray { "--endpoint-url", Endpoint, "--region", commands[i].Region, "--output", "json" };
                    foreach (var a in commands[i].Args) args.Add(a);
                    input.Add(new JsonObject { ["id"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["args"] = args });
                }
                var inPath = Path.Combine(dir, "in.json");
                var outPath = Path.Combine(dir, "out.json");
                File.WriteAllText(inPath, input.ToJsonString());
                RunPython(Path.Combine(ScriptDir, "cli_batch.py"), new[] { inPath, outPath });
                using var doc = JsonDocument.Parse(File.ReadAllText(outPath));
                return doc.RootElement.EnumerateArray().Select(r => new CliResult
                {
                    ExitCode = r.GetProperty("rc").ValueKind == JsonValueKind.Number ? r.GetProperty("rc").GetInt32() : 1,
                    Stdout = r.GetProperty("stdout").GetString() ?? "",
                    Stderr = r.GetProperty("stderr").GetString() ?? "",
                }).ToList();
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        private static string RunPython(string script, string[] args)
        {
            var psi = new ProcessStartInfo(FindOnPath("python3") ?? "python3") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add(script);
            foreach (var a in args) psi.ArgumentList.Add(a);
            foreach (var name in new[] { "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION" }) psi.Environment.Remove(name);
            foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("AWS_ENDPOINT_URL", StringComparison.Ordinal)).ToList()) psi.Environment.Remove(name);
            psi.Environment["AWS_ACCESS_KEY_ID"] = "testing";
            psi.Environment["AWS_SECRET_ACCESS_KEY"] = "testing";
            psi.Environment["AWS_CONFIG_FILE"] = "/nonexistent/waf-config";
            psi.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/waf-credentials";
            psi.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
            psi.Environment["AWS_PAGER"] = "";
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"{Path.GetFileName(script)} failed ({p.ExitCode}): {stderr.Result}");
            return stdout;
        }

        internal static string? FindOnPath(string name)
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            {
                if (string.IsNullOrEmpty(dir)) continue;
                var full = Path.Combine(dir, name);
                if (File.Exists(full)) return full;
            }
            return null;
        }

        private static int FreePort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            var port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }

        private static void WaitForPort(int port, TimeSpan timeout)
        {
            var until = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < until)
            {
                try
                {
                    using var c = new TcpClient();
                    c.Connect(IPAddress.Loopback, port);
                    return;
                }
                catch (SocketException)
                {
                    Thread.Sleep(100); // waiting for an external process to listen, not for our own code
                }
            }
            throw new TimeoutException($"moto_server did not listen on port {port} within {timeout.TotalSeconds} s.");
        }

        public void Dispose()
        {
            if (_server == null) return;
            try
            {
                if (!_server.HasExited) _server.Kill(entireProcessTree: true);
                _server.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
            _server.Dispose();
        }
    }
}
