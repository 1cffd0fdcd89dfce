using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace WafSecurity.FakeAws;

/// <summary>A request as read off the socket: raw request-target and headers exactly as sent.</summary>
public sealed record IncomingRequest(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body);

/// <summary>What to do with a request: answer it, close the connection without answering, or answer with the headers
/// and only part of the body and then close.</summary>
public sealed record ProxyOutcome(FakeResponse? Response, bool DropBeforeResponse = false, bool TruncateBody = false)
{
    public static ProxyOutcome Reply(FakeResponse response) => new(response);
    public static readonly ProxyOutcome Drop = new(null, DropBeforeResponse: true);
    public static ProxyOutcome Truncate(FakeResponse response) => new(response, TruncateBody: true);
}

/// <summary>
/// Minimal HTTP/1.1 server on a TcpListener (keep-alive, Content-Length and chunked request bodies, Expect:
/// 100-continue). Written instead of using HttpListener because a dropped connection must really be a closed socket
/// (the managed HttpListener answers an aborted response with an empty 200) and because the signature check needs the
/// request-target and headers exactly as they were sent.
/// </summary>
public sealed class MiniHttpServer : IAsyncDisposable
{
    private const int MaxHeadBytes = 64 * 1024;
    private readonly TcpListener _listener;
    private readonly Func<IncomingRequest, Task<ProxyOutcome>> _handler;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public MiniHttpServer(int port, Func<IncomingRequest, Task<ProxyOutcome>> handler)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _handler = handler;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Start()
    {
        _listener.Start(512);
        _loop = Task.Run(AcceptLoop);
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            catch (SocketException) { continue; }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        client.NoDelay = true;
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var reader = new Reader(stream);
                while (!_stop.IsCancellationRequested)
                {
                    var head = await reader.ReadHeadAsync(MaxHeadBytes, _stop.Token).ConfigureAwait(false);
                    if (head is null) return;
                    var lines = head.Split("\r\n");
                    var requestLine = lines[0].Split(' ');
                    if (requestLine.Length < 3) { await WriteSimple(stream, 400, "bad request line").ConfigureAwait(false); return; }
                    string method = requestLine[0], target = string.Join(' ', requestLine[1..^1]), version = requestLine[^1];
                    var headers = new List<KeyValuePair<string, string>>();
                    for (int i = 1; i < lines.Length; i++)
                    {
                        if (lines[i].Length == 0) continue;
                        int colon = lines[i].IndexOf(':');
                        if (colon <= 0) continue;
                        headers.Add(new(lines[i][..colon], lines[i][(colon + 1)..].Trim()));
                    }
                    string? Header(string name) => headers.Find(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

                    if (string.Equals(Header("Expect"), "100-continue", StringComparison.OrdinalIgnoreCase))
                        await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), _stop.Token).ConfigureAwait(false);
                    byte[] body;
                    if (string.Equals(Header("Transfer-Encoding"), "chunked", StringComparison.OrdinalIgnoreCase))
                        body = await reader.ReadChunkedAsync(_stop.Token).ConfigureAwait(false);
                    else
                        body = await reader.ReadExactAsync(int.TryParse(Header("Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0, _stop.Token)
                            .ConfigureAwait(false);

                    var outcome = await _handler(new IncomingRequest(method, target, headers, body)).ConfigureAwait(false);
                    if (outcome.DropBeforeResponse || outcome.Response is null) { client.Client.Close(0); return; }
                    bool close = version == "HTTP/1.0" || string.Equals(Header("Connection"), "close", StringComparison.OrdinalIgnoreCase);
                    await WriteResponse(stream, outcome.Response, close, outcome.TruncateBody, method == "HEAD").ConfigureAwait(false);
                    if (outcome.TruncateBody) { client.Client.Close(0); return; }
                    if (close) return;
                }
            }
            catch (IOException) { }
            catch (SocketException) { }
            catch (OperationCanceledException) { }
            catch (ObjectDisposedException) { }
        }
    }

