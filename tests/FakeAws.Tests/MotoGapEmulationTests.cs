using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using WafSecurity.FakeAws;

namespace WafSecurity.FakeAws.Tests;

/// <summary>--emulate-moto-gaps: the operations moto 5.2.1 lacks are answered by the proxy (and parse with botocore);
/// without the option they reach the upstream like any other request.</summary>
public sealed class MotoGapEmulationTests
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/fn-role";

    [AwsCliFact]
    public async Task Cli_WithEmulation_LastAccessedJobCompletesAndParses()
    {
        await using var upstream = new StubUpstream();
        await using var proxy = new FakeAwsProxy(upstream.Endpoint, new FaultPlan { EmulateMotoGaps = true }).Start();

        var generate = await Tools.Aws(proxy.Endpoint, null, "iam", "generate-service-last-accessed-details", "--arn", RoleArn, "--granularity", "ACTION_LEVEL");
        Assert.True(generate.ExitCode == 0, generate.StdErr);
        var jobId = JsonDocument.Parse(generate.StdOut).RootElement.GetProperty("JobId").GetString();
        Assert.False(string.IsNullOrEmpty(jobId));

        var get = await Tools.Aws(proxy.Endpoint, null, "iam", "get-service-last-accessed-details", "--job-id", jobId!);
        Assert.True(get.ExitCode == 0, get.StdErr);
        var root = JsonDocument.Parse(get.StdOut).RootElement;
        Assert.Equal("COMPLETED", root.GetProperty("JobStatus").GetString());
        Assert.Equal("ACTION_LEVEL", root.GetProperty("JobType").GetString());
        Assert.False(root.GetProperty("IsTruncated").GetBoolean());
        Assert.True(root.TryGetProperty("JobCompletionDate", out _));
        var services = root.GetProperty("ServicesLastAccessed").EnumerateArray().ToList();
        Assert.Equal(["logs", "dynamodb", "s3"], services.Select(s => s.GetProperty("ServiceNamespace").GetString()));
        Assert.Equal(RoleArn, services[1].GetProperty("LastAuthenticatedEntity").GetString());
        Assert.Equal(1, services[1].GetProperty("TotalAuthenticatedEntities").GetInt32());
        Assert.Equal("GetItem", services[1].GetProperty("TrackedActionsLastAccessed")[0].GetProperty("ActionName").GetString());
        Assert.False(services[2].TryGetProperty("LastAuthenticated", out _));
        Assert.Equal(0, services[2].GetProperty("TotalAuthenticatedEntities").GetInt32());

        var unknown = await Tools.Aws(proxy.Endpoint, new Dictionary<string, string> { ["AWS_MAX_ATTEMPTS"] = "1" },
            "iam", "get-service-last-accessed-details", "--job-id", "00000000-0000-0000-0000-000000000000");
        Assert.Contains("(NoSuchEntity)", unknown.StdErr);

        Assert.Equal(0, upstream.Requests);
        Assert.Equal(3, proxy.GetStats().Total.Emulated);
    }

    [AwsCliFact]
    public async Task Cli_WithEmulation_BackupListProtectedResourcesIsEmpty()
    {
        await using var upstream = new StubUpstream();
        await using var proxy = new FakeAwsProxy(upstream.Endpoint, new FaultPlan { EmulateMotoGaps = true }).Start();

        var r = await Tools.Aws(proxy.Endpoint, null, "backup", "list-protected-resources");

        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Equal(0, JsonDocument.Parse(r.StdOut).RootElement.GetProperty("Results").GetArrayLength());
        Assert.Equal(0, upstream.Requests);
        Assert.Equal(1, proxy.GetStats().Operations["backup:ListProtectedResources"].Emulated);
    }

    [AwsCliFact]
    public async Task Cli_WithoutEmulation_GapsReachTheUpstream()
    {
        await using var upstream = new StubUpstream();
        await using var proxy = new FakeAwsProxy(upstream.Endpoint, new FaultPlan()).Start();

        await Tools.Aws(proxy.Endpoint, new Dictionary<string, string> { ["AWS_MAX_ATTEMPTS"] = "1" }, "backup", "list-protected-resources");
        await Tools.Aws(proxy.Endpoint, new Dictionary<string, string> { ["AWS_MAX_ATTEMPTS"] = "1" },
            "iam", "generate-service-last-accessed-details", "--arn", RoleArn);

        Assert.Equal(2, upstream.Requests);
        Assert.Equal(0, proxy.GetStats().Total.Emulated);
        Assert.Contains(upstream.Targets, t => t.StartsWith("GET /resources", StringComparison.Ordinal));
    }

    [Fact]
    public void Arguments_EmulateMotoGaps_OffUnlessAsked()
    {
        Assert.False(Program.ParseArguments(["--upstream", "http://127.0.0.1:5000"]).Plan.EmulateMotoGaps);
        Assert.True(Program.ParseArguments(["--upstream", "http://127.0.0.1:5000", "--emulate-moto-gaps"]).Plan.EmulateMotoGaps);
        Assert.True(FaultPlan.Parse("{\"emulateMotoGaps\": true}").EmulateMotoGaps);
    }
}
