using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace WafSecurity.Engine.Aws.Protocol
{
    /// <summary>
    /// Turns what a service answered into what the AWS CLI (v1, the default timestamp format "none") prints for it:
    /// JSON wire names become member names, XML becomes typed JSON (lists as arrays, booleans and numbers as such,
    /// IAM policy documents decoded as botocore's json_decode_policies does), and SDK response objects are written with
    /// the model's member names. Members the model does not know are dropped, as botocore's parser drops them.
    /// Timestamps stay in their wire form (epoch seconds for JSON protocols, ISO 8601 text for XML), as the CLI prints them.
    /// </summary>
    public static class CliShapeConverter
    {
        private const string PolicyDocumentShape = "policyDocumentType";

        // ---------------------------------------------------------------- JSON protocols (rest-json, json)
        public static JsonNode? FromJson(JsonElement wire, AwsShape shape)
        {
            switch (shape.Type)
            {
                case "structure":
                    if (wire.ValueKind != JsonValueKind.Object) return null;
                    var obj = new JsonObject();
                    foreach (var m in shape.Members)
                    {
                        if (!m.InBody) continue;
                        if (!wire.TryGetProperty(m.WireName, out var v)) continue;
                        if (v.ValueKind == JsonValueKind.Null) continue;
                        var node = FromJson(v, m.Shape);
                        if (node != null || v.ValueKind == JsonValueKind.Null) obj[m.Name] = node;
                    }
                    return obj;
                case "list":
                    if (wire.ValueKind != JsonValueKind.Array) return null;
                    var arr = new JsonArray();
                    foreach (var item in wire.EnumerateArray()) arr.Add(item.ValueKind == JsonValueKind.Null ? null : FromJson(item, shape.Member!.Shape));
                    return arr;
                case "map":
                    if (wire.ValueKind != JsonValueKind.Object) return null;
                    var map = new JsonObject();
                    foreach (var p in wire.EnumerateObject()) map[p.Name] = p.Value.ValueKind == JsonValueKind.Null ? null : FromJson(p.Value, shape.Value!.Shape);
                    return map;
                default:
                    return JsonNode.Parse(wire.GetRawText());
            }
        }

        // ---------------------------------------------------------------- XML (query)
        public static JsonNode? FromXml(XElement element, AwsShape shape)
        {
            switch (shape.Type)
            {
                case "structure":
                    var obj = new JsonObject();
                    foreach (var m in shape.Members)
                    {
                        if (!m.InBody) continue;
                        if (m.Shape.Type == "list" && (m.Flattened || m.Shape.Flattened))
                        {
                            var itemName = m.LocationName ?? m.Shape.Member!.LocationName ?? m.Name;
                            var items = Children(element, itemName).ToList();
                            if (items.Count == 0) continue;
                            var flat = new JsonArray();
                            foreach (var item in items) flat.Add(FromXml(item, m.Shape.Member!.Shape));
                            obj[m.Name] = flat;
                            continue;
                        }
                        var child = Children(element, m.WireName).FirstOrDefault();
                        if (child == null) continue;
                        if (m.Shape.Type == "string" && m.Shape.Name == PolicyDocumentShape)
                        {
                            obj[m.Name] = DecodePolicy(child.Value);
                            continue;
                        }
                        obj[m.Name] = FromXml(child, m.Shape);
                    }
                    return obj;
                case "list":
                    var arr = new JsonArray();
                    var memberName = shape.Member!.LocationName ?? "member";
                    foreach (var item in Children(element, memberName))
                    {
                        arr.Add(shape.Member.Shape.Name == PolicyDocumentShape ? DecodePolicy(item.Value) : FromXml(item, shape.Member.Shape));
                    }
                    return arr;
                case "map":
                    var map = new JsonObject();
                    var keyName = shape.Key!.LocationName ?? "key";
                    var valueName = shape.Value!.LocationName ?? "value";
                    var entries = shape.Flattened ? element.Elements() : Children(element, "entry");
                    foreach (var entry in entries)
                    {
                        var k = Children(entry, keyName).FirstOrDefault()?.Value;
                        var v = Children(entry, valueName).FirstOrDefault();
                        if (k != null) map[k] = v == null ? null : FromXml(v, shape.Value.Shape);
                    }
                    return map;
                default:
                    return Scalar(element.Value, shape);
            }
        }

        private static IEnumerable<XElement> Children(XElement parent, string localName)
            => parent.Elements().Where(e => e.Name.LocalName == localName);

        private static JsonNode? Scalar(string text, AwsShape shape)
        {
            switch (shape.Type)
            {
                case "boolean":
                    return JsonValue.Create(string.Equals(text.Trim(), "true", StringComparison.OrdinalIgnoreCase));
                case "integer":
                case "long":
                    return long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? JsonValue.Create(l) : JsonValue.Create(text);
                case "double":
                case "float":
                    return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d) : JsonValue.Create(text);
                default:
                    return JsonValue.Create(text);
            }
        }

        /// <summary>botocore's decode_quoted_jsondoc: URL-decode, then parse as JSON; on failure keep the text.</summary>
        public static JsonNode? DecodePolicy(string text)
        {
            try
            {
                return JsonNode.Parse(Uri.UnescapeDataString(text)) ?? JsonValue.Create(text);
            }
            catch (JsonException)
            {
                return JsonValue.Create(text);
            }
        }

        // ---------------------------------------------------------------- SDK response objects (DynamoDB, KMS, STS)
        public static JsonNode? FromSdk(object? value, AwsShape shape)
        {
            if (value == null) return null;
            switch (shape.Type)
            {
                case "structure":
                    var obj = new JsonObject();
                    var type = value.GetType();
                    foreach (var m in shape.Members)
                    {
                        if (!m.InBody) continue;
                        var prop = SdkProperty(type, m.Name);
                        if (prop == null) continue;
                        var node = FromSdk(prop.GetValue(value), m.Shape);
                        if (node != null) obj[m.Name] = node;
                    }
                    return obj;
                case "list":
                    if (!(value is IEnumerable list) || value is string) return null;
                    var arr = new JsonArray();
                    foreach (var item in list) arr.Add(FromSdk(item, shape.Member!.Shape));
                    return arr;
                case "map":
                    if (!(value is IDictionary dict)) return null;
                    var map = new JsonObject();
                    foreach (DictionaryEntry e in dict) map[Convert.ToString(e.Key, CultureInfo.InvariantCulture)!] = FromSdk(e.Value, shape.Value!.Shape);
                    return map;
                case "timestamp":
                    if (value is DateTime dt) return JsonValue.Create(EpochSeconds(dt));
                    if (value is DateTimeOffset dto) return JsonValue.Create(EpochSeconds(dto.UtcDateTime));
                    return JsonValue.Create(value.ToString());
                case "boolean":
                    return value is bool b ? JsonValue.Create(b) : null;
                case "integer":
                case "long":
                    return JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                case "double":
                case "float":
                    return JsonValue.Create(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                case "blob":
                    if (value is MemoryStream ms) return JsonValue.Create(Convert.ToBase64String(ms.ToArray()));
                    if (value is byte[] bytes) return JsonValue.Create(Convert.ToBase64String(bytes));
                    return null;
                default:
                    // Strings and the SDK's ConstantClass enums (whose ToString is the wire value).
                    return JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture));
            }
        }

        /// <summary>Epoch seconds with millisecond precision, the form JSON protocols use on the wire.</summary>
        public static double EpochSeconds(DateTime dt)
        {
            var utc = dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime();
            return Math.Round((utc - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalMilliseconds) / 1000.0;
        }

        private static PropertyInfo? SdkProperty(Type type, string member)
        {
            var p = type.GetProperty(member, BindingFlags.Public | BindingFlags.Instance);
            if (p != null) return p;
            return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(x => string.Equals(x.Name, member, StringComparison.OrdinalIgnoreCase));
        }

        // ---------------------------------------------------------------- pages
        /// <summary>
        /// Merges pages as botocore's PageIterator.build_full_result does for the CLI: result keys concatenated,
        /// the paginator's non-aggregate keys from the first page, output tokens and more-results flags dropped.
        /// Without a paginator the single answer is printed whole.
        /// </summary>
        public sealed class PageMerger
        {
            private readonly AwsPaginator? _paginator;
            private JsonObject? _result;

            public PageMerger(AwsPaginator? paginator) { _paginator = paginator; }

            public void Add(JsonObject page)
            {
                if (_paginator == null)
                {
                    _result = page;
                    return;
                }
                var first = _result == null;
                _result ??= new JsonObject();
                foreach (var key in _paginator.ResultKeys)
                {
                    if (!page.TryGetPropertyValue(key, out var value) || value == null) continue;
                    if (!_result.TryGetPropertyValue(key, out var existing) || existing == null)
                    {
                        page.Remove(key);
                        _result[key] = value;
                    }
                    else if (existing is JsonArray target && value is JsonArray source)
                    {
                        var items = source.ToList();
                        source.Clear();
                        foreach (var item in items) target.Add(item);
                    }
                }
                if (first)
                {
                    // botocore records every non-aggregate key of the first page, null when the page lacks it
                    // (the CLI prints S3 ListBuckets' "Prefix": null).
                    foreach (var key in _paginator.NonAggregateKeys)
                    {
                        page.TryGetPropertyValue(key, out var value);
                        page.Remove(key);
                        _result[key] = value;
                    }
                }
            }

            public JsonObject Result => _result ?? new JsonObject();
        }

        /// <summary>The next page's token from a converted page (member names), or null when this was the last page.</summary>
        public static string? NextToken(JsonObject page, AwsPaginator paginator)
        {
            if (paginator.MoreResults != null)
            {
                if (!page.TryGetPropertyValue(paginator.MoreResults, out var more) || more == null) return null;
                if (more.GetValueKind() == JsonValueKind.False) return null;
            }
            var name = paginator.OutputTokens.FirstOrDefault();
            if (name == null || !page.TryGetPropertyValue(name, out var token) || token == null) return null;
            var text = token.GetValueKind() == JsonValueKind.String ? token.GetValue<string>() : token.ToJsonString();
            return string.IsNullOrEmpty(text) ? null : text;
        }
    }
}
