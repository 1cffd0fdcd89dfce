using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Text;
using System.Text.Json;

namespace WafSecurity.FakeAws;

/// <summary>A response the proxy makes up instead of forwarding.</summary>
public sealed record FakeResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
}

public enum FaultKind { Throttling, ServerError, AccessDenied, InvalidSignature, UnrecognizedClient, MissingAuthentication, IncompleteSignature }

/// <summary>
/// Each protocol's own error shape, as the SDKs parse it:
/// restJson1 (Lambda, API Gateway v1/v2, AWS Backup): status code, <c>x-amzn-ErrorType</c> header and a JSON body with a message;
/// awsJson 1.0/1.1 (DynamoDB, Secrets Manager, CloudWatch Logs, KMS, DAX): status 400 (5xx for faults) and
/// <c>{"__type": code, "message": ...}</c>; awsQuery (IAM, STS): <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;&lt;/ErrorResponse&gt;</c>.
/// Codes are the modeled exceptions of botocore's service-2.json where the service models one (Lambda
/// TooManyRequestsException 429 and ServiceException 500; API Gateway TooManyRequestsException 429 and
/// ServiceUnavailableException 503; Secrets Manager InternalServiceError; Logs ThrottlingException and
/// ServiceUnavailableException; DynamoDB ThrottlingException, ProvisionedThroughputExceededException and
/// InternalServerError; KMS KMSInternalException; IAM ServiceFailure 500), otherwise AWS's common errors
/// (ThrottlingException / Throttling, AccessDeniedException / AccessDenied, InternalFailure, ServiceUnavailable,
/// InvalidSignatureException / SignatureDoesNotMatch, UnrecognizedClientException / InvalidClientTokenId).
/// </summary>
public static class ErrorShapes
{
    /// <summary>DynamoDB data-plane operations answer ProvisionedThroughputExceededException when throttled; its control plane ThrottlingException.</summary>
    private static readonly HashSet<string> DynamoDbDataPlane = new(StringComparer.Ordinal)
    {
        "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem",
        "TransactGetItems", "TransactWriteItems", "ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction",
    };

    public static FakeResponse Throttling(AwsOperation op) => op.Service switch
    {
        "lambda" => RestJson(op, 429, "TooManyRequestsException",
            new Dictionary<string, object?> { ["Reason"] = "CallerRateLimitExceeded", ["Type"] = "User", ["message"] = "Rate exceeded" }),
        "apigateway" or "apigatewayv2" => RestJson(op, 429, "TooManyRequestsException", new Dictionary<string, object?> { ["message"] = "Too Many Requests" }),
        "dynamodb" when DynamoDbDataPlane.Contains(op.Operation) => AwsJson(op, 400, "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
            "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API."),
        "dynamodb" => AwsJson(op, 400, "com.amazonaws.dynamodb.v20120810#ThrottlingException", "Rate of requests exceeds the allowed throughput."),
        "cognito-identity" => AwsJson(op, 400, "TooManyRequestsException", "Rate exceeded"),
        // S3: SlowDown with 503 (S3 API reference, Error responses); S3 Control documents the same.
        "s3" or "s3control" => RestXml(op, 503, "SlowDown", "Please reduce your request rate."),
        "sqs" => QueryCompatible(op, 400, "com.amazonaws.sqs#RequestThrottled", "RequestThrottled;Sender", "Request is throttled."),
        "cloudwatch" => QueryCompatible(op, 400, "ThrottlingException", "Throttling;Sender", "Rate exceeded"),
        _ => op.Protocol switch
        {
            AwsProtocol.AwsQuery => Query(op, 400, "Sender", "Throttling", "Rate exceeded"),
            AwsProtocol.RestJson => RestJson(op, 429, "TooManyRequestsException", new Dictionary<string, object?> { ["message"] = "Rate exceeded" }),
            _ => AwsJson(op, 400, "ThrottlingException", "Rate exceeded"),
        },
    };

