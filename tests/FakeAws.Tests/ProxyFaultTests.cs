using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using WafSecurity.FakeAws;
using static WafSecurity.FakeAws.Tests.Samples;

namespace WafSecurity.FakeAws.Tests;

/// <summary>The proxy in front of a stub upstream: each fault kind gives the protocol's own error shape.</summary>
public sealed class ProxyFaultTests
{
    private static FaultPlan Plan(params FaultRule[] rules) => new() { Seed = 3, Faults = rules.ToList() };

    private static async Task<(int Status, string? Code, string Body)> Call(FaultPlan plan, Sample sample, string secret = Tools.SecretKey)
    {
        await using var upstream = new StubUpstream();
        await using var proxy = new FakeAwsProxy(upstream.Endpoint, plan).Start();
        using var response = await Send(proxy.Endpoint, sample, secret);
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, await ErrorCode(response), body);
    }

    [Theory]
    [InlineData("lambda:ListFunctions", 429, "TooManyRequestsException")]
    [InlineData("lambda:GetPolicy", 429, "TooManyRequestsException")]
    [InlineData("apigateway:GetRestApis", 429, "TooManyRequestsException")]
    [InlineData("apigatewayv2:GetApis", 429, "TooManyRequestsException")]
    [InlineData("secretsmanager:ListSecrets", 400, "ThrottlingException")]
    [InlineData("logs:DescribeLogGroups", 400, "ThrottlingException")]
    [InlineData("appsync:ListGraphqlApis", 429, "TooManyRequestsException")]
    [InlineData("cognito-identity:ListIdentityPools", 400, "TooManyRequestsException")]
    [InlineData("stepfunctions:ListStateMachines", 400, "ThrottlingException")]
    [InlineData("cloudtrail:DescribeTrails", 400, "ThrottlingException")]
    [InlineData("sqs:ListQueues", 400, "RequestThrottled")]
    [InlineData("cloudwatch:GetMetricData", 400, "Throttling")]
    [InlineData("dynamodb:ListTables", 400, "com.amazonaws.dynamodb.v20120810#ThrottlingException")]
    [InlineData("dynamodb:GetItem", 400, "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException")]
    [InlineData("kms:ListKeys", 400, "ThrottlingException")]
    [InlineData("iam:ListRoles", 400, "Throttling")]
    [InlineData("iam:GenerateServiceLastAccessedDetails", 400, "Throttling")]
    [InlineData("backup:ListProtectedResources", 429, "TooManyRequestsException")]
    [InlineData("dax:DescribeClusters", 400, "ThrottlingException")]
    [InlineData("s3:GetBucketEncryption", 503, "SlowDown")]
    [InlineData("s3control:GetPublicAccessBlock", 503, "SlowDown")]
    public async Task Throttling_EachProtocol_ItsOwnErrorShape(string sample, int status, string code)
    {
        var (actualStatus, actualCode, _) = await Call(Plan(new FaultRule { ThrottlePercent = 100 }), ByName(sample));
        Assert.Equal(status, actualStatus);
        Assert.Equal(code, actualCode);
    }

    [Theory]
    [InlineData("lambda:ListFunctions", 500, "ServiceException")]
    [InlineData("lambda:ListFunctions", 503, "ServiceUnavailable")]
    [InlineData("apigateway:GetRestApis", 500, "InternalFailure")]
    [InlineData("apigateway:GetRestApis", 503, "ServiceUnavailableException")]
    [InlineData("apigatewayv2:GetApis", 503, "ServiceUnavailable")]
    [InlineData("secretsmanager:ListSecrets", 500, "InternalServiceError")]
    [InlineData("secretsmanager:ListSecrets", 503, "ServiceUnavailable")]
    [InlineData("logs:DescribeLogGroups", 500, "ServiceUnavailableException")]
    [InlineData("appsync:GetApiCache", 500, "InternalFailureException")]
    [InlineData("cognito-identity:ListIdentityPools", 500, "InternalErrorException")]
    [InlineData("cloudwatch:GetMetricData", 500, "InternalServiceError")]
    [InlineData("dynamodb:ListTables", 500, "com.amazonaws.dynamodb.v20120810#InternalServerError")]
    [InlineData("kms:ListKeys", 500, "KMSInternalException")]
    [InlineData("iam:ListRoles", 500, "ServiceFailure")]
    [InlineData("iam:ListRoles", 503, "ServiceUnavailable")]
    [InlineData("backup:ListProtectedResources", 500, "ServiceUnavailableException")]
    [InlineData("dax:DescribeClusters", 500, "InternalFailure")]
    [InlineData("s3:GetBucketEncryption", 500, "InternalError")]
    public async Task ServerError_EachProtocol_ItsOwnErrorShape(string sample, int status, string code)
    {
        var (actualStatus, actualCode, _) = await Call(Plan(new FaultRule { ServerErrorPercent = 100, ServerErrorStatuses = [status] }), ByName(sample));
        Assert.Equal(status, actualStatus);
        Assert.Equal(code, actualCode);
    }

    [Theory]
    [InlineData("lambda:GetPolicy", 403, "AccessDeniedException", "lambda:GetPolicy")]
    [InlineData("apigateway:GetRestApis", 403, "AccessDeniedException", "apigateway:GetRestApis")]
    [InlineData("secretsmanager:ListSecrets", 400, "AccessDeniedException", "secretsmanager:ListSecrets")]
    [InlineData("logs:DescribeLogGroups", 400, "AccessDeniedException", "logs:DescribeLogGroups")]
    [InlineData("appsync:GetApiCache", 403, "AccessDeniedException", "appsync:GetApiCache")]
    [InlineData("cognito-identity:ListIdentityPools", 400, "AccessDeniedException", "cognito-identity:ListIdentityPools")]
    [InlineData("stepfunctions:ListStateMachines", 400, "AccessDeniedException", "states:ListStateMachines")]
    [InlineData("cloudtrail:DescribeTrails", 400, "AccessDeniedException", "cloudtrail:DescribeTrails")]
    [InlineData("sqs:ListQueues", 400, "AccessDenied", "sqs:ListQueues")]
    [InlineData("cloudwatch:GetMetricData", 400, "AccessDenied", "cloudwatch:GetMetricData")]
    [InlineData("dynamodb:ListTables", 400, "com.amazon.coral.service#AccessDeniedException", "dynamodb:ListTables")]
    [InlineData("iam:ListRoles", 403, "AccessDenied", "iam:ListRoles")]
    [InlineData("iam:GenerateServiceLastAccessedDetails", 403, "AccessDenied", "iam:GenerateServiceLastAccessedDetails")]
    [InlineData("backup:ListProtectedResources", 403, "AccessDeniedException", "backup:ListProtectedResources")]
    [InlineData("dax:DescribeClusters", 400, "AccessDeniedException", "dax:DescribeClusters")]
    [InlineData("s3:GetBucketEncryption", 403, "AccessDenied", "s3:GetEncryptionConfiguration")]
    [InlineData("s3control:GetPublicAccessBlock", 403, "AccessDenied", "s3:GetAccountPublicAccessBlock")]
    public async Task AccessDenied_ChosenOperation_ProtocolErrorNamingTheAction(string sample, int status, string code, string action)
    {
        var s = ByName(sample);
        var (actualStatus, actualCode, body) = await Call(Plan(new FaultRule { Services = [s.Service], Operations = [s.Operation], AccessDenied = true }), s);
        Assert.Equal(status, actualStatus);
        Assert.Equal(code, actualCode);
        Assert.Contains($"is not authorized to perform: {action}", body);
    }

    [Fact]
    public async Task AccessDenied_OnlyTheChosenOperation_OthersPassThrough()
    {
        await using var upstream = new StubUpstream();
        await using var proxy = new FakeAwsProxy(upstream.Endpoint, Plan(new FaultRule { Services = ["lambda"], Operations = ["GetPolicy"], AccessDenied = true })).Start();
        using var denied = await Send(proxy.Endpoint, LambdaGetPolicy);
        using var allowed = await Send(proxy.Endpoint, LambdaGetFunction);
        Assert.Equal(403, (int)denied.StatusCode);
        Assert.Equal(200, (int)allowed.StatusCode);
        Assert.Equal(StubUpstream.Body, await allowed.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, upstream.Requests);
    }

    [Theory]
    [InlineData("lambda:ListFunctions", 403, "InvalidSignatureException")]
    [InlineData("apigatewayv2:GetApis", 403, "InvalidSignatureException")]
    [InlineData("secretsmanager:ListSecrets", 400, "InvalidSignatureException")]
    [InlineData("dynamodb:ListTables", 400, "com.amazon.coral.service#InvalidSignatureException")]
    [InlineData("iam:ListRoles", 403, "SignatureDoesNotMatch")]
    [InlineData("s3:GetBucketEncryption", 403, "SignatureDoesNotMatch")]
    public async Task WrongSecret_Rejected_WithTheProtocolsSignatureError(string sample, int status, string code)
    {
        var (actualStatus, actualCode, _) = await Call(Plan(), ByName(sample), secret: "not-the-secret");
        Assert.Equal(status, actualStatus);
        Assert.Equal(code, actualCode);
    }

    [Fact]
    public async Task SdkSignedRequests_AllProtocols_PassThrough_AlteredOnesDoNot()
    {
        await using var upstream = new StubUpstream();
        await using var proxy = new FakeAwsProxy(upstream.Endpoint, Plan()).Start();
        foreach (var sample in All)
        {
            using var ok = await Send(proxy.Endpoint, sample);
            Assert.True(200 == (int)ok.StatusCode, $"{sample.Service}:{sample.Operation} -> {(int)ok.StatusCode} {await ok.Content.ReadAsStringAsync()}");
        }
        Assert.Equal(All.Length, upstream.Requests);

        // Signed, then altered on the way (a handler after the signer changes the body or adds a query parameter).
        using var tamperBody = new HttpClient(new Amazon.Runtime.Signing.SigV4SigningHandler(new Amazon.Runtime.BasicAWSCredentials(Tools.AccessKey, Tools.SecretKey),
            Amazon.RegionEndpoint.USEast1, "secretsmanager", new Tamper(m => m.Content = new StringContent("{\"MaxResults\":21}", Encoding.UTF8, "application/x-amz-json-1.1"))));
        using var r1 = await tamperBody.SendAsync(Message(proxy.Endpoint, SecretsListSecrets));
        Assert.Equal("InvalidSignatureException", await ErrorCode(r1));
        using var tamperQuery = new HttpClient(new Amazon.Runtime.Signing.SigV4SigningHandler(new Amazon.Runtime.BasicAWSCredentials(Tools.AccessKey, Tools.SecretKey),
            Amazon.RegionEndpoint.USEast1, "lambda", new Tamper(m => m.RequestUri = new Uri(m.RequestUri + "&Marker=x"))));
        using var r2 = await tamperQuery.SendAsync(Message(proxy.Endpoint, LambdaListFunctions));
        Assert.Equal(403, (int)r2.StatusCode);
        Assert.Equal("InvalidSignatureException", await ErrorCode(r2));
        Assert.Equal(All.Length, upstream.Requests);
        Assert.Equal(2, proxy.GetStats().Total.SignatureRejected);
    }

    [Fact]
    public async Task Unsigned_Request_IsMissingAuthenticationToken()
    {
        await using var upstream = new StubUpstream();
        await using var proxy = new FakeAwsProxy(upstream.Endpoint, Plan()).Start();
        using var http = new HttpClient();
        using var r = await http.SendAsync(Message(proxy.Endpoint, LambdaListFunctions));
        Assert.Equal(403, (int)r.StatusCode);
        Assert.Equal("MissingAuthenticationTokenException", await ErrorCode(r));
    }

    [Fact]
    public async Task DropBefore_ConnectionClosedWithoutResponse_NotForwarded()
    {
        await using var upstream = new StubUpstream();
        await using var proxy = new FakeAwsProxy(upstream.Endpoint, Plan(new FaultRule { DropPercent = 100, DropMode = DropMode.Before })).Start();
        await Assert.ThrowsAsync<HttpRequestException>(() => Send(proxy.Endpoint, LambdaListFunctions));
        Assert.Equal(0, upstream.Requests);
        Assert.Equal(1, proxy.GetStats().Total.Dropped);
    }

    [Fact]
    public async Task DropMid_HeadersArriveBodyIsCutShort()
    {
        await using var upstream = new StubUpstream();
        await using var proxy = new FakeAwsProxy(upstream.Endpoint, Plan(new FaultRule { DropPercent = 100, DropMode = DropMode.Mid })).Start();
        using var client = SignedClient(LambdaListFunctions);
        var ex = await Record.ExceptionAsync(async () =>
        {
            using var r = await client.SendAsync(Message(proxy.Endpoint, LambdaListFunctions), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(200, (int)r.StatusCode);
            await r.Content.ReadAsByteArrayAsync();
        });
        Assert.True(ex is HttpRequestException or IOException, $"expected a cut connection, got {ex?.GetType().Name ?? "a full response"}");
        Assert.Equal(1, upstream.Requests);
    }

    [Fact]
    public async Task Latency_DelaysEveryRequest()
    {
        await using var upstream = new StubUpstream();
        await using var proxy = new FakeAwsProxy(upstream.Endpoint, new FaultPlan { LatencyMs = 150 }).Start();
        using var warm = await Send(proxy.Endpoint, LambdaListFunctions);
        var sw = Stopwatch.StartNew();
        using var r = await Send(proxy.Endpoint, LambdaListFunctions);
        Assert.Equal(200, (int)r.StatusCode);
        Assert.True(sw.ElapsedMilliseconds >= 140, $"took {sw.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Percentages_SeededDraws_RoughlyTheConfiguredShares()
    {
        await using var upstream = new StubUpstream();
        var plan = Plan(new FaultRule { ThrottlePercent = 20, ServerErrorPercent = 5 });
        await using var proxy = new FakeAwsProxy(upstream.Endpoint, plan).Start();
        using var client = SignedClient(SecretsListSecrets);
        var codes = new List<int>();
        for (int i = 0; i < 200; i++)
        {
            using var r = await client.SendAsync(Message(proxy.Endpoint, SecretsListSecrets));
            codes.Add((int)r.StatusCode);
        }
        var stats = proxy.GetStats().Total;
        Assert.Equal(200, stats.Requests);
        Assert.InRange(stats.Throttled, 20, 60);
        Assert.InRange(stats.ServerErrors, 2, 20);
        Assert.Equal(stats.Forwarded, codes.Count(c => c == 200));

        // Same seed, same sequence: a second proxy with the same plan faults the same request numbers.
        await using var again = new FakeAwsProxy(upstream.Endpoint, plan).Start();
        var codes2 = new List<int>();
        for (int i = 0; i < 200; i++)
        {
            using var r = await client.SendAsync(Message(again.Endpoint, SecretsListSecrets));
            codes2.Add((int)r.StatusCode);
        }
        Assert.Equal(codes, codes2);
    }

    [Fact]
    public async Task ControlEndpoints_PlanCanBeReplaced_StatsReported()
    {
        await using var upstream = new StubUpstream();
        await using var proxy = new FakeAwsProxy(upstream.Endpoint, new FaultPlan()).Start();
        using var http = new HttpClient();
        var plan = "{ \"seed\": 5, \"faults\": [ { \"services\": [\"lambda\"], \"operations\": [\"GetPolicy\"], \"accessDenied\": true } ] }";
        using var post = await http.PostAsync(new Uri(proxy.Endpoint, "/__fakeaws/plan"), new StringContent(plan));
        Assert.Equal(200, (int)post.StatusCode);
        using var denied = await Send(proxy.Endpoint, LambdaGetPolicy);
        Assert.Equal("AccessDeniedException", await ErrorCode(denied));

        var stats = JsonDocument.Parse(await http.GetStringAsync(new Uri(proxy.Endpoint, "/__fakeaws/stats"))).RootElement;
        Assert.Equal(1, stats.GetProperty("operations").GetProperty("lambda:GetPolicy").GetProperty("accessDenied").GetInt32());
        var group = stats.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("group").GetString() == "lambda:GetPolicy");
        Assert.Equal(15, group.GetProperty("ratePerSecond").GetDouble());
        Assert.Equal(1, group.GetProperty("requests").GetInt32());

        using var reset = await http.PostAsync(new Uri(proxy.Endpoint, "/__fakeaws/stats/reset"), null);
        Assert.Equal(0, proxy.GetStats().Total.Requests);
        using var bad = await http.PostAsync(new Uri(proxy.Endpoint, "/__fakeaws/plan"), new StringContent("{ not json"));
        Assert.Equal(400, (int)bad.StatusCode);
    }

    private sealed class Tamper(Action<HttpRequestMessage> change) : DelegatingHandler(new SocketsHttpHandler { UseProxy = false })
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, System.Threading.CancellationToken ct)
        {
            var headers = request.Content?.Headers.ToList();
            change(request);
            return base.SendAsync(request, ct);
        }
    }
}
