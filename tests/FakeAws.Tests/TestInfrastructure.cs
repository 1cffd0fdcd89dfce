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
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace WafSecurity.FakeAws.Tests;

/// <summary>Runs only when moto_server is running (.ci/run starts it and exports MOTO_ENDPOINT).</summary>
public sealed class MotoFactAttribute : FactAttribute
{
    public MotoFactAttribute()
    {
        if (string.IsNullOrEmpty(Tools.MotoEndpoint))
            Skip = "MOTO_ENDPOINT is not set: moto_server is not running (install it with: pip install \"moto[server]==5.2.1\"; .ci/run then starts it)";
        else if (Tools.AwsCli is null)
            Skip = "the aws CLI is not on PATH (pip install awscli)";
    }
}

/// <summary>Runs only when the aws CLI (botocore) is on PATH.</summary>
public sealed class AwsCliFactAttribute : FactAttribute
{
    public AwsCliFactAttribute()
    {
        if (Tools.AwsCli is null) Skip = "the aws CLI is not on PATH (pip install awscli)";
    }
}

public static class Tools
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    public static string? MotoEndpoint => Environment.GetEnvironmentVariable("MOTO_ENDPOINT");

    public static readonly string? AwsCli = FindOnPath("aws");

    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    public sealed record CliResult(int ExitCode, string StdOut, string StdErr);

    /// <summary>Runs the aws CLI against an endpoint with the test credentials (and any extra environment).</summary>
    public static async Task<CliResult> Aws(Uri endpoint, IDictionary<string, string>? env, params string[] args)
    {
        var psi = new ProcessStartInfo(AwsCli!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("--endpoint-url");
        psi.ArgumentList.Add(endpoint.ToString().TrimEnd('/'));
        psi.ArgumentList.Add("--output");
        psi.ArgumentList.Add("json");
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["AWS_ACCESS_KEY_ID"] = AccessKey;
        psi.Environment["AWS_SECRET_ACCESS_KEY"] = SecretKey;
        psi.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        psi.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        psi.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        psi.Environment["AWS_PAGER"] = "";
        psi.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        psi.Environment.Remove("AWS_SESSION_TOKEN");
        psi.Environment.Remove("AWS_PROFILE");
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await p.WaitForExitAsync(timeout.Token);
        return new CliResult(p.ExitCode, await stdout, await stderr);
    }

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}

/// <summary>A stand-in for moto in tests that only look at what the proxy does: answers every request 200 with a
/// small JSON body and counts what reached it.</summary>
public sealed class StubUpstream : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _requests;

    public StubUpstream()
    {
        int port = Tools.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _loop = Task.Run(Loop);
    }

    public Uri Endpoint { get; }
    public int Requests => Volatile.Read(ref _requests);
    public ConcurrentQueue<string> Targets { get; } = new();

    /// <summary>Body the stub answers with (the same for every request).</summary>
    public static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"stub\":true,\"padding\":\"0123456789012345678901234567890123456789\"}");

    private async Task Loop()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); } catch (Exception) { return; }
            Interlocked.Increment(ref _requests);
            Targets.Enqueue(ctx.Request.HttpMethod + " " + ctx.Request.RawUrl);
            await ctx.Request.InputStream.CopyToAsync(Stream.Null);
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/json";
            ctx.Response.ContentLength64 = Body.Length;
            await ctx.Response.OutputStream.WriteAsync(Body);
            ctx.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try { await _loop; } catch (Exception) { }
    }
}

/// <summary>Sample requests of each protocol, signed by AWSSDK.Core's SigV4SigningHandler as the module's clients sign them.</summary>
public static class Samples
{
    public sealed record Sample(string Service, string Operation, string SigningName, HttpMethod Method, string PathAndQuery,
        string? Target = null, string? ContentType = null, string? Body = null);

