using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using WafSecurity.Engine.Json;

namespace WafSecurity.Engine.Tests.Aws
{
    /// <summary>
    /// "Semantically equal JSON": same members (order ignored), same array order, numbers by value, and timestamps as
    /// instants (epoch seconds, ISO 8601 with any offset) within a millisecond.
    /// </summary>
    internal static class JsonSemantics
    {
        public static IReadOnlyList<string> Differences(string expected, string actual)
        {
            using var e = JsonDocument.Parse(expected);
            using var a = JsonDocument.Parse(actual);
            var diffs = new List<string>();
            Compare(e.RootElement, a.RootElement, "$", diffs);
            return diffs;
        }

        private static void Compare(JsonElement e, JsonElement a, string path, List<string> diffs)
        {
            if (diffs.Count > 20) return;
            if (e.ValueKind == JsonValueKind.Object && a.ValueKind == JsonValueKind.Object)
            {
                var ep = e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
                var ap = a.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
                foreach (var kv in ep)
                {
                    if (!ap.TryGetValue(kv.Key, out var av)) diffs.Add($"{path}.{kv.Key}: missing (expected {Short(kv.Value)})");
                    else Compare(kv.Value, av, path + "." + kv.Key, diffs);
                }
                foreach (var kv in ap) if (!ep.ContainsKey(kv.Key)) diffs.Add($"{path}.{kv.Key}: unexpected {Short(kv.Value)}");
                return;
            }
            if (e.ValueKind == JsonValueKind.Array && a.ValueKind == JsonValueKind.Array)
            {
                var ea = e.EnumerateArray().ToList();
                var aa = a.EnumerateArray().ToList();
                if (ea.Count != aa.Count) { diffs.Add($"{path}: {ea.Count} items expected, {aa.Count} found"); return; }
                for (var i = 0; i < ea.Count; i++) Compare(ea[i], aa[i], $"{path}[{i}]", diffs);
                return;
            }
            if (ScalarEqual(e, a)) return;
            diffs.Add($"{path}: expected {Short(e)}, found {Short(a)}");
        }

        private static bool ScalarEqual(JsonElement e, JsonElement a)
        {
            if (e.ValueKind == a.ValueKind)
            {
                switch (e.ValueKind)
                {
                    case JsonValueKind.String when e.GetString() == a.GetString(): return true;
                    case JsonValueKind.Number when e.GetDecimal() == a.GetDecimal(): return true;
                    case JsonValueKind.True:
                    case JsonValueKind.False:
                    case JsonValueKind.Null:
                        return true;
                }
            }
            var et = Instant(e);
            var at = Instant(a);
            return et != null && at != null && Math.Abs((et.Value - at.Value).TotalMilliseconds) <= 1;
        }

        private static DateTimeOffset? Instant(JsonElement v)
        {
            if (v.ValueKind == JsonValueKind.String)
            {
                var s = v.GetString() ?? "";
                if (s.Length < 10 || !char.IsDigit(s[0]) || s[4] != '-') return null;
            }
            else if (v.ValueKind != JsonValueKind.Number) return null;
            return AwsTimestamp.Parse(v);
        }

        private static string Short(JsonElement v)
        {
            var s = v.GetRawText();
            return s.Length > 160 ? s.Substring(0, 160) + "..." : s;
        }
    }
}
