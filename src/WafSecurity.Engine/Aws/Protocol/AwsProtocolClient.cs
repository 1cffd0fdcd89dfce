using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials.Internal;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Transform;

namespace WafSecurity.Engine.Aws.Protocol
{
    /// <summary>
    /// One HTTP request of a botocore protocol (rest-json, rest-xml, json, query, ec2), already laid out: method, path with its
    /// {labels}, query, headers, body. The SDK pipeline adds the endpoint, SigV4, retries and clock-skew handling.
    /// </summary>
    public sealed class RawRequest : AmazonWebServiceRequest
    {
        public string Method { get; set; } = "GET";
        public string ResourcePath { get; set; } = "/";
        public Dictionary<string, string> PathResources { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
        public Dictionary<string, string> Query { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public byte[]? Body { get; set; }
        public string OperationName { get; set; } = "";
    }

    public sealed class RawResponse : AmazonWebServiceResponse
    {
        public string Body { get; set; } = "";
    }

    /// <summary>Attempts and throttling answers seen by the pipeline for one call, every retry included.</summary>
    public sealed class CallStats
    {
        private int _attempts, _throttles;
        /// <summary>The call's admission gate for requests beyond its first (null: every request goes out at once).</summary>
        public RequestGate? Gate { get; set; }
        public int Attempts => _attempts;
        public int Throttles => _throttles;
        internal void Attempt() => Interlocked.Increment(ref _attempts);
        internal void Throttle() => Interlocked.Increment(ref _throttles);

        private static readonly ConditionalWeakTable<AmazonWebServiceRequest, CallStats> Table = new ConditionalWeakTable<AmazonWebServiceRequest, CallStats>();
        public static void Attach(AmazonWebServiceRequest request, CallStats stats) => Table.Add(request, stats);
        internal static CallStats? Of(AmazonWebServiceRequest? request) => request != null && Table.TryGetValue(request, out var s) ? s : null;
    }

    /// <summary>
    /// One call's HTTP requests, every page and retry: the first goes out at once (the scheduler admitted the call); each
    /// further one first waits for its own admission, so an SDK retry or a next page keeps to the API group's rate instead
    /// of following the admitted request at once (a 500 retried in the pipeline used to cost several unpaced requests).
    /// </summary>
    public sealed class RequestGate
    {
        private readonly Func<CancellationToken, Task>? _admit;
        private int _requests, _admitted;

        public RequestGate(Func<CancellationToken, Task>? admit) { _admit = admit; }

        /// <summary>Requests that waited for an admission of their own (beyond the first).</summary>
        public int Admitted => Volatile.Read(ref _admitted);

        public async Task BeforeRequestAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _requests) == 1 || _admit == null) return;
            await _admit(cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _admitted);
        }
    }

    /// <summary>
    /// Counts every attempt (it sits inside the retry handler) and every throttling answer, for the scheduler's
    /// accounting. Added to our own clients and to the SDK service clients alike.
    /// </summary>
    public sealed class CallStatsHandler : PipelineHandler
    {
        public override void InvokeSync(IExecutionContext executionContext)
        {
            var stats = CallStats.Of(executionContext.RequestContext.OriginalRequest);
            stats?.Gate?.BeforeRequestAsync(executionContext.RequestContext.CancellationToken).GetAwaiter().GetResult();
            stats?.Attempt();
            try { base.InvokeSync(executionContext); }
            catch (AmazonServiceException e) when (AwsErrors.IsThrottling(e.ErrorCode, (int)e.StatusCode)) { stats?.Throttle(); throw; }
        }

        public override async Task<T> InvokeAsync<T>(IExecutionContext executionContext)
        {
            var stats = CallStats.Of(executionContext.RequestContext.OriginalRequest);
            if (stats?.Gate != null) await stats.Gate.BeforeRequestAsync(executionContext.RequestContext.CancellationToken).ConfigureAwait(false);
            stats?.Attempt();
            try { return await base.InvokeAsync<T>(executionContext).ConfigureAwait(false); }
            catch (AmazonServiceException e) when (AwsErrors.IsThrottling(e.ErrorCode, (int)e.StatusCode)) { stats?.Throttle(); throw; }
        }
    }

    internal sealed class SigV4AuthResolver : BaseAuthResolverHandler
    {
        protected override List<IAuthSchemeOption> ResolveAuthOptions(IExecutionContext executionContext) => AuthSchemeOption.DEFAULT_SIGV4;
    }

    /// <summary>A ClientConfig for one service at one endpoint, signed for one region.</summary>
    public sealed class AwsProtocolClientConfig : ClientConfig
    {
        private readonly AwsServiceModel _model;
        private readonly string _endpointUrl;

        public AwsProtocolClientConfig(AwsServiceModel model, AwsServiceEndpoint endpoint, AwsRetrySettings retry)
            : base(new DefaultConfigurationProvider(new IDefaultConfiguration[]
            {
                new DefaultConfiguration
                {
                    Name = DefaultConfigurationMode.Standard, RetryMode = RequestRetryMode.Standard,
                    ConnectTimeout = retry.ConnectTimeout, HttpRequestTimeout = retry.RequestTimeout,
                },
            }))
        {
            _model = model;
            _endpointUrl = endpoint.Url;
            ServiceId = model.ServiceId;
            AuthenticationServiceName = endpoint.SigningName;
            RegionEndpoint = RegionEndpoint.GetBySystemName(endpoint.SigningRegion);
            AuthenticationRegion = endpoint.SigningRegion;
            IgnoreConfiguredEndpointUrls = true; // the resolver already applied AWS_ENDPOINT_URL[_<SERVICE>]
            retry.Apply(this);
        }

        public override string RegionEndpointServiceName => _model.EndpointPrefix;
        public override string ServiceVersion => _model.ApiVersion;
        public override string UserAgent => "WafSecurity/" + typeof(AwsProtocolClientConfig).Assembly.GetName().Version;
        public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) => new Endpoint(_endpointUrl);
    }

    /// <summary>
    /// A generic client for the services without a served SDK package (Lambda, API Gateway v1/v2, Secrets Manager,
    /// IAM, CloudWatch Logs) on AWSSDK.Core's pipeline: SigV4, standard retries with throttling classification,
    /// clock skew, timeouts (aws-access.md 1.5). It sends <see cref="RawRequest"/>s and returns raw bodies; the
    /// callers turn them into CLI documents with the service model.
    /// </summary>
    public sealed class AwsProtocolClient : AmazonServiceClient
    {
        private readonly InvokeOptions _options;

        public AwsProtocolClient(AWSCredentials credentials, AwsProtocolClientConfig config, AwsServiceModel model) : base(credentials, config)
        {
            Model = model;
            _options = new InvokeOptions
            {
                RequestMarshaller = new RawMarshaller(model.ServiceId),
                ResponseUnmarshaller = model.Protocol == "query" || model.Protocol == "ec2" || model.Protocol == "rest-xml"
                    ? (ResponseUnmarshaller)new RawXmlUnmarshaller() : new RawJsonUnmarshaller(),
            };
        }

        public AwsServiceModel Model { get; }

        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            base.CustomizeRuntimePipeline(pipeline);
            pipeline.AddHandlerAfter<Marshaller>(new SigV4AuthResolver());
            pipeline.AddHandlerAfter<RetryHandler>(new CallStatsHandler());
        }

        public Task<RawResponse> SendAsync(RawRequest request, CancellationToken cancellationToken)
            => InvokeAsync<RawResponse>(request, _options, cancellationToken);

        /// <summary>SHA-256 of an empty body, hex.</summary>
        public const string EmptyPayloadSha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

        // ------------------------------------------------------------------ request layout per protocol
        /// <summary>Lays out one call of <paramref name="operation"/> with its input members (by member name).</summary>
        public static RawRequest BuildRequest(AwsServiceModel model, AwsOperationModel operation, IReadOnlyDictionary<string, string> input)
        {
            var r = new RawRequest { OperationName = operation.Name };
            switch (model.Protocol)
            {
                case "rest-json":
                case "rest-xml":
                    r.Method = operation.Method;
                    // S3 and S3 Control refuse SigV4 requests without the payload hash (every call here is a GET without a body).
                    if (model.Protocol == "rest-xml") r.Headers["x-amz-content-sha256"] = EmptyPayloadSha256;
                    var uri = operation.RequestUri;
                    var q = uri.IndexOf('?');
                    if (q >= 0)
                    {
                        foreach (var part in uri.Substring(q + 1).Split('&'))
                        {
                            var eq = part.IndexOf('=');
                            if (eq < 0) r.Query[part] = ""; else r.Query[part.Substring(0, eq)] = part.Substring(eq + 1);
                        }
                        uri = uri.Substring(0, q);
                    }
                    r.ResourcePath = uri;
                    foreach (var kv in input)
                    {
                        var m = operation.Input?.FindMember(kv.Key) ?? throw new ArgumentException($"{model.Service} {operation.Name} has no input member {kv.Key}.");
                        switch (m.Location)
                        {
                            case "uri": r.PathResources["{" + m.WireName + "}"] = kv.Value; break;
                            case "querystring": r.Query[m.WireName] = kv.Value; break;
                            case "header": r.Headers[m.WireName] = kv.Value; break;
                            default: throw new ArgumentException($"{model.Service} {operation.Name}: body input {kv.Key} is not supported for GET operations.");
                        }
                    }
                    break;
                case "json":
                    r.Method = "POST";
                    r.ResourcePath = "/";
                    r.Headers["Content-Type"] = "application/x-amz-json-" + model.JsonVersion;
                    r.Headers["X-Amz-Target"] = model.TargetPrefix + "." + operation.Name;
                    if (model.AwsQueryCompatible) r.Headers["x-amzn-query-mode"] = "true";
                    using (var ms = new MemoryStream())
                    {
                        using (var w = new Utf8JsonWriter(ms))
                        {
                            w.WriteStartObject();
                            foreach (var kv in input)
                            {
                                var m = operation.Input?.FindMember(kv.Key) ?? throw new ArgumentException($"{model.Service} {operation.Name} has no input member {kv.Key}.");
                                if (m.Shape.Type == "integer" || m.Shape.Type == "long") w.WriteNumber(m.WireName, long.Parse(kv.Value, System.Globalization.CultureInfo.InvariantCulture));
                                else if (m.Shape.Type == "boolean") w.WriteBoolean(m.WireName, string.Equals(kv.Value, "true", StringComparison.OrdinalIgnoreCase));
                                else if (m.Shape.Type == "timestamp") w.WriteNumber(m.WireName, EpochSeconds(kv.Value, model, operation, kv.Key));
                                else if (m.Shape.Type == "structure" || m.Shape.Type == "list" || m.Shape.Type == "map")
                                    WriteStructuredInput(w, m, kv.Value, model, operation);
                                else w.WriteString(m.WireName, kv.Value);
                            }
                            w.WriteEndObject();
                        }
                        r.Body = ms.ToArray();
                    }
                    break;
                case "query":
                case "ec2":
                    r.Method = "POST";
                    r.ResourcePath = "/";
                    r.Headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
                    var body = new StringBuilder("Action=").Append(Uri.EscapeDataString(operation.Name))
                        .Append("&Version=").Append(Uri.EscapeDataString(model.ApiVersion));
                    foreach (var kv in input) body.Append('&').Append(Uri.EscapeDataString(kv.Key)).Append('=').Append(Uri.EscapeDataString(kv.Value));
                    r.Body = Encoding.UTF8.GetBytes(body.ToString());
                    break;
                default:
                    throw new NotSupportedException($"Protocol {model.Protocol} of {model.Service}.");
            }
            return r;
        }

        /// <summary>
        /// A list, map or structure input member is given as its JSON text with member names as the model spells them
        /// (for json protocols they are the wire names): CloudWatch MetricDataQueries, SQS AttributeNames.
        /// </summary>
        private static void WriteStructuredInput(Utf8JsonWriter w, AwsMemberRef member, string json, AwsServiceModel model, AwsOperationModel operation)
        {
            JsonDocument document;
            try { document = JsonDocument.Parse(json); }
            catch (JsonException ex) { throw new ArgumentException($"{model.Service} {operation.Name}: {member.Name} must be JSON text: {ex.Message}"); }
            using (document)
            {
                var expected = member.Shape.Type == "list" ? JsonValueKind.Array : JsonValueKind.Object;
                if (document.RootElement.ValueKind != expected)
                    throw new ArgumentException($"{model.Service} {operation.Name}: {member.Name} must be a JSON {(expected == JsonValueKind.Array ? "array" : "object")}.");
                w.WritePropertyName(member.WireName);
                document.RootElement.WriteTo(w);
            }
        }

        /// <summary>JSON protocols send timestamps as epoch seconds; the caller gives ISO 8601 text (or epoch seconds).</summary>
        private static long EpochSeconds(string value, AwsServiceModel model, AwsOperationModel operation, string name)
        {
            if (long.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seconds)) return seconds;
            if (DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var time))
                return time.ToUnixTimeSeconds();
            throw new ArgumentException($"{model.Service} {operation.Name}: {name} '{value}' is not a time.");
        }

        private sealed class RawMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
        {
            private readonly string _serviceName;
            public RawMarshaller(string serviceName) { _serviceName = serviceName; }

            public IRequest Marshall(AmazonWebServiceRequest input)
            {
                var raw = (RawRequest)input;
                var request = new DefaultRequest(raw, _serviceName) { HttpMethod = raw.Method, ResourcePath = raw.ResourcePath };
                foreach (var kv in raw.PathResources) request.AddPathResource(kv.Key, kv.Value);
                foreach (var kv in raw.Query) request.Parameters[kv.Key] = kv.Value;
                if (raw.Query.Count > 0) request.UseQueryString = true;
                foreach (var kv in raw.Headers) request.Headers[kv.Key] = kv.Value;
                if (raw.Body != null) request.Content = raw.Body;
                return request;
            }
        }

        private sealed class RawJsonUnmarshaller : JsonResponseUnmarshaller
        {
            public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext input)
                => new RawResponse { Body = ReadAll(input.Stream), HttpStatusCode = input.ResponseData.StatusCode };

            public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode)
                => AwsErrors.FromJson(ReadAll(input.Stream), Header(input.ResponseData, "x-amzn-ErrorType"), Header(input.ResponseData, "x-amzn-RequestId"), statusCode, innerException,
                    Header(input.ResponseData, "x-amzn-query-error"));
        }

        private sealed class RawXmlUnmarshaller : XmlResponseUnmarshaller
        {
            public override AmazonWebServiceResponse Unmarshall(XmlUnmarshallerContext input)
                => new RawResponse { Body = ReadAll(input.Stream), HttpStatusCode = input.ResponseData.StatusCode };

            public override AmazonServiceException UnmarshallException(XmlUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode)
                => AwsErrors.FromXml(ReadAll(input.Stream), Header(input.ResponseData, "x-amzn-RequestId"), statusCode, innerException);
        }

        private static string? Header(IWebResponseData? data, string name)
            => data != null && data.IsHeaderPresent(name) ? data.GetHeaderValue(name) : null;

        private static string ReadAll(Stream? stream)
        {
            if (stream == null) return "";
            using var reader = new StreamReader(stream, Encoding.UTF8, true, 8192, leaveOpen: true);
            return reader.ReadToEnd();
        }
    }

    /// <summary>AWS error answers of every protocol, and their classification.</summary>
    public static class AwsErrors
    {
        /// <summary>botocore's and the .NET SDK's throttling codes (aws-access.md 1.5).</summary>
        public static readonly IReadOnlyCollection<string> ThrottlingCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            "BandwidthLimitExceeded", "LimitExceededException", "PriorRequestNotComplete", "ProvisionedThroughputExceededException",
            "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException", "SlowDown", "ThrottledException", "Throttling",
            "ThrottlingException", "TooManyRequestsException", "TransactionInProgressException", "EC2ThrottledException",
        };

        public static bool IsThrottling(string? code, int status) => status == 429 || (code != null && ThrottlingCodes.Contains(code));

        /// <param name="queryErrorHeader">x-amzn-query-error ("AWS.SimpleQueueService.NonExistentQueue;Sender") of a query-compatible
        /// service: its code is the one botocore, and so the CLI, reports.</param>
        public static AmazonServiceException FromJson(string body, string? errorTypeHeader, string? requestId, HttpStatusCode status, Exception? inner,
            string? queryErrorHeader = null)
        {
            var queryCode = string.IsNullOrWhiteSpace(queryErrorHeader) ? null : queryErrorHeader!.Split(';')[0].Trim();
            string? code = string.IsNullOrEmpty(queryCode) ? Clean(errorTypeHeader) : queryCode, message = null;
            try
            {
                using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
                var root = doc.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in root.EnumerateObject())
                    {
                        var lower = p.Name.ToLowerInvariant();
                        if (p.Value.ValueKind != JsonValueKind.String) continue;
                        if (code == null && (lower == "__type" || lower == "code")) code = Clean(p.Value.GetString());
                        if (message == null && (lower == "message" || lower == "errormessage")) message = p.Value.GetString();
                    }
                }
            }
            catch (JsonException)
            {
                message = body.Length > 500 ? body.Substring(0, 500) : body;
            }
            // botocore's fallback, so the code matches what the CLI prints: the HTTP status as text.
            code ??= ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new AmazonServiceException(message ?? code, inner, (int)status >= 500 ? ErrorType.Receiver : ErrorType.Sender, code, requestId, status);
        }

        public static AmazonServiceException FromXml(string body, string? requestId, HttpStatusCode status, Exception? inner)
        {
            string? code = null, message = null, type = null;
            try
            {
                var doc = XDocument.Parse(body);
                var error = doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
                code = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
                message = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value;
                type = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Type")?.Value;
                requestId ??= doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "RequestId")?.Value;
            }
            catch (System.Xml.XmlException)
            {
                message = body.Length > 500 ? body.Substring(0, 500) : body;
            }
            code ??= ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var errorType = type == "Receiver" || (int)status >= 500 ? ErrorType.Receiver : ErrorType.Sender;
            return new AmazonServiceException(message ?? code, inner, errorType, code, requestId, status);
        }

        /// <summary>"aws.protocols#Foo:http://..." or "com.amazon.coral#FooException" -> the bare code.</summary>
        internal static string? Clean(string? raw)
        {
            if (string.IsNullOrWhiteSpace(raw)) return null;
            var s = raw!;
            var colon = s.IndexOf(':');
            if (colon >= 0) s = s.Substring(0, colon);
            var hash = s.LastIndexOf('#');
            if (hash >= 0) s = s.Substring(hash + 1);
            s = s.Trim();
            return s.Length == 0 ? null : s;
        }
    }
}