    public static readonly Sample LambdaListFunctions = new("lambda", "ListFunctions", "lambda", HttpMethod.Get, "/2015-03-31/functions/?MaxItems=50");
    public static readonly Sample LambdaGetPolicy = new("lambda", "GetPolicy", "lambda", HttpMethod.Get,
        "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-fn/policy?Qualifier=%24LATEST");
    public static readonly Sample LambdaGetFunction = new("lambda", "GetFunction", "lambda", HttpMethod.Get, "/2015-03-31/functions/my-fn");
    public static readonly Sample ApiGatewayGetRestApis = new("apigateway", "GetRestApis", "apigateway", HttpMethod.Get, "/restapis?limit=500");
    public static readonly Sample ApiGatewayV2GetApis = new("apigatewayv2", "GetApis", "apigateway", HttpMethod.Get, "/v2/apis?maxResults=25");
    public static readonly Sample SecretsListSecrets = new("secretsmanager", "ListSecrets", "secretsmanager", HttpMethod.Post, "/",
        "secretsmanager.ListSecrets", "application/x-amz-json-1.1", "{\"MaxResults\":20}");
    public static readonly Sample LogsDescribeLogGroups = new("logs", "DescribeLogGroups", "logs", HttpMethod.Post, "/",
        "Logs_20140328.DescribeLogGroups", "application/x-amz-json-1.1", "{}");
    public static readonly Sample AppSyncListGraphqlApis = new("appsync", "ListGraphqlApis", "appsync", HttpMethod.Get, "/v1/apis?maxResults=25");
    public static readonly Sample AppSyncGetApiCache = new("appsync", "GetApiCache", "appsync", HttpMethod.Get, "/v1/apis/861b2b3b-555c-4b54-83fd-dac7feedb614/ApiCaches");
    public static readonly Sample CognitoListIdentityPools = new("cognito-identity", "ListIdentityPools", "cognito-identity", HttpMethod.Post, "/",
        "AWSCognitoIdentityService.ListIdentityPools", "application/x-amz-json-1.1", "{\"MaxResults\":60}");
    public static readonly Sample StepFunctionsListStateMachines = new("stepfunctions", "ListStateMachines", "states", HttpMethod.Post, "/",
        "AWSStepFunctions.ListStateMachines", "application/x-amz-json-1.0", "{\"maxResults\":1000}");
    public static readonly Sample CloudTrailDescribeTrails = new("cloudtrail", "DescribeTrails", "cloudtrail", HttpMethod.Post, "/",
        "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.DescribeTrails", "application/x-amz-json-1.1", "{\"includeShadowTrails\":true}");
    public static readonly Sample SqsListQueues = new("sqs", "ListQueues", "sqs", HttpMethod.Post, "/",
        "AmazonSQS.ListQueues", "application/x-amz-json-1.0", "{\"MaxResults\":1000}");
    public static readonly Sample CloudWatchGetMetricData = new("cloudwatch", "GetMetricData", "monitoring", HttpMethod.Post, "/",
        "GraniteServiceVersion20100801.GetMetricData", "application/x-amz-json-1.0",
        "{\"MetricDataQueries\":[{\"Id\":\"m0\",\"Label\":\"fn\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"AWS/Lambda\",\"MetricName\":\"Invocations\"," +
        "\"Dimensions\":[{\"Name\":\"FunctionName\",\"Value\":\"fn\"}]},\"Period\":86400,\"Stat\":\"Sum\"}}],\"StartTime\":1788000000,\"EndTime\":1795773600}");
    public static readonly Sample DynamoListTables = new("dynamodb", "ListTables", "dynamodb", HttpMethod.Post, "/",
        "DynamoDB_20120810.ListTables", "application/x-amz-json-1.0", "{}");
    public static readonly Sample DynamoGetItem = new("dynamodb", "GetItem", "dynamodb", HttpMethod.Post, "/",
        "DynamoDB_20120810.GetItem", "application/x-amz-json-1.0", "{\"TableName\":\"t\",\"Key\":{\"pk\":{\"S\":\"1\"}}}");
    public static readonly Sample KmsListKeys = new("kms", "ListKeys", "kms", HttpMethod.Post, "/",
        "TrentService.ListKeys", "application/x-amz-json-1.1", "{}");
    public static readonly Sample IamListRoles = new("iam", "ListRoles", "iam", HttpMethod.Post, "/",
        null, "application/x-www-form-urlencoded; charset=utf-8", "Action=ListRoles&Version=2010-05-08");
    public static readonly Sample IamGenerateServiceLastAccessedDetails = new("iam", "GenerateServiceLastAccessedDetails", "iam", HttpMethod.Post, "/",
        null, "application/x-www-form-urlencoded; charset=utf-8",
        "Action=GenerateServiceLastAccessedDetails&Version=2010-05-08&Arn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&Granularity=ACTION_LEVEL");
    public static readonly Sample BackupListProtectedResources = new("backup", "ListProtectedResources", "backup", HttpMethod.Get, "/resources/?maxResults=1000");
    public static readonly Sample DaxDescribeClusters = new("dax", "DescribeClusters", "dax", HttpMethod.Post, "/",
        "AmazonDAXV3.DescribeClusters", "application/x-amz-json-1.1", "{\"MaxResults\":100}");

