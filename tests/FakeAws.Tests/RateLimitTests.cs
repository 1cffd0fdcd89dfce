using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using WafSecurity.FakeAws;
using static WafSecurity.FakeAws.Tests.Samples;

namespace WafSecurity.FakeAws.Tests;

public sealed class RateLimitTests
{
    private static AwsOperation Op(string service, string operation, string region = "us-east-1") => new(service, operation, AwsProtocol.RestJson, region);

    [Fact]
    public void TokenBucket_AboveRate_Refuses_AndRefillsWithTime()
    {
        var bucket = new TokenBucket(15, 15, now: 0);
        Assert.Equal(15, Enumerable.Range(0, 30).Count(_ => bucket.TryTake(0)));
        Assert.False(bucket.TryTake(0.05));
        Assert.True(bucket.TryTake(0.07)); // 0.07 s x 15/s = 1.05 tokens
        Assert.False(bucket.TryTake(0.07));
        // Sustained: over 10 s at 100 attempts per second, about 15/s (plus the initial burst) get through.
        int admitted = Enumerable.Range(0, 1000).Count(i => bucket.TryTake(1 + i * 0.01));
        Assert.InRange(admitted, 150, 166);
    }

    [Fact]
    public void DefaultGroups_LambdaDocumentedRates()
    {
        var limiter = new RateLimiter(new RateLimitPlan { Enabled = true }, () => 0);
        int Admitted(string op) => Enumerable.Range(0, 200).Count(i => limiter.Admit(Op("lambda", op), "AK", out _));
        Assert.Equal(15, Admitted("GetPolicy"));
        Assert.Equal(100, Admitted("GetFunction"));
        Assert.Equal(15, Admitted("ListFunctions") + Admitted("GetFunctionUrlConfig") + Admitted("ListEventSourceMappings")); // one shared control-plane group
        var groups = limiter.Snapshot().ToDictionary(g => g.Group);
        Assert.Equal(15, groups["lambda:GetPolicy"].MaxAdmittedIn1s);
        Assert.Equal(185, groups["lambda:GetPolicy"].RateLimited);
        Assert.Equal(100, groups["lambda:GetFunction"].RatePerSecond);
    }

    [Fact]
    public void Groups_ArePerRegionAndAccount_AndScaled()
    {
        var limiter = new RateLimiter(new RateLimitPlan { Enabled = true, Scale = 10 }, () => 0);
        int Admitted(string region, string account) => Enumerable.Range(0, 500).Count(i => limiter.Admit(Op("lambda", "GetPolicy", region), account, out _));
        Assert.Equal(150, Admitted("us-east-1", "A"));
        Assert.Equal(150, Admitted("eu-west-1", "A"));
        Assert.Equal(150, Admitted("us-east-1", "B"));
    }

    [Fact]
    public void Disabled_CountsAndReportsMaxRate_NeverThrottles()
    {
        double now = 0;
        var limiter = new RateLimiter(new RateLimitPlan { Enabled = false }, () => now);
        for (int i = 0; i < 40; i++) { now = i * 0.02; Assert.True(limiter.Admit(Op("lambda", "GetPolicy"), "AK", out _)); }
        var g = limiter.Snapshot().Single();
        Assert.Equal(40, g.Requests);
        Assert.Equal(0, g.RateLimited);
        Assert.Equal(40, g.MaxAdmittedIn1s); // 40 calls within 0.78 s
        Assert.Equal(40, g.MaxRequestsIn1s);
    }

    [Fact]
    public void SlidingWindow_MaxOverAnyOneSecond()
    {
        var w = new SlidingWindowMax();
        foreach (var t in new[] { 0.0, 0.1, 0.2, 1.15, 1.16, 1.17, 1.18, 2.5 }) w.Add(t);
        Assert.Equal(5, w.Max); // 0.2 and 1.15..1.18 lie within one second of each other; 0.0 and 0.1 do not
    }

