using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace WafSecurity.FakeAws;

/// <summary>
/// HTTP reverse proxy on 127.0.0.1 in front of an AWS emulator (moto_server): verifies SigV4, enforces the API group
/// rates, injects the plan's faults, forwards the rest. Control endpoints (never faulted, never counted):
/// GET /__fakeaws/health, GET /__fakeaws/stats, POST /__fakeaws/stats/reset, GET /__fakeaws/plan, POST /__fakeaws/plan.
/// </summary>
public sealed class FakeAwsProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Host", "Expect", "Proxy-Connection", "TE", "Trailer", "Upgrade",
    };

    private readonly Uri _upstream;
    private readonly HttpClient _http;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly MotoGapEmulation _motoGaps = new();
    private readonly ConcurrentDictionary<string, OperationCounters> _operations = new(StringComparer.Ordinal);
    private MiniHttpServer? _server;
    private State _state;

    public FakeAwsProxy(Uri upstream, FaultPlan plan, int port = 0)
    {
        _upstream = upstream;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            MaxConnectionsPerServer = 256,
        }) { Timeout = TimeSpan.FromSeconds(100) };
        _state = new State(plan, Now);
        Port = port;
    }

    public int Port { get; private set; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    public FaultPlan Plan => _state.Plan;

    /// <summary>Replaces the plan: new generator from its seed, new buckets; counters are kept (reset them separately).</summary>
    public void SetPlan(FaultPlan plan) => Interlocked.Exchange(ref _state, new State(plan, Now));

    public void ResetStats()
    {
        _operations.Clear();
        SetPlan(_state.Plan);
    }

    public FakeAwsProxy Start()
    {
        _server = new MiniHttpServer(Port, Handle);
        _server.Start();
        Port = _server.Port;
        return this;
    }

    public StatsReport GetStats()
    {
        var ops = _operations.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value.Snapshot());
        var total = new OperationStats(ops.Values.Sum(o => o.Requests), ops.Values.Sum(o => o.Forwarded), ops.Values.Sum(o => o.Throttled),
            ops.Values.Sum(o => o.RateLimited), ops.Values.Sum(o => o.ServerErrors), ops.Values.Sum(o => o.Dropped),
            ops.Values.Sum(o => o.AccessDenied), ops.Values.Sum(o => o.SignatureRejected), ops.Values.Sum(o => o.UpstreamFailures),
            ops.Values.Sum(o => o.Emulated));
        return new StatsReport(Math.Round(Now(), 3), total, ops, _state.Limiter.Snapshot());
    }

    private double Now() => _clock.Elapsed.TotalSeconds;

    private async Task<ProxyOutcome> Handle(IncomingRequest incoming)
    {
        try { return await HandleUnsafe(incoming).ConfigureAwait(false); }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ProxyOutcome.Reply(new FakeResponse(502, [new("Content-Type", "text/plain")], Encoding.UTF8.GetBytes("FakeAws proxy failure: " + ex)));
        }
    }

    private async Task<ProxyOutcome> HandleUnsafe(IncomingRequest incoming)
    {
        string rawUrl = incoming.Target;
        if (rawUrl.StartsWith("/__fakeaws/", StringComparison.Ordinal)) return ProxyOutcome.Reply(Control(incoming.Method, rawUrl, incoming.Body));

        var headers = incoming.Headers.ToList();
        var body = incoming.Body;
        var signable = SignableRequest.FromRequestTarget(incoming.Method, rawUrl, headers, body);
        var op = OperationIdentifier.Identify(signable);
        var state = _state;
        var counters = _operations.GetOrAdd($"{op.Service}:{op.Operation}", _ => new OperationCounters());
        counters.Add(ref counters.Requests);

        if (state.Plan.VerifySignatures)
        {
            var result = state.Verifier.Verify(signable);
            if (!result.IsValid)
            {
                counters.Add(ref counters.SignatureRejected);
                var kind = result.Failure switch
                {
                    SigV4Failure.MissingAuthentication => FaultKind.MissingAuthentication,
                    SigV4Failure.IncompleteSignature => FaultKind.IncompleteSignature,
                    SigV4Failure.UnknownAccessKey => FaultKind.UnrecognizedClient,
                    _ => FaultKind.InvalidSignature,
                };
                return ProxyOutcome.Reply(ErrorShapes.Authentication(op, kind, result.Message));
            }
        }

        var rules = state.Plan.Faults.Where(r => r.Matches(op)).ToList();
        int latency = state.Plan.LatencyMs + rules.Sum(r => r.LatencyMs);
        if (latency > 0) await Task.Delay(latency).ConfigureAwait(false);

        string account = SigV4Authorization.Parse(signable.Header("Authorization"))?.AccessKeyId ?? "anonymous";
        if (!state.Limiter.Admit(op, account, out _))
        {
            counters.Add(ref counters.RateLimited);
            return ProxyOutcome.Reply(ErrorShapes.Throttling(op));
        }

        foreach (var rule in rules)
        {
            if (rule.AccessDenied)
            {
                counters.Add(ref counters.AccessDenied);
                return ProxyOutcome.Reply(ErrorShapes.AccessDenied(op, state.Plan.PrincipalArn));
            }
            double total = rule.ThrottlePercent + rule.ServerErrorPercent + rule.DropPercent;
            if (total <= 0) continue;
            var (draw, pick) = state.Draw();
            if (draw < rule.ThrottlePercent)
            {
                counters.Add(ref counters.Throttled);
                return ProxyOutcome.Reply(ErrorShapes.Throttling(op));
            }
            if (draw < rule.ThrottlePercent + rule.ServerErrorPercent)
            {
                counters.Add(ref counters.ServerErrors);
                var statuses = rule.ServerErrorStatuses.Count > 0 ? rule.ServerErrorStatuses : [500];
                return ProxyOutcome.Reply(ErrorShapes.ServerError(op, statuses[(int)(pick * statuses.Count) % statuses.Count]));
            }
            if (draw < total)
            {
                counters.Add(ref counters.Dropped);
                bool mid = rule.DropMode == DropMode.Mid || (rule.DropMode == DropMode.Random && pick >= 0.5);
                if (!mid) return ProxyOutcome.Drop;
                return ProxyOutcome.Truncate(await Forward(incoming.Method, rawUrl, headers, body).ConfigureAwait(false));
            }
        }

        if (state.Plan.EmulateMotoGaps && _motoGaps.TryAnswer(op, signable.RawQuery, body) is { } emulated)
        {
            counters.Add(ref counters.Emulated);
            return ProxyOutcome.Reply(emulated);
        }

        try
        {
            var response = await Forward(incoming.Method, rawUrl, headers, body).ConfigureAwait(false);
            counters.Add(ref counters.Forwarded);
            return ProxyOutcome.Reply(response);
        }
        catch (HttpRequestException ex)
        {
            counters.Add(ref counters.UpstreamFailures);
            return ProxyOutcome.Reply(new FakeResponse(502, [], Encoding.UTF8.GetBytes("FakeAws: upstream " + _upstream + " failed: " + ex.Message)));
        }
    }

    private FakeResponse Control(string method, string rawUrl, byte[] body)
    {
        string path = rawUrl.Split('?')[0].TrimEnd('/');
        object? result;
        int status = 200;
        switch (method, path)
        {
            case ("GET", "/__fakeaws/health"): result = new { status = "ok", upstream = _upstream.ToString() }; break;
            case ("GET", "/__fakeaws/stats"): result = GetStats(); break;
            case ("POST", "/__fakeaws/stats/reset"): ResetStats(); result = new { status = "reset" }; break;
            case ("GET", "/__fakeaws/plan"): result = _state.Plan; break;
            case ("POST", "/__fakeaws/plan"):
                try { SetPlan(FaultPlan.Parse(Encoding.UTF8.GetString(body))); result = _state.Plan; }
                catch (JsonException ex) { status = 400; result = new { error = ex.Message }; }
                break;
            default: status = 404; result = new { error = $"unknown control endpoint {method} {path}" }; break;
        }
        return new FakeResponse(status, [new("Content-Type", "application/json")], JsonSerializer.SerializeToUtf8Bytes(result, FaultPlan.JsonOptions));
    }

    private async Task<FakeResponse> Forward(string method, string rawUrl, List<KeyValuePair<string, string>> headers, byte[] body)
    {
        using var message = new HttpRequestMessage(new HttpMethod(method), new Uri(_upstream, rawUrl));
        if (body.Length > 0 || method is "POST" or "PUT" or "PATCH") message.Content = new ByteArrayContent(body);
        foreach (var (name, value) in headers)
        {
            if (HopByHop.Contains(name)) continue;
            if (!message.Headers.TryAddWithoutValidation(name, value)) message.Content?.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
        var outHeaders = new List<KeyValuePair<string, string>>();
        foreach (var h in response.Headers.Concat(response.Content.Headers))
        {
            if (HopByHop.Contains(h.Key) || h.Key.Equals("Server", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("Date", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var v in h.Value) outHeaders.Add(new(h.Key, v));
        }
        return new FakeResponse((int)response.StatusCode, outHeaders, await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false));
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
    }

    private sealed class State
    {
        private readonly Random _random;
        private readonly object _gate = new();

        public State(FaultPlan plan, Func<double> clock)
        {
            Plan = plan;
            _random = new Random(plan.Seed);
            Verifier = new SigV4Verifier(plan.Credentials.Select(c => new SigV4Credentials(c.AccessKeyId, c.SecretAccessKey)),
                TimeSpan.FromSeconds(plan.MaxClockSkewSeconds));
            Limiter = new RateLimiter(plan.RateLimits, clock);
        }

        public FaultPlan Plan { get; }
        public SigV4Verifier Verifier { get; }
        public RateLimiter Limiter { get; }

        /// <summary>A draw in [0,100) that picks the fault, and a second in [0,1) that picks its variant.</summary>
        public (double Draw, double Pick) Draw()
        {
            lock (_gate) return (_random.NextDouble() * 100, _random.NextDouble());
        }
    }

    private sealed class OperationCounters
    {
        public long Requests, Forwarded, Throttled, RateLimited, ServerErrors, Dropped, AccessDenied, SignatureRejected, UpstreamFailures, Emulated;

        public void Add(ref long field) => Interlocked.Increment(ref field);

        public OperationStats Snapshot() => new(Interlocked.Read(ref Requests), Interlocked.Read(ref Forwarded), Interlocked.Read(ref Throttled),
            Interlocked.Read(ref RateLimited), Interlocked.Read(ref ServerErrors), Interlocked.Read(ref Dropped), Interlocked.Read(ref AccessDenied),
            Interlocked.Read(ref SignatureRejected), Interlocked.Read(ref UpstreamFailures), Interlocked.Read(ref Emulated));
    }
}

/// <summary>Counters of one operation (or all): Throttled = injected throttling, RateLimited = throttled by the group's bucket,
/// Emulated = answered by <see cref="MotoGapEmulation"/> instead of moto.</summary>
public sealed record OperationStats(long Requests, long Forwarded, long Throttled, long RateLimited, long ServerErrors, long Dropped, long AccessDenied,
    long SignatureRejected, long UpstreamFailures, long Emulated = 0);

public sealed record StatsReport(double UptimeSeconds, OperationStats Total, IReadOnlyDictionary<string, OperationStats> Operations, IReadOnlyList<GroupStats> Groups);
