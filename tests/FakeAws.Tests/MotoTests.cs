using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using WafSecurity.FakeAws;
using static WafSecurity.FakeAws.Tests.Samples;

namespace WafSecurity.FakeAws.Tests;

/// <summary>The proxy in front of the real moto_server that .ci/run starts (MOTO_ENDPOINT).</summary>
public sealed class MotoTests
{
    private static Uri Moto => new(Tools.MotoEndpoint!);

    [MotoFact]
    public async Task SdkSignedRequest_PassesThroughToMoto_AlteredOneIsRejected()
    {
        await using var proxy = new FakeAwsProxy(Moto, new FaultPlan()).Start();
        using var ok = await Send(proxy.Endpoint, LambdaListFunctions);
        Assert.Equal(200, (int)ok.StatusCode);
        Assert.True(JsonDocument.Parse(await ok.Content.ReadAsStringAsync()).RootElement.TryGetProperty("Functions", out _));
        using var iam = await Send(proxy.Endpoint, IamListRoles);
        Assert.Equal(200, (int)iam.StatusCode);
        Assert.Contains("<ListRolesResponse", await iam.Content.ReadAsStringAsync());

        using var bad = await Send(proxy.Endpoint, LambdaListFunctions, secret: "wrong");
        Assert.Equal(403, (int)bad.StatusCode);
        Assert.Equal("InvalidSignatureException", await ErrorCode(bad));
        Assert.Equal(2, proxy.GetStats().Total.Forwarded);
    }

    [MotoFact]
    public async Task Cli_Through20PercentThrottling5PercentServerErrors1PercentDrops_GetsTheFaultFreeAnswers()
    {
        string prefix = "fakeaws-" + Guid.NewGuid().ToString("N")[..8];
        var direct = Moto;
        // Some state in moto, made directly.
        for (int i = 0; i < 3; i++)
            Assert.Equal(0, (await Tools.Aws(direct, null, "secretsmanager", "create-secret", "--name", $"{prefix}/s{i}", "--secret-string", "x")).ExitCode);
        Assert.Equal(0, (await Tools.Aws(direct, null, "logs", "create-log-group", "--log-group-name", $"/{prefix}/g")).ExitCode);
        Assert.Equal(0, (await Tools.Aws(direct, null, "iam", "create-role", "--role-name", $"{prefix}-role", "--assume-role-policy-document",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}")).ExitCode);

        var commands = new[]
        {
            new[] { "secretsmanager", "list-secrets", "--filters", $"Key=name,Values={prefix}", "--query", "sort_by(SecretList,&Name)[].[Name,ARN]" },
            ["logs", "describe-log-groups", "--log-group-name-prefix", $"/{prefix}", "--query", "logGroups[].[logGroupName,arn]"],
            ["iam", "get-role", "--role-name", $"{prefix}-role", "--query", "Role.[RoleName,Arn,AssumeRolePolicyDocument]"],
            ["lambda", "list-functions", "--query", "Functions[].FunctionName"],
            ["dynamodb", "list-tables"],
            ["apigateway", "get-rest-apis", "--query", "items[].id"],
            ["apigatewayv2", "get-apis", "--query", "Items[].ApiId"],
        };
        var expected = new List<string>();
        foreach (var c in commands)
        {
            var r = await Tools.Aws(direct, null, c);
            Assert.True(r.ExitCode == 0, r.StdErr);
            expected.Add(r.StdOut);
        }

        var plan = new FaultPlan
        {
            Seed = 20,
            Faults = [new FaultRule { ThrottlePercent = 20, ServerErrorPercent = 5, DropPercent = 1 }],
        };
        await using var proxy = new FakeAwsProxy(Moto, plan).Start();
        var retries = new Dictionary<string, string> { ["AWS_MAX_ATTEMPTS"] = "10", ["AWS_RETRY_MODE"] = "standard" };
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < commands.Length; i++)
            {
                var r = await Tools.Aws(proxy.Endpoint, retries, commands[i]);
                Assert.True(r.ExitCode == 0, string.Join(' ', commands[i]) + ": " + r.StdErr);
                Assert.Equal(expected[i], r.StdOut);
            }
        }
        var stats = proxy.GetStats().Total;
        Assert.True(stats.Throttled > 0, "no throttling was injected");
        Assert.Equal(0, stats.SignatureRejected);
        Assert.Equal(commands.Length * 2, stats.Forwarded);
    }
}
