using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace WafSecurity.FakeAws;

public enum AwsProtocol { RestJson, AwsJson10, AwsJson11, AwsQuery, RestXml }

/// <summary>What a request asks for: service (lambda, apigateway, apigatewayv2, secretsmanager, logs, cloudtrail, appsync,
/// cognito-identity, stepfunctions, dynamodb, kms, iam, sts, backup, dax, s3, s3control, sqs, cloudwatch, ...), operation name as in the API reference, wire protocol, and the signing region.</summary>
public sealed record AwsOperation(string Service, string Operation, AwsProtocol Protocol, string Region)
{
    public override string ToString() => $"{Service}:{Operation}";
}

/// <summary>Names the operation of a request the way each protocol does: awsJson by X-Amz-Target, awsQuery by the
/// Action parameter, restJson by method and path (routes of every Lambda, API Gateway v1 and v2, AppSync and AWS Backup operation, generated
/// from botocore's service models into Data/rest-routes.json).</summary>
public static class OperationIdentifier
{
    private static readonly Dictionary<string, (string Service, AwsProtocol Protocol)> TargetPrefixes = new(StringComparer.Ordinal)
    {
        ["secretsmanager"] = ("secretsmanager", AwsProtocol.AwsJson11),
        ["Logs_20140328"] = ("logs", AwsProtocol.AwsJson11),
        ["AWSCognitoIdentityService"] = ("cognito-identity", AwsProtocol.AwsJson11),
        ["AWSStepFunctions"] = ("stepfunctions", AwsProtocol.AwsJson10),
        ["com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"] = ("cloudtrail", AwsProtocol.AwsJson11),
        ["DynamoDB_20120810"] = ("dynamodb", AwsProtocol.AwsJson10),
        ["TrentService"] = ("kms", AwsProtocol.AwsJson11),
        ["AWSSecurityTokenServiceV20110615"] = ("sts", AwsProtocol.AwsJson10),
        ["AmazonDAXV3"] = ("dax", AwsProtocol.AwsJson11),
        // Query-compatible awsJson1_0 services: the signing name (monitoring for CloudWatch) is not the service name.
        ["AmazonSQS"] = ("sqs", AwsProtocol.AwsJson10),
        ["GraniteServiceVersion20100801"] = ("cloudwatch", AwsProtocol.AwsJson10),
    };

    private static readonly Lazy<Dictionary<string, List<Route>>> Routes = new(LoadRoutes);

