using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using WafSecurity.FakeAws;

namespace WafSecurity.FakeAws.Tests;

/// <summary>The instrument judged by botocore (the aws CLI): its signatures pass, it parses each injected fault into
/// the expected error code, it retries what is retryable, and it still gets the right answers through the faults.</summary>
public sealed class BotocoreTests
{
    private static readonly Dictionary<string, string> OneAttempt = new() { ["AWS_MAX_ATTEMPTS"] = "1", ["AWS_RETRY_MODE"] = "standard" };

    [AwsCliFact]
    public async Task Cli_ParsesEachInjectedFault_IntoTheProtocolsErrorCode()
    {
        await using var upstream = new StubUpstream();
        var cases = new (string Service, string Operation, string[] Args, FaultRule Rule, string Code)[]
        {
            ("lambda", "ListFunctions", ["lambda", "list-functions"], new() { ThrottlePercent = 100 }, "TooManyRequestsException"),
            ("apigateway", "GetRestApis", ["apigateway", "get-rest-apis"], new() { ThrottlePercent = 100 }, "TooManyRequestsException"),
            ("apigatewayv2", "GetApis", ["apigatewayv2", "get-apis"], new() { ThrottlePercent = 100 }, "TooManyRequestsException"),
            ("secretsmanager", "ListSecrets", ["secretsmanager", "list-secrets"], new() { ThrottlePercent = 100 }, "ThrottlingException"),
            ("logs", "DescribeLogGroups", ["logs", "describe-log-groups"], new() { ThrottlePercent = 100 }, "ThrottlingException"),
            ("appsync", "ListGraphqlApis", ["appsync", "list-graphql-apis"], new() { ThrottlePercent = 100 }, "TooManyRequestsException"),
            ("cognito-identity", "ListIdentityPools", ["cognito-identity", "list-identity-pools", "--max-results", "60"], new() { ThrottlePercent = 100 }, "TooManyRequestsException"),
            ("appsync", "GetApiCache", ["appsync", "get-api-cache", "--api-id", "a1"], new() { ServerErrorPercent = 100, ServerErrorStatuses = [500] }, "InternalFailureException"),
            ("sqs", "ListQueues", ["sqs", "list-queues"], new() { ThrottlePercent = 100 }, "RequestThrottled"),
            ("cloudwatch", "GetMetricData", ["cloudwatch", "get-metric-data", "--metric-data-queries", "[]", "--start-time", "2026-11-01T00:00:00Z",
                "--end-time", "2026-11-02T00:00:00Z"], new() { AccessDenied = true }, "AccessDenied"),
            ("dynamodb", "ListTables", ["dynamodb", "list-tables"], new() { ThrottlePercent = 100 }, "ThrottlingException"),
            ("iam", "ListRoles", ["iam", "list-roles"], new() { ThrottlePercent = 100 }, "Throttling"),
            ("lambda", "GetPolicy", ["lambda", "get-policy", "--function-name", "fn"], new() { AccessDenied = true }, "AccessDeniedException"),
            ("secretsmanager", "ListSecrets", ["secretsmanager", "list-secrets"], new() { AccessDenied = true }, "AccessDeniedException"),
            ("iam", "ListRoles", ["iam", "list-roles"], new() { AccessDenied = true }, "AccessDenied"),
            ("lambda", "ListFunctions", ["lambda", "list-functions"], new() { ServerErrorPercent = 100, ServerErrorStatuses = [500] }, "ServiceException"),
            ("secretsmanager", "ListSecrets", ["secretsmanager", "list-secrets"], new() { ServerErrorPercent = 100, ServerErrorStatuses = [500] }, "InternalServiceError"),
            ("dynamodb", "ListTables", ["dynamodb", "list-tables"], new() { ServerErrorPercent = 100, ServerErrorStatuses = [500] }, "InternalServerError"),
            ("iam", "ListRoles", ["iam", "list-roles"], new() { ServerErrorPercent = 100, ServerErrorStatuses = [503] }, "ServiceUnavailable"),
        };
        var failures = new List<string>();
        foreach (var c in cases)
        {
            c.Rule.Services = [c.Service];
            c.Rule.Operations = [c.Operation];
            await using var proxy = new FakeAwsProxy(upstream.Endpoint, new FaultPlan { Faults = [c.Rule] }).Start();
            var r = await Tools.Aws(proxy.Endpoint, OneAttempt, c.Args);
            if (r.ExitCode == 0 || !r.StdErr.Contains($"An error occurred ({c.Code}) when calling the {c.Operation} operation", StringComparison.Ordinal))
                failures.Add($"{c.Service} {c.Operation} -> expected ({c.Code}), got exit {r.ExitCode}: {r.StdErr.Trim()}");
        }
        Assert.Empty(failures);
    }

    [AwsCliFact]
    public async Task Cli_RetriesInjectedThrottling_AsThrottling()
    {
        await using var upstream = new StubUpstream();
        await using var proxy = new FakeAwsProxy(upstream.Endpoint, new FaultPlan { Faults = [new FaultRule { ThrottlePercent = 100 }] }).Start();
        var r = await Tools.Aws(proxy.Endpoint, new Dictionary<string, string> { ["AWS_MAX_ATTEMPTS"] = "3", ["AWS_RETRY_MODE"] = "standard" },
            "secretsmanager", "list-secrets");
        Assert.Contains("(ThrottlingException)", r.StdErr);
        Assert.Contains("reached max retries: 2", r.StdErr);
        Assert.Equal(3, proxy.GetStats().Total.Throttled);
    }

