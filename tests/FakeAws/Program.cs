using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace WafSecurity.FakeAws;

public static class Program
{
    private const string Usage = """
        WafSecurity.FakeAws: SigV4-verifying, rate-limiting, fault-injecting proxy in front of moto_server.

        dotnet WafSecurity.FakeAws.dll --upstream <url> [--port <n>] [--plan <file.json>]
               [--seed <n>] [--throttle <pct>] [--server-errors <pct>] [--drops <pct>] [--latency <ms>]
               [--deny <service:Operation>]... [--rate-limits] [--rate-scale <x>] [--no-verify]
               [--emulate-moto-gaps]

          --upstream       moto_server URL (default: $MOTO_ENDPOINT)
          --port           listen port on 127.0.0.1 (default: a free one)
          --plan           fault plan JSON (see README.md); the flags below are added to it
          --throttle/--server-errors/--drops   percentages for every operation
          --deny           AccessDenied for an operation, e.g. lambda:GetPolicy (repeatable)
          --rate-limits    enforce the documented API-group rates; --rate-scale multiplies them
          --no-verify      do not check signatures
          --emulate-moto-gaps  answer the operations moto 5.2.1 lacks here (iam Generate/GetServiceLastAccessedDetails,
                           backup ListProtectedResources): an emulation for the benchmark, see README.md

        Prints FAKEAWS_ENDPOINT=http://127.0.0.1:<port> once listening; stops on Ctrl+C, SIGTERM or end of stdin
        when stdin is redirected. Control: GET /__fakeaws/stats, POST /__fakeaws/plan, POST /__fakeaws/stats/reset.
        """;

    public static async Task<int> Main(string[] args)
    {
        try
        {
            var (upstream, port, plan, watchStdin) = ParseArguments(args);
            await using var proxy = new FakeAwsProxy(upstream, plan, port).Start();
            Console.WriteLine($"FAKEAWS_ENDPOINT={proxy.Endpoint.ToString().TrimEnd('/')}");
            Console.WriteLine($"FakeAws: 127.0.0.1:{proxy.Port} -> {upstream} (signatures {(plan.VerifySignatures ? "verified" : "not checked")}, " +
                $"rate limits {(plan.RateLimits.Enabled ? $"x{plan.RateLimits.Scale}" : "counted only")}, {plan.Faults.Count} fault rule(s){(plan.EmulateMotoGaps ? ", moto gaps emulated" : "")})");
            Console.Out.Flush();

            using var done = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; done.Cancel(); };
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; done.Cancel(); });
            if (watchStdin)
                _ = Task.Run(() => { while (Console.In.ReadLine() is not null) { } done.Cancel(); });
            try { await Task.Delay(Timeout.Infinite, done.Token); } catch (OperationCanceledException) { }
            return 0;
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }
    }

    public static (Uri Upstream, int Port, FaultPlan Plan, bool WatchStdin) ParseArguments(string[] args)
    {
        string? upstream = Environment.GetEnvironmentVariable("MOTO_ENDPOINT");
        int port = 0;
        FaultPlan plan = new();
        var global = new FaultRule();
        bool watchStdin = false;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            double Pct() => double.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--upstream": upstream = Next(); break;
                case "--port": port = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--plan":
                    var file = Next();
                    var keep = plan.Faults;
                    plan = FaultPlan.Parse(File.ReadAllText(file));
                    plan.Faults.AddRange(keep);
                    break;
                case "--seed": plan.Seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--throttle": global.ThrottlePercent = Pct(); break;
                case "--server-errors": global.ServerErrorPercent = Pct(); break;
                case "--drops": global.DropPercent = Pct(); break;
                case "--latency": plan.LatencyMs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--deny":
                    var parts = Next().Split(':', 2);
                    if (parts.Length != 2) throw new ArgumentException("--deny takes service:Operation, e.g. lambda:GetPolicy");
                    plan.Faults.Insert(0, new FaultRule { Services = [parts[0]], Operations = [parts[1]], AccessDenied = true });
                    break;
                case "--rate-limits": plan.RateLimits.Enabled = true; break;
                case "--rate-scale": plan.RateLimits.Enabled = true; plan.RateLimits.Scale = Pct(); break;
                case "--no-verify": plan.VerifySignatures = false; break;
                case "--emulate-moto-gaps": plan.EmulateMotoGaps = true; break;
                case "--watch-stdin": watchStdin = true; break;
                case "-h" or "--help": throw new ArgumentException("");
                default: throw new ArgumentException($"Unknown argument {args[i]}.");
            }
        }
        if (global.ThrottlePercent + global.ServerErrorPercent + global.DropPercent > 0) plan.Faults.Add(global);
        if (string.IsNullOrEmpty(upstream)) throw new ArgumentException("No upstream: pass --upstream http://127.0.0.1:<moto port> or set MOTO_ENDPOINT.");
        return (new Uri(upstream), port, plan, watchStdin);
    }
}