    [Fact]
    public async Task Proxy_AboveConfiguredRate_AnswersThrottling_StatsShowMaxRate()
    {
        await using var upstream = new StubUpstream();
        var plan = new FaultPlan
        {
            RateLimits = new RateLimitPlan
            {
                Enabled = true,
                Groups = [new RateGroup { Name = "lambda:GetPolicy", Services = ["lambda"], Operations = ["GetPolicy"], RatePerSecond = 5 }],
            },
        };
        await using var proxy = new FakeAwsProxy(upstream.Endpoint, plan).Start();
        using var client = SignedClient(LambdaGetPolicy);
        var started = DateTime.UtcNow;
        var statuses = await Task.WhenAll(Enumerable.Range(0, 30).Select(async _ =>
        {
            using var r = await client.SendAsync(Message(proxy.Endpoint, LambdaGetPolicy));
            return ((int)r.StatusCode, await ErrorCode(r));
        }));
        double elapsed = (DateTime.UtcNow - started).TotalSeconds;
        int ok = statuses.Count(s => s.Item1 == 200);
        Assert.InRange(ok, 5, 5 + (int)Math.Ceiling(elapsed * 5));
        Assert.All(statuses.Where(s => s.Item1 != 200), s => Assert.Equal((429, "TooManyRequestsException"), s));
        var group = proxy.GetStats().Groups.Single(g => g.Group == "lambda:GetPolicy");
        Assert.Equal(30, group.Requests);
        Assert.Equal(ok, group.Admitted);
        Assert.InRange(group.MaxAdmittedIn1s, 5, 6 + (int)(elapsed * 5));
        Assert.True(group.MaxRequestsIn1s >= group.MaxAdmittedIn1s);
    }
}

public sealed class OperationIdentifierTests
{
    [Theory]
    [InlineData("lambda:ListFunctions", "lambda", "ListFunctions")]
    [InlineData("lambda:GetPolicy", "lambda", "GetPolicy")]
    [InlineData("lambda:GetFunction", "lambda", "GetFunction")]
    [InlineData("apigateway:GetRestApis", "apigateway", "GetRestApis")]
    [InlineData("apigatewayv2:GetApis", "apigatewayv2", "GetApis")]
    [InlineData("secretsmanager:ListSecrets", "secretsmanager", "ListSecrets")]
    [InlineData("logs:DescribeLogGroups", "logs", "DescribeLogGroups")]
    [InlineData("appsync:ListGraphqlApis", "appsync", "ListGraphqlApis")]
    [InlineData("appsync:GetApiCache", "appsync", "GetApiCache")]
    [InlineData("cognito-identity:ListIdentityPools", "cognito-identity", "ListIdentityPools")]
    [InlineData("stepfunctions:ListStateMachines", "stepfunctions", "ListStateMachines")]
    [InlineData("sqs:ListQueues", "sqs", "ListQueues")]
    [InlineData("cloudwatch:GetMetricData", "cloudwatch", "GetMetricData")]
    [InlineData("dynamodb:ListTables", "dynamodb", "ListTables")]
    [InlineData("kms:ListKeys", "kms", "ListKeys")]
    [InlineData("iam:ListRoles", "iam", "ListRoles")]
    public void Identify_EachProtocol_NamesServiceAndOperation(string sample, string service, string operation)
    {
        var s = ByName(sample);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Authorization", $"AWS4-HMAC-SHA256 Credential=AK/20260101/eu-west-1/{s.SigningName}/aws4_request, SignedHeaders=host, Signature=00"),
        };
        if (s.Target is not null) headers.Add(new("X-Amz-Target", s.Target));
        if (s.ContentType is not null) headers.Add(new("Content-Type", s.ContentType));
        var op = OperationIdentifier.Identify(SignableRequest.FromRequestTarget(s.Method.Method, s.PathAndQuery, headers,
            System.Text.Encoding.UTF8.GetBytes(s.Body ?? "")));
        Assert.Equal((service, operation, "eu-west-1"), (op.Service, op.Operation, op.Region));
    }

    [Theory]
    [InlineData("lambda", "GET", "/2021-10-31/functions/my-fn/url", "GetFunctionUrlConfig")]
    [InlineData("lambda", "GET", "/2015-03-31/event-source-mappings/", "ListEventSourceMappings")]
    [InlineData("lambda", "GET", "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af", "ListTags")]
    [InlineData("apigateway", "GET", "/restapis/abc123/stages", "GetStages")]
    [InlineData("apigateway", "GET", "/restapis/abc123/resources", "GetResources")]
    [InlineData("apigateway", "GET", "/restapis/abc123/authorizers", "GetAuthorizers")]
    [InlineData("apigatewayv2", "GET", "/v2/apis/abc/stages", "GetStages")]
    [InlineData("apigatewayv2", "GET", "/v2/apis/abc/routes", "GetRoutes")]
    [InlineData("apigateway", "GET", "/restapis/abc123/requestvalidators", "GetRequestValidators")]
    [InlineData("apigateway", "GET", "/domainnames", "GetDomainNames")]
    [InlineData("apigateway", "GET", "/usageplans", "GetUsagePlans")]
    [InlineData("apigatewayv2", "GET", "/v2/domainnames", "GetDomainNames")]
    [InlineData("apigatewayv2", "GET", "/v2/apis/abc/integrations", "GetIntegrations")]
    public void RestOperation_FromRoutesOfTheServiceModel(string service, string method, string path, string operation)
    {
        Assert.Equal(operation, OperationIdentifier.RestOperation(service, method, path));
    }
}
