using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace WafSecurity.Engine.Tests.Aws
{
    /// <summary>An HTTP listener on 127.0.0.1 that records requests and answers from a script (status, headers, body).</summary>
    internal sealed class FakeAwsListener : IDisposable
    {
        private readonly HttpListener _listener = new HttpListener();
        private readonly Func<Recorded, (int Status, string Body, Dictionary<string, string>? Headers)> _answer;

        public sealed class Recorded
        {
            public string Method { get; set; } = "";
            public string PathAndQuery { get; set; } = "";
            public string Authorization { get; set; } = "";
            public string Target { get; set; } = "";
            public string Body { get; set; } = "";
            /// <summary>The SigV4 credential scope: date/region/service/aws4_request.</summary>
            public string Region => Scope(1);
            public string Service => Scope(2);
            private string Scope(int i)
            {
                var start = Authorization.IndexOf("Credential=", StringComparison.Ordinal);
                if (start < 0) return "";
                var cred = Authorization.Substring(start + 11).Split(',')[0].Split('/');
                return cred.Length > i + 1 ? cred[i + 1] : "";
            }
        }

        public ConcurrentQueue<Recorded> Requests { get; } = new ConcurrentQueue<Recorded>();
        public string Url { get; }

        public FakeAwsListener(Func<Recorded, (int, string, Dictionary<string, string>?)> answer)
        {
            _answer = answer;
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            var port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            Url = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            _ = Task.Run(LoopAsync);
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext ctx;
                try { ctx = await _listener.GetContextAsync(); }
                catch (Exception) { return; }
                var rec = new Recorded
                {
                    Method = ctx.Request.HttpMethod, PathAndQuery = ctx.Request.RawUrl ?? "",
                    Authorization = ctx.Request.Headers["Authorization"] ?? "", Target = ctx.Request.Headers["X-Amz-Target"] ?? "",
                    Body = new StreamReader(ctx.Request.InputStream).ReadToEnd(),
                };
                Requests.Enqueue(rec);
                var (status, body, headers) = _answer(rec);
                ctx.Response.StatusCode = status;
                if (headers != null) foreach (var h in headers) ctx.Response.Headers[h.Key] = h.Value;
                if (ctx.Response.Headers["Content-Type"] == null) ctx.Response.ContentType = body.StartsWith("<", StringComparison.Ordinal) ? "text/xml" : "application/json";
                var bytes = Encoding.UTF8.GetBytes(body);
                ctx.Response.ContentLength64 = bytes.Length;
                await ctx.Response.OutputStream.WriteAsync(bytes, 0, bytes.Length);
                ctx.Response.Close();
            }
        }

        public void Dispose()
        {
            try { _listener.Stop(); _listener.Close(); } catch (ObjectDisposedException) { }
        }
    }
}
