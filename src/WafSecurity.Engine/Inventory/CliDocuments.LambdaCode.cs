using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using WafSecurity.Engine.Json;
using WafSecurity.Engine.Secrets;

namespace WafSecurity.Engine.Inventory
{
    internal static partial class CliDocuments
    {
        /// <summary>What replaces GetFunction's Code.Location in every stored document: the URL is a bearer credential.</summary>
        public const string RedactedCodeLocation = "[REDACTED:presigned-url]";

        /// <summary>The parts of an `aws lambda get-function` answer the collector needs to fetch the package.</summary>
        public sealed class FunctionCode
        {
            public string? Location { get; set; }
            public string? RepositoryType { get; set; }
            public string? CodeSha256 { get; set; }
            public long? CodeSize { get; set; }
            public string? PackageType { get; set; }
        }

        /// <summary>aws lambda get-function: {"Configuration": {...}, "Code": {"RepositoryType": "S3", "Location": "https://..."}, ...}.</summary>
        public static FunctionCode GetFunctionCode(JsonElement root)
        {
            RequireObject(root);
            var configuration = root.Member("Configuration");
            var code = root.Member("Code");
            if (code is JsonElement c && c.ValueKind != JsonValueKind.Object) throw new ShapeException("'Code' must be an object");
            return new FunctionCode
            {
                Location = code?.GetString("Location"),
                RepositoryType = code?.GetString("RepositoryType"),
                CodeSha256 = configuration?.GetString("CodeSha256"),
                CodeSize = configuration?.GetInt64("CodeSize"),
                PackageType = configuration?.GetString("PackageType"),
            };
        }

        /// <summary>The get-function answer with Code.Location replaced by <see cref="RedactedCodeLocation"/> (indented JSON).</summary>
        public static string RedactCodeLocation(string json)
        {
            var node = JsonNode.Parse(json) as JsonObject ?? throw new ShapeException("expected a JSON object at the top");
            foreach (var member in node)
            {
                if (!string.Equals(member.Key, "Code", System.StringComparison.OrdinalIgnoreCase) || !(member.Value is JsonObject code)) continue;
                var names = new List<string>();
                foreach (var field in code) if (string.Equals(field.Key, "Location", System.StringComparison.OrdinalIgnoreCase)) names.Add(field.Key);
                foreach (var name in names) code[name] = RedactedCodeLocation;
            }
            return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        }

        /// <summary>lambda/CodeScan/&lt;FunctionName&gt;.json, written by <see cref="CodeScanResult.ToJson"/>.</summary>
        public static CodeScanResult CodeScan(JsonElement root)
        {
            RequireObject(root);
            var detections = new List<CodeDetection>();
            var index = 0;
            foreach (var item in RequireArray(root, "Detections"))
            {
                var where = $"Detections[{index++}]";
                var line = item.ValueKind == JsonValueKind.Object ? item.GetInt64("Line") : null;
                if (line == null || line < 0 || line > int.MaxValue) throw new ShapeException($"{where} has no 'Line' number");
                var fingerprint = RequireString(item, "Fingerprint", where);
                detections.Add(new CodeDetection(RequireString(item, "Path", where), (int)line.Value, RequireString(item, "Detector", where),
                    item.GetString("Name"), fingerprint));
            }
            return new CodeScanResult
            {
                CodeSha256 = root.GetString("CodeSha256"),
                ScannedBytes = root.GetInt64("ScannedBytes") ?? 0,
                Entries = (int)(root.GetInt64("Entries") ?? 0),
                BinaryEntries = (int)(root.GetInt64("BinaryEntries") ?? 0),
                Truncated = root.GetBool("Truncated") ?? false,
                TruncatedReason = root.GetString("TruncatedReason"),
                Detections = detections,
                DetectionsOmitted = (int)(root.GetInt64("DetectionsOmitted") ?? 0),
            };
        }
    }
}