    public static readonly Sample S3GetBucketEncryption = new("s3", "GetBucketEncryption", "s3", HttpMethod.Get, "/orders-data?encryption=");
    public static readonly Sample S3ControlGetPublicAccessBlock = new("s3control", "GetPublicAccessBlock", "s3", HttpMethod.Get,
        "/v20180820/configuration/publicAccessBlock");

    public static readonly Sample[] All =
    [
        S3GetBucketEncryption, S3ControlGetPublicAccessBlock,
        LambdaListFunctions, LambdaGetPolicy, LambdaGetFunction, ApiGatewayGetRestApis, ApiGatewayV2GetApis, SecretsListSecrets,
        LogsDescribeLogGroups, AppSyncListGraphqlApis, AppSyncGetApiCache, CognitoListIdentityPools, StepFunctionsListStateMachines, CloudTrailDescribeTrails, DynamoListTables, DynamoGetItem, KmsListKeys, IamListRoles,
        IamGenerateServiceLastAccessedDetails, BackupListProtectedResources, DaxDescribeClusters, SqsListQueues, CloudWatchGetMetricData,
    ];

    public static Sample ByName(string name) => All.Single(s => $"{s.Service}:{s.Operation}" == name);

    public static HttpRequestMessage Message(Uri endpoint, Sample s)
    {
        var m = new HttpRequestMessage(s.Method, new Uri(endpoint, s.PathAndQuery));
        if (s.Body is not null)
        {
            m.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(s.Body));
            m.Content.Headers.TryAddWithoutValidation("Content-Type", s.ContentType);
        }
        if (s.Target is not null) m.Headers.TryAddWithoutValidation("X-Amz-Target", s.Target);
        return m;
    }

    /// <summary>An HttpClient that signs with the SDK's SigV4SigningHandler for the sample's signing name.</summary>
    public static HttpClient SignedClient(Sample s, string secret = Tools.SecretKey, string region = "us-east-1") =>
        new(new SigV4SigningHandler(new BasicAWSCredentials(Tools.AccessKey, secret), RegionEndpoint.GetBySystemName(region), s.SigningName,
            new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }));

    public static async Task<HttpResponseMessage> Send(Uri endpoint, Sample s, string secret = Tools.SecretKey)
    {
        using var client = SignedClient(s, secret);
        return await client.SendAsync(Message(endpoint, s));
    }

    /// <summary>The error code as each protocol carries it: x-amzn-ErrorType (restJson), __type (awsJson), Error/Code (awsQuery).</summary>
    public static async Task<string?> ErrorCode(HttpResponseMessage r)
    {
        // A query-compatible awsJson service names the query code there, and botocore (so the CLI) reports that one.
        if (r.Headers.TryGetValues("x-amzn-query-error", out var query)) return query.First().Split(';')[0];
        if (r.Headers.TryGetValues("x-amzn-ErrorType", out var types)) return types.First().Split(':')[0];
        var text = await r.Content.ReadAsStringAsync();
        if (text.TrimStart().StartsWith('<')) return Regex.Match(text, "<Code>([^<]*)</Code>").Groups[1].Value;
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.TryGetProperty("__type", out var t) ? t.GetString() : null;
    }
}
