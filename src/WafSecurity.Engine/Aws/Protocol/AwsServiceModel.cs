using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace WafSecurity.Engine.Aws.Protocol
{
    /// <summary>
    /// The slice of a botocore service model the engine needs (tools/aws-models/extract_models.py writes it into
    /// Resources/AwsModels): HTTP bindings, paginators as the AWS CLI applies them, and output shapes. With it the
    /// protocol client prints what the CLI prints: member names instead of wire names, lists and scalars from XML,
    /// pages merged on the same result keys.
    /// </summary>
    public sealed class AwsServiceModel
    {
        private static readonly ConcurrentDictionary<string, AwsServiceModel> Cache = new ConcurrentDictionary<string, AwsServiceModel>(StringComparer.OrdinalIgnoreCase);

        private AwsServiceModel(string service, JsonElement root)
        {
            Service = service;
            var meta = root.GetProperty("metadata");
            Protocol = Str(meta, "protocol") ?? throw new InvalidDataException($"model {service}: no protocol");
            ApiVersion = Str(meta, "apiVersion") ?? "";
            TargetPrefix = Str(meta, "targetPrefix");
            JsonVersion = Str(meta, "jsonVersion") ?? "1.0";
            EndpointPrefix = Str(meta, "endpointPrefix") ?? service;
            SigningName = Str(meta, "signingName") ?? EndpointPrefix;
            ServiceId = Str(meta, "serviceId") ?? service;
            AwsQueryCompatible = meta.TryGetProperty("awsQueryCompatible", out _);
            foreach (var s in root.GetProperty("shapes").EnumerateObject()) Shapes[s.Name] = new AwsShape(s.Name, s.Value);
            foreach (var shape in Shapes.Values) shape.Resolve(this);
            foreach (var o in root.GetProperty("operations").EnumerateObject()) Operations[o.Name] = new AwsOperationModel(o.Name, o.Value, this);
        }

        public string Service { get; }
        /// <summary>botocore's protocol name: rest-json, rest-xml, json, query, ec2.</summary>
        public string Protocol { get; }
        public string ApiVersion { get; }
        public string? TargetPrefix { get; }
        public string JsonVersion { get; }
        public string EndpointPrefix { get; }
        public string SigningName { get; }
        public string ServiceId { get; }
        /// <summary>
        /// A json service that once spoke query (CloudWatch, SQS): the CLI sends x-amzn-query-mode and reports the query
        /// error code of the x-amzn-query-error header, so we do the same.
        /// </summary>
        public bool AwsQueryCompatible { get; }
        public Dictionary<string, AwsShape> Shapes { get; } = new Dictionary<string, AwsShape>(StringComparer.Ordinal);
        public Dictionary<string, AwsOperationModel> Operations { get; } = new Dictionary<string, AwsOperationModel>(StringComparer.Ordinal);

        public AwsOperationModel Operation(string name)
            => Operations.TryGetValue(name, out var op) ? op : throw new ArgumentException($"The {Service} model has no operation {name}; add it to tools/aws-models/extract_models.py.");

        public static AwsServiceModel Get(string service) => Cache.GetOrAdd(service, Load);

        private static AwsServiceModel Load(string service)
        {
            var name = "WafSecurity.Engine.Resources.AwsModels." + service + ".json";
            using var stream = typeof(AwsServiceModel).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"No embedded service model {name}.");
            using var doc = JsonDocument.Parse(stream);
            return new AwsServiceModel(service, doc.RootElement);
        }

        internal static string? Str(JsonElement e, string name)
            => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        internal static string[] StrList(JsonElement e, string name)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) return Array.Empty<string>();
            if (v.ValueKind == JsonValueKind.String) return new[] { v.GetString()! };
            if (v.ValueKind == JsonValueKind.Array) return v.EnumerateArray().Select(x => x.GetString()!).ToArray();
            return Array.Empty<string>();
        }
    }

    public sealed class AwsOperationModel
    {
        internal AwsOperationModel(string name, JsonElement e, AwsServiceModel model)
        {
            Name = name;
            var http = e.GetProperty("http");
            Method = AwsServiceModel.Str(http, "method") ?? "POST";
            RequestUri = AwsServiceModel.Str(http, "requestUri") ?? "/";
            var input = AwsServiceModel.Str(e, "input");
            var output = AwsServiceModel.Str(e, "output");
            Input = input == null ? null : model.Shapes[input];
            Output = output == null ? null : model.Shapes[output];
            OutputResultWrapper = AwsServiceModel.Str(e, "outputResultWrapper");
            if (e.TryGetProperty("endpoint", out var endpoint)) HostPrefix = AwsServiceModel.Str(endpoint, "hostPrefix");
            if (e.TryGetProperty("paginator", out var p)) Paginator = new AwsPaginator(p);
        }

        public string Name { get; }
        public string Method { get; }
        public string RequestUri { get; }
        public AwsShape? Input { get; }
        public AwsShape? Output { get; }
        public string? OutputResultWrapper { get; }
        /// <summary>botocore's endpoint.hostPrefix, e.g. "{AccountId}." for S3 Control: labels are input members.</summary>
        public string? HostPrefix { get; }
        public AwsPaginator? Paginator { get; }
    }

    /// <summary>botocore's paginator for an operation, which the AWS CLI applies by default.</summary>
    public sealed class AwsPaginator
    {
        internal AwsPaginator(JsonElement e)
        {
            InputTokens = AwsServiceModel.StrList(e, "input_token");
            OutputTokens = AwsServiceModel.StrList(e, "output_token");
            ResultKeys = AwsServiceModel.StrList(e, "result_key");
            NonAggregateKeys = AwsServiceModel.StrList(e, "non_aggregate_keys");
            LimitKey = AwsServiceModel.Str(e, "limit_key");
            MoreResults = AwsServiceModel.Str(e, "more_results");
        }

        public IReadOnlyList<string> InputTokens { get; }
        public IReadOnlyList<string> OutputTokens { get; }
        public IReadOnlyList<string> ResultKeys { get; }
        public IReadOnlyList<string> NonAggregateKeys { get; }
        public string? LimitKey { get; }
        public string? MoreResults { get; }
    }

    public sealed class AwsShape
    {
        private readonly JsonElement _raw;

        internal AwsShape(string name, JsonElement e)
        {
            Name = name;
            _raw = e.Clone();
            Type = AwsServiceModel.Str(e, "type") ?? "string";
            Flattened = e.TryGetProperty("flattened", out var f) && f.ValueKind == JsonValueKind.True;
            LocationName = AwsServiceModel.Str(e, "locationName");
            Payload = AwsServiceModel.Str(e, "payload");
        }

        public string Name { get; }
        /// <summary>rest-xml/rest-json: the member that is the whole body (its XML root is that member's element).</summary>
        public string? Payload { get; }
        /// <summary>structure, list, map, string, boolean, integer, long, double, float, timestamp, blob.</summary>
        public string Type { get; }
        public bool Flattened { get; }
        public string? LocationName { get; }
        /// <summary>Structure members in model order.</summary>
        public IReadOnlyList<AwsMemberRef> Members { get; private set; } = Array.Empty<AwsMemberRef>();
        public AwsMemberRef? Member { get; private set; }
        public AwsMemberRef? Key { get; private set; }
        public AwsMemberRef? Value { get; private set; }

        public AwsMemberRef? FindMember(string name)
        {
            foreach (var m in Members) if (m.Name == name) return m;
            return null;
        }

        internal void Resolve(AwsServiceModel model)
        {
            if (_raw.TryGetProperty("members", out var members))
                Members = members.EnumerateObject().Select(m => new AwsMemberRef(m.Name, m.Value, model)).ToArray();
            if (_raw.TryGetProperty("member", out var member)) Member = new AwsMemberRef("member", member, model);
            if (_raw.TryGetProperty("key", out var key)) Key = new AwsMemberRef("key", key, model);
            if (_raw.TryGetProperty("value", out var value)) Value = new AwsMemberRef("value", value, model);
        }
    }

    /// <summary>A reference to a shape from a structure member, list member or map key/value.</summary>
    public sealed class AwsMemberRef
    {
        internal AwsMemberRef(string name, JsonElement e, AwsServiceModel model)
        {
            Name = name;
            Shape = model.Shapes[AwsServiceModel.Str(e, "shape")!];
            Location = AwsServiceModel.Str(e, "location");
            LocationName = AwsServiceModel.Str(e, "locationName");
            Flattened = e.TryGetProperty("flattened", out var f) && f.ValueKind == JsonValueKind.True;
        }

        public string Name { get; }
        public AwsShape Shape { get; }
        /// <summary>uri, querystring, header, headers, statusCode; null for the body.</summary>
        public string? Location { get; }
        public string? LocationName { get; }
        public bool Flattened { get; }
        /// <summary>The member's name on the wire (JSON property or XML element).</summary>
        public string WireName => LocationName ?? Name;
        public bool InBody => Location == null;
    }
}