    [AwsCliFact]
    public async Task Cli_SignaturesOfEveryProtocol_PassTheVerifier()
    {
        await using var upstream = new StubUpstream();
        await using var proxy = new FakeAwsProxy(upstream.Endpoint, new FaultPlan()).Start();
        foreach (var args in new[]
        {
            new[] { "lambda", "get-policy", "--function-name", "arn:aws:lambda:us-east-1:123456789012:function:my-fn", "--qualifier", "$LATEST" },
            ["apigateway", "get-stages", "--rest-api-id", "a1b2c3"], ["apigatewayv2", "get-apis"], ["secretsmanager", "describe-secret", "--secret-id", "a/b c"],
            ["logs", "describe-log-groups", "--log-group-name-prefix", "/aws/lambda/x y"], ["dynamodb", "describe-table", "--table-name", "t"],
            ["iam", "get-role", "--role-name", "r+=,.@-_"],
        })
        {
            // The stub answers JSON, which the IAM (XML) parser refuses: only the signature verdict matters here.
            var r = await Tools.Aws(proxy.Endpoint, OneAttempt, args);
            Assert.True(r.ExitCode == 0 || args[0] == "iam", string.Join(' ', args) + ": " + r.StdErr);
            Assert.DoesNotContain("Signature", r.StdErr, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(0, proxy.GetStats().Total.SignatureRejected);
        Assert.Equal(7, upstream.Requests);
    }

    /// <summary>botocore's own service models (the data the CLI parses errors with): every code the proxy sends that
    /// the service models must carry the modeled HTTP status.</summary>
    [AwsCliFact]
    public void ErrorShapes_AgreeWithBotocoreServiceModels()
    {
        const string Script = """
            import botocore, gzip, json, os, sys
            d = os.path.join(os.path.dirname(botocore.__file__), "data")
            out = {}
            for svc in sys.argv[1:]:
                v = sorted(os.listdir(os.path.join(d, svc)))[-1]
                p = os.path.join(d, svc, v, "service-2.json")
                m = json.load(gzip.open(p + ".gz") if os.path.exists(p + ".gz") else open(p))
                out[svc] = {s.get("error", {}).get("code", n): s.get("error", {}).get("httpStatusCode") for n, s in m["shapes"].items() if s.get("exception")}
            print(json.dumps(out))
            """;
        string? python = Tools.FindOnPath("python3");
        Assert.NotNull(python);
        var psi = new ProcessStartInfo(python!) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Script);
        foreach (var s in new[] { "lambda", "apigateway", "apigatewayv2", "secretsmanager", "logs", "cloudtrail", "appsync", "cognito-identity", "stepfunctions", "dynamodb", "kms", "iam", "backup", "dax", "s3", "s3control", "sqs", "cloudwatch" }) psi.ArgumentList.Add(s);
        using var p = Process.Start(psi)!;
        var json = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) return; // the aws CLI's python is not the python3 on PATH: nothing to compare against
        var models = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, int?>>>(json)!;

        var modeled = new List<string>();
        foreach (var sample in Samples.All)
        {
            var op = new AwsOperation(sample.Service, sample.Operation, sample.Target is null
                    ? (sample.Service == "iam" ? AwsProtocol.AwsQuery : sample.Service is "s3" or "s3control" ? AwsProtocol.RestXml : AwsProtocol.RestJson)
                : sample.ContentType!.EndsWith("1.0", StringComparison.Ordinal) ? AwsProtocol.AwsJson10 : AwsProtocol.AwsJson11, "us-east-1");
            foreach (var response in new[] { ErrorShapes.Throttling(op), ErrorShapes.ServerError(op, 500), ErrorShapes.ServerError(op, 503),
                         ErrorShapes.AccessDenied(op, "arn:aws:iam::1:user/u") })
            {
                string code = CodeOf(response);
                if (!models[op.Service].TryGetValue(code, out var status)) continue; // a common error, not in the model
                modeled.Add($"{op.Service}:{code}");
                if (status is not null) Assert.True(status == response.Status, $"{op.Service} {code}: model says {status}, proxy sends {response.Status}");
            }
        }
        foreach (var expected in new[] { "lambda:TooManyRequestsException", "lambda:ServiceException", "apigateway:TooManyRequestsException",
                     "apigateway:ServiceUnavailableException", "apigatewayv2:TooManyRequestsException", "apigatewayv2:AccessDeniedException",
                     "secretsmanager:InternalServiceError", "logs:ThrottlingException", "logs:ServiceUnavailableException", "logs:AccessDeniedException",
                     "appsync:InternalFailureException", "appsync:AccessDeniedException",
                     "dynamodb:ThrottlingException", "dynamodb:ProvisionedThroughputExceededException", "dynamodb:InternalServerError",
                     "kms:KMSInternalException", "iam:ServiceFailure", "backup:ServiceUnavailableException" })
            Assert.Contains(expected, modeled);
    }

    private static string CodeOf(FakeResponse r)
    {
        var header = r.Headers.FirstOrDefault(h => h.Key == "x-amzn-ErrorType").Value;
        if (header is not null) return header;
        var text = r.BodyText;
        if (text.StartsWith('<')) return System.Text.RegularExpressions.Regex.Match(text, "<Code>([^<]*)</Code>").Groups[1].Value;
        var type = JsonDocument.Parse(text).RootElement.GetProperty("__type").GetString()!;
        return type[(type.IndexOf('#') + 1)..];
    }
}