    private static async Task WriteResponse(NetworkStream stream, FakeResponse response, bool close, bool truncate, bool head)
    {
        var sb = new StringBuilder();
        sb.Append("HTTP/1.1 ").Append(response.Status.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Reason(response.Status)).Append("\r\n");
        foreach (var (name, value) in response.Headers) sb.Append(name).Append(": ").Append(value).Append("\r\n");
        sb.Append("Date: ").Append(DateTime.UtcNow.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n");
        sb.Append("Content-Length: ").Append(response.Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        if (close) sb.Append("Connection: close\r\n");
        sb.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(sb.ToString())).ConfigureAwait(false);
        if (head) return;
        // Truncated: the headers announce the whole body, half of it is sent, then the socket is closed.
        var body = truncate ? response.Body.AsMemory(0, response.Body.Length / 2) : response.Body;
        if (body.Length > 0) await stream.WriteAsync(body).ConfigureAwait(false);
        await stream.FlushAsync().ConfigureAwait(false);
    }

    private static Task WriteSimple(NetworkStream stream, int status, string text) =>
        WriteResponse(stream, new FakeResponse(status, [new("Content-Type", "text/plain")], Encoding.UTF8.GetBytes(text)), close: true, truncate: false, head: false);

    private static string Reason(int status) => status switch
    {
        200 => "OK", 201 => "Created", 202 => "Accepted", 204 => "No Content", 400 => "Bad Request", 403 => "Forbidden", 404 => "Not Found",
        409 => "Conflict", 429 => "Too Many Requests", 500 => "Internal Server Error", 502 => "Bad Gateway", 503 => "Service Unavailable",
        _ => "Status",
    };

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        if (_loop is not null) { try { await _loop.ConfigureAwait(false); } catch (Exception) { } }
        _stop.Dispose();
    }

    private sealed class Reader(Stream stream)
    {
        private byte[] _buffer = new byte[16 * 1024];
        private int _start, _end;

        private async Task<bool> Fill(CancellationToken ct)
        {
            if (_start > 0 && _start == _end) _start = _end = 0;
            if (_end == _buffer.Length)
            {
                if (_start > 0) { Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start); _end -= _start; _start = 0; }
                else Array.Resize(ref _buffer, _buffer.Length * 2);
            }
            int n = await stream.ReadAsync(_buffer.AsMemory(_end), ct).ConfigureAwait(false);
            _end += n;
            return n > 0;
        }

        /// <summary>The request line and headers (without the final blank line); null at a clean end of stream.</summary>
        public async Task<string?> ReadHeadAsync(int max, CancellationToken ct)
        {
            int scanned = 0; // bytes after _start already searched (relative: Fill may move the data)
            while (true)
            {
                for (int i = _start + Math.Max(0, scanned - 3); i + 3 < _end; i++)
                {
                    if (_buffer[i] == '\r' && _buffer[i + 1] == '\n' && _buffer[i + 2] == '\r' && _buffer[i + 3] == '\n')
                    {
                        var head = Encoding.UTF8.GetString(_buffer, _start, i - _start);
                        _start = i + 4;
                        return head.TrimStart('\r', '\n');
                    }
                }
                scanned = _end - _start;
                if (_end - _start > max) throw new IOException("request head too large");
                if (!await Fill(ct).ConfigureAwait(false))
                {
                    if (_end == _start) return null;
                    throw new IOException("connection closed inside the request head");
                }
            }
        }

        public async Task<byte[]> ReadExactAsync(int count, CancellationToken ct)
        {
            while (_end - _start < count)
                if (!await Fill(ct).ConfigureAwait(false)) throw new IOException("connection closed inside the request body");
            var result = _buffer.AsSpan(_start, count).ToArray();
            _start += count;
            return result;
        }

        private async Task<string> ReadLineAsync(CancellationToken ct)
        {
            while (true)
            {
                for (int i = _start; i + 1 < _end; i++)
                {
                    if (_buffer[i] == '\r' && _buffer[i + 1] == '\n')
                    {
                        var line = Encoding.ASCII.GetString(_buffer, _start, i - _start);
                        _start = i + 2;
                        return line;
                    }
                }
                if (!await Fill(ct).ConfigureAwait(false)) throw new IOException("connection closed inside a chunk header");
            }
        }

        public async Task<byte[]> ReadChunkedAsync(CancellationToken ct)
        {
            using var body = new MemoryStream();
            while (true)
            {
                var sizeLine = await ReadLineAsync(ct).ConfigureAwait(false);
                int size = int.Parse(sizeLine.Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    while ((await ReadLineAsync(ct).ConfigureAwait(false)).Length > 0) { } // trailers
                    return body.ToArray();
                }
                body.Write(await ReadExactAsync(size, ct).ConfigureAwait(false));
                await ReadLineAsync(ct).ConfigureAwait(false);
            }
        }
    }
}