    public static AwsOperation Identify(SignableRequest request)
    {
        var auth = SigV4Authorization.Parse(request.Header("Authorization"));
        string region = auth?.Region ?? "us-east-1";
        string? signingService = auth?.Service;

        var target = request.Header("X-Amz-Target");
        if (target is not null)
        {
            int dot = target.LastIndexOf('.');
            string prefix = dot < 0 ? target : target[..dot];
            string operation = dot < 0 ? target : target[(dot + 1)..];
            var contentType = request.Header("Content-Type") ?? "";
            if (TargetPrefixes.TryGetValue(prefix, out var known))
                return new AwsOperation(known.Service, operation, contentType.Contains("1.0", StringComparison.Ordinal) ? AwsProtocol.AwsJson10 : known.Protocol, region);
            return new AwsOperation(signingService ?? prefix.ToLowerInvariant(), operation,
                contentType.Contains("1.0", StringComparison.Ordinal) ? AwsProtocol.AwsJson10 : AwsProtocol.AwsJson11, region);
        }

        var action = QueryParameter(request.RawQuery, "Action");
        var form = request.Header("Content-Type") ?? "";
        if (action is null && form.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            action = QueryParameter(Encoding.UTF8.GetString(request.Body), "Action");
        if (action is not null)
        {
            string service = signingService ?? ((QueryParameter(request.RawQuery, "Version") ?? QueryParameter(Encoding.UTF8.GetString(request.Body), "Version")) switch
            {
                "2011-06-15" => "sts",
                _ => "iam",
            });
            return new AwsOperation(service, action, AwsProtocol.AwsQuery, region);
        }

        string path = Uri.UnescapeDataString(request.RawPath);
        if (signingService == "s3") return S3Operation(request, path, region);
        string restService = signingService switch
        {
            "apigateway" when path.StartsWith("/v2/", StringComparison.Ordinal) => "apigatewayv2",
            null when path.StartsWith("/v2/", StringComparison.Ordinal) => "apigatewayv2",
            null when path.StartsWith("/restapis", StringComparison.Ordinal) || path.StartsWith("/apikeys", StringComparison.Ordinal)
                || path.StartsWith("/domainnames", StringComparison.Ordinal) || path.StartsWith("/usageplans", StringComparison.Ordinal) => "apigateway",
            null => "lambda",
            _ => signingService,
        };
        return new AwsOperation(restService, RestOperation(restService, request.Method, request.RawPath) ?? $"{request.Method} {path}", AwsProtocol.RestJson, region);
    }

    /// <summary>
    /// S3 and S3 Control (both restXml, both signed "s3"): S3 Control by its /v20180820/ path, S3 operations (path-style)
    /// by the bucket sub-resource in the query (?encryption, ?publicAccessBlock, ?policyStatus, ?location); GET / is ListBuckets.
    /// </summary>
    private static AwsOperation S3Operation(SignableRequest request, string path, string region)
    {
        if (path.StartsWith("/v20180820/", StringComparison.Ordinal))
            return new AwsOperation("s3control", path == "/v20180820/configuration/publicAccessBlock" && request.Method == "GET"
                ? "GetPublicAccessBlock" : $"{request.Method} {path}", AwsProtocol.RestXml, region);
        var subresources = request.RawQuery.Split('&').Select(p => p.Split('=')[0]).ToHashSet(StringComparer.Ordinal);
        string? operation = request.Method != "GET" ? null
            : path == "/" ? "ListBuckets"
            : subresources.Contains("encryption") ? "GetBucketEncryption"
            : subresources.Contains("publicAccessBlock") ? "GetPublicAccessBlock"
            : subresources.Contains("policyStatus") ? "GetBucketPolicyStatus"
            : subresources.Contains("location") ? "GetBucketLocation"
            : null;
        return new AwsOperation("s3", operation ?? $"{request.Method} {path}", AwsProtocol.RestXml, region);
    }

    /// <summary>The restJson operation whose route matches: literal segments must be equal, {Label} takes one segment,
    /// {Label+} the rest; among matches the one with the most literal segments wins.</summary>
    public static string? RestOperation(string service, string method, string rawPath)
    {
        if (!Routes.Value.TryGetValue(service, out var routes)) return null;
        var segments = rawPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        Route? best = null;
        foreach (var route in routes)
        {
            if (!string.Equals(route.Method, method, StringComparison.OrdinalIgnoreCase) || !route.Matches(segments)) continue;
            if (best is null || route.LiteralCount > best.LiteralCount) best = route;
        }
        return best?.Operation;
    }

    private static string? QueryParameter(string query, string name)
    {
        foreach (var part in query.Split('&'))
        {
            int eq = part.IndexOf('=');
            if (eq > 0 && part[..eq] == name) return Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' '));
        }
        return null;
    }

    private sealed class Route
    {
        public required string Operation { get; init; }
        public required string Method { get; init; }
        public required string[] Segments { get; init; }
        public int LiteralCount => Segments.Count(s => !s.StartsWith('{'));

        public bool Matches(string[] path)
        {
            for (int i = 0; i < Segments.Length; i++)
            {
                var s = Segments[i];
                if (s.StartsWith('{') && s.EndsWith("+}", StringComparison.Ordinal)) return path.Length > i;
                if (i >= path.Length) return false;
                if (s.StartsWith('{')) continue;
                if (!string.Equals(s, path[i], StringComparison.Ordinal)) return false;
            }
            return path.Length == Segments.Length;
        }
    }

    private static Dictionary<string, List<Route>> LoadRoutes()
    {
        using var stream = typeof(OperationIdentifier).Assembly.GetManifestResourceStream("WafSecurity.FakeAws.rest-routes.json")
            ?? throw new InvalidOperationException("rest-routes.json resource missing");
        using var doc = JsonDocument.Parse(stream);
        var result = new Dictionary<string, List<Route>>(StringComparer.Ordinal);
        foreach (var service in doc.RootElement.GetProperty("services").EnumerateObject())
        {
            result[service.Name] = service.Value.EnumerateArray().Select(r =>
            {
                var uri = r.GetProperty("uri").GetString()!;
                int q = uri.IndexOf('?');
                if (q >= 0) uri = uri[..q];
                return new Route
                {
                    Operation = r.GetProperty("operation").GetString()!,
                    Method = r.GetProperty("method").GetString()!,
                    Segments = uri.Split('/', StringSplitOptions.RemoveEmptyEntries),
                };
            }).ToList();
        }
        return result;
    }
}