    public static FakeResponse ServerError(AwsOperation op, int status)
    {
        bool unavailable = status == 503;
        return op.Service switch
        {
            "lambda" when !unavailable => RestJson(op, status, "ServiceException",
                new Dictionary<string, object?> { ["Type"] = "Service", ["Message"] = "An internal error occurred in the AWS Lambda service." }),
            "apigateway" when unavailable => RestJson(op, status, "ServiceUnavailableException", new Dictionary<string, object?> { ["message"] = "Service Unavailable" }),
            "secretsmanager" when !unavailable => AwsJson(op, status, "InternalServiceError", "An error occurred on the server side."),
            "logs" => AwsJson(op, status, "ServiceUnavailableException", "The service cannot complete the request."),
            "appsync" when !unavailable => RestJson(op, status, "InternalFailureException", new Dictionary<string, object?> { ["message"] = "An internal failure occurred." }),
            "cognito-identity" when !unavailable => AwsJson(op, status, "InternalErrorException", "An internal error occurred."),
            "backup" => RestJson(op, status, "ServiceUnavailableException",
                new Dictionary<string, object?> { ["Code"] = "ServiceUnavailableException", ["Message"] = "The request failed due to a temporary failure of the server.", ["Type"] = "Server" }),
            "dynamodb" when !unavailable => AwsJson(op, status, "com.amazonaws.dynamodb.v20120810#InternalServerError", "Internal server error"),
            "kms" when !unavailable => AwsJson(op, status, "KMSInternalException", "An internal error occurred."),
            "cloudwatch" when !unavailable => QueryCompatible(op, status, "InternalServiceFault", "InternalServiceError;Receiver", "Internal service error."),
            "sqs" when !unavailable => QueryCompatible(op, status, "InternalFailure", "InternalFailure;Receiver", "An internal error occurred."),
            "iam" when !unavailable => Query(op, status, "Receiver", "ServiceFailure", "The request processing has failed because of an unknown error, exception or failure."),
            "s3" or "s3control" => RestXml(op, status, unavailable ? "ServiceUnavailable" : "InternalError",
                unavailable ? "Service is unable to handle request." : "We encountered an internal error. Please try again."),
            _ => op.Protocol switch
            {
                AwsProtocol.AwsQuery => Query(op, status, "Receiver", unavailable ? "ServiceUnavailable" : "InternalFailure",
                    unavailable ? "Service is unable to handle request." : "An internal error occurred."),
                AwsProtocol.RestJson => RestJson(op, status, unavailable ? "ServiceUnavailable" : "InternalFailure",
                    new Dictionary<string, object?> { ["message"] = unavailable ? "Service Unavailable" : "Internal Failure" }),
                _ => AwsJson(op, status, unavailable ? "ServiceUnavailable" : "InternalFailure", unavailable ? "Service Unavailable" : "Internal Failure"),
            },
        };
    }

    public static FakeResponse AccessDenied(AwsOperation op, string principalArn)
    {
        string action = $"{IamPrefix(op.Service)}:{IamAction(op)}";
        string message = $"User: {principalArn} is not authorized to perform: {action} because no identity-based policy allows the {action} action";
        if (IsQueryCompatible(op.Service)) return QueryCompatible(op, 400, "AccessDeniedException", "AccessDenied;Sender", message);
        return op.Protocol switch
        {
            AwsProtocol.RestJson => RestJson(op, 403, "AccessDeniedException", new Dictionary<string, object?> { ["Message"] = message }),
            AwsProtocol.AwsQuery => Query(op, 403, "Sender", "AccessDenied", message),
            AwsProtocol.RestXml => RestXml(op, 403, "AccessDenied", message),
            _ => AwsJson(op, 400, op.Service == "dynamodb" ? "com.amazon.coral.service#AccessDeniedException" : "AccessDeniedException", message),
        };
    }

    /// <summary>The IAM action of an operation where it is not the operation's name (S3's are listed in the Service Authorization Reference).</summary>
    private static string IamAction(AwsOperation op) => (op.Service, op.Operation) switch
    {
        ("s3", "ListBuckets") => "ListAllMyBuckets",
        ("s3", "GetBucketEncryption") => "GetEncryptionConfiguration",
        ("s3", "GetPublicAccessBlock") => "GetBucketPublicAccessBlock",
        ("s3control", "GetPublicAccessBlock") => "GetAccountPublicAccessBlock",
        _ => op.Operation,
    };

