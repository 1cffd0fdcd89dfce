using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace WafSecurity.Engine.Secrets
{
    /// <summary>
    /// Finds (and redacts) secrets among the string values of a JSON document such as a Step Functions (ASL) definition.
    /// Each value is reported under its JSON path (States.CallApi.Parameters.Headers.Authorization). The detector judges
    /// the name from the innermost state down (Parameters.Headers.Authorization), so a state called "RefreshToken" does not
    /// make every value inside it look like a token; values that are expressions (keys ending ".$", "$..." paths, JSONata
    /// "{% ... %}") and ASL keywords (Type, Next, StartAt, Resource ...) are judged by their value alone.
    /// </summary>
    public static class DefinitionSecrets
    {
        private static readonly HashSet<string> AslKeywords = new HashSet<string>(StringComparer.Ordinal)
        {
            "Type", "Next", "StartAt", "Default", "Comment", "Resource", "QueryLanguage", "Version", "ResultPath", "InputPath",
            "OutputPath", "ItemsPath", "Variable", "ErrorEquals", "Error", "Cause", "Mode", "ExecutionType", "TimestampPath",
            "SecondsPath", "Timestamp", "StringEquals", "StringMatches", "Label",
        };

        /// <summary>Every flagged string value, in document order; the detection's Name is the value's JSON path.</summary>
        /// <exception cref="JsonException">The text is not JSON.</exception>
        public static IReadOnlyList<SecretDetection> Scan(string json, SecretDetector detector, Regex? ignorePaths = null)
        {
            var found = new List<SecretDetection>();
            Visit(JsonNode.Parse(json), detector, ignorePaths, (path, detection, _, _) => found.Add(detection));
            return found;
        }

        /// <summary>The document with flagged values replaced by "[REDACTED:detector:hash8]", or null when nothing was flagged.</summary>
        public static string? Redact(string json, SecretDetector detector, out int count)
        {
            JsonNode? root;
            try { root = JsonNode.Parse(json); }
            catch (JsonException) { count = 0; return null; }
            var replaced = 0;
            Visit(root, detector, null, (path, detection, parent, key) =>
            {
                if (detection.Redacted) return;
                var marker = $"{SecretDetector.RedactedPrefix}{detection.Detector}:{detection.ValueHash}]";
                if (parent is JsonObject obj) obj[(string)key] = marker;
                else if (parent is JsonArray array) array[(int)key] = marker;
                replaced++;
            });
            count = replaced;
            return replaced == 0 ? null : root!.ToJsonString();
        }

        private static void Visit(JsonNode? root, SecretDetector detector, Regex? ignorePaths, Action<string, SecretDetection, JsonNode, object> onFound)
        {
            // (node, path segments, index of the first segment below the innermost state, parent, key in parent)
            var stack = new Stack<(JsonNode? Node, List<string> Path, int Inner, JsonNode? Parent, object? Key)>();
            stack.Push((root, new List<string>(), 0, null, null));
            var hits = new List<(string, SecretDetection, JsonNode, object)>();
            while (stack.Count > 0)
            {
                var (node, path, inner, parent, key) = stack.Pop();
                switch (node)
                {
                    case JsonObject obj:
                        foreach (var property in obj.Reverse())
                        {
                            var childPath = new List<string>(path) { property.Key };
                            // Below "States.<name>" the name starts afresh: the state's own name says nothing about a value.
                            var childInner = path.Count >= 1 && path[path.Count - 1] == "States" ? childPath.Count : inner;
                            stack.Push((property.Value, childPath, childInner, obj, property.Key));
                        }
                        break;
                    case JsonArray array:
                        for (var i = array.Count - 1; i >= 0; i--)
                            stack.Push((array[i], new List<string>(path) { i.ToString(System.Globalization.CultureInfo.InvariantCulture) }, inner, array, i));
                        break;
                    case JsonValue value when value.TryGetValue<string>(out var text) && parent != null:
                        var fullPath = string.Join(".", path);
                        if (ignorePaths != null && ignorePaths.IsMatch(fullPath)) break;
                        var detection = detector.Inspect(NameFor(path, inner, text), text);
                        if (detection != null)
                            hits.Add((fullPath, new SecretDetection(fullPath, detection.Detector, detection.ValueHash, detection.Redacted), parent, key!));
                        break;
                }
            }
            foreach (var (path, detection, parent, key) in hits) onFound(path, detection, parent, key);
        }

        /// <summary>The name the detector judges: the path below the innermost state, or just the member for keywords and expressions.</summary>
        private static string NameFor(List<string> path, int inner, string value)
        {
            var last = path.Count == 0 ? "" : path[path.Count - 1];
            var trimmed = value.TrimStart();
            if (AslKeywords.Contains(last) || last.EndsWith(".$", StringComparison.Ordinal) || trimmed.StartsWith("$", StringComparison.Ordinal)
                || trimmed.StartsWith("{%", StringComparison.Ordinal) || int.TryParse(last, out _) && path.Count >= 2 && AslKeywords.Contains(path[path.Count - 2]))
                return "value";
            return string.Join(".", path.Skip(Math.Min(inner, path.Count)));
        }
    }
}