    /// <summary>Authentication failures: restJson and awsQuery answer 403, awsJson 400 (as DynamoDB, Secrets Manager and Logs do).</summary>
    public static FakeResponse Authentication(AwsOperation op, FaultKind kind, string message)
    {
        (string json, string query) = kind switch
        {
            FaultKind.UnrecognizedClient => ("UnrecognizedClientException", "InvalidClientTokenId"),
            FaultKind.MissingAuthentication => ("MissingAuthenticationTokenException", "MissingAuthenticationToken"),
            FaultKind.IncompleteSignature => ("IncompleteSignatureException", "IncompleteSignature"),
            _ => ("InvalidSignatureException", "SignatureDoesNotMatch"),
        };
        return op.Protocol switch
        {
            AwsProtocol.RestJson => RestJson(op, 403, json, new Dictionary<string, object?> { ["message"] = message }),
            AwsProtocol.AwsQuery => Query(op, 403, "Sender", query, message),
            AwsProtocol.RestXml => RestXml(op, 403, kind == FaultKind.UnrecognizedClient ? "InvalidAccessKeyId"
                : kind == FaultKind.MissingAuthentication || kind == FaultKind.IncompleteSignature ? "AccessDenied" : "SignatureDoesNotMatch", message),
            _ => AwsJson(op, 400, op.Service == "dynamodb" ? "com.amazon.coral.service#" + json : json, message),
        };
    }

    public static string IamPrefix(string service) => service switch
    {
        "apigatewayv2" => "apigateway",
        "logs" => "logs",
        "stepfunctions" => "states",
        "s3control" => "s3",
        _ => service,
    };

    private static FakeResponse RestJson(AwsOperation op, int status, string code, Dictionary<string, object?> body) =>
        new(status, Headers(("x-amzn-ErrorType", code), ("Content-Type", "application/json")), JsonSerializer.SerializeToUtf8Bytes(body));

    private static FakeResponse AwsJson(AwsOperation op, int status, string type, string message) =>
        new(status, Headers(("Content-Type", op.Protocol == AwsProtocol.AwsJson10 ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1")),
            JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["__type"] = type, ["message"] = message }));

    /// <summary>awsJson services that were awsQuery services (SQS, CloudWatch) answer a client that sends x-amzn-query-mode with the
    /// old query code in x-amzn-query-error ("Code;Sender"), which botocore (and so the CLI) reports instead of __type.</summary>
    public static bool IsQueryCompatible(string service) => service is "sqs" or "cloudwatch";

    private static FakeResponse QueryCompatible(AwsOperation op, int status, string type, string queryError, string message)
    {
        var response = AwsJson(op, status, type, message);
        return response with { Headers = response.Headers.Append(new KeyValuePair<string, string>("x-amzn-query-error", queryError)).ToList() };
    }

    private static FakeResponse Query(AwsOperation op, int status, string type, string code, string message)
    {
        string ns = op.Service == "sts" ? "https://sts.amazonaws.com/doc/2011-06-15/" : "https://iam.amazonaws.com/doc/2010-05-08/";
        string requestId = Guid.NewGuid().ToString();
        string xml = $"<ErrorResponse xmlns=\"{ns}\">\n  <Error>\n    <Type>{type}</Type>\n    <Code>{code}</Code>\n    <Message>{SecurityElement.Escape(message)}</Message>\n  </Error>\n  <RequestId>{requestId}</RequestId>\n</ErrorResponse>\n";
        return new FakeResponse(status, Headers(("Content-Type", "text/xml")), Encoding.UTF8.GetBytes(xml));
    }

    /// <summary>
    /// restXml errors: S3 answers <c>&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;RequestId/&gt;&lt;/Error&gt;</c>, S3 Control wraps the same
    /// in <c>&lt;ErrorResponse&gt;</c> (S3 API reference, Error responses; S3 Control error responses).
    /// </summary>
    private static FakeResponse RestXml(AwsOperation op, int status, string code, string message)
    {
        string requestId = Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
        string error = $"<Error><Code>{code}</Code><Message>{SecurityElement.Escape(message)}</Message><RequestId>{requestId}</RequestId></Error>";
        string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + (op.Service == "s3control" ? $"<ErrorResponse>{error}</ErrorResponse>" : error) + "\n";
        return new FakeResponse(status, new List<KeyValuePair<string, string>> { new("x-amz-request-id", requestId), new("Content-Type", "application/xml") },
            Encoding.UTF8.GetBytes(xml));
    }

    private static List<KeyValuePair<string, string>> Headers(params (string Name, string Value)[] headers)
    {
        var list = new List<KeyValuePair<string, string>> { new("x-amzn-RequestId", Guid.NewGuid().ToString()) };
        foreach (var (name, value) in headers) list.Add(new(name, value));
        return list;
    }
}
