using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace WafSecurity.Engine.Json
{
    /// <summary>
    /// Reading helpers over System.Text.Json. AWS CLI output uses the service model's member names, whose
    /// casing differs between services, so every lookup here is case-insensitive (snapshot-format.md).
    /// </summary>
    public static class JsonElementExtensions
    {
        public static bool TryGetMember(this JsonElement element, string name, out JsonElement value)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.TryGetProperty(name, out value)) return true;
                foreach (var property in element.EnumerateObject())
                {
                    if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                    {
                        value = property.Value;
                        return true;
                    }
                }
            }
            value = default;
            return false;
        }

        public static JsonElement? Member(this JsonElement element, string name)
            => element.TryGetMember(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : (JsonElement?)null;

        public static string? GetString(this JsonElement element, string name)
        {
            if (!element.TryGetMember(name, out var value)) return null;
            switch (value.ValueKind)
            {
                case JsonValueKind.String: return value.GetString();
                case JsonValueKind.Number: return value.GetRawText();
                case JsonValueKind.True: return "true";
                case JsonValueKind.False: return "false";
                default: return null;
            }
        }

        public static bool? GetBool(this JsonElement element, string name)
        {
            if (!element.TryGetMember(name, out var value)) return null;
            switch (value.ValueKind)
            {
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                case JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed): return parsed;
                default: return null;
            }
        }

        public static long? GetInt64(this JsonElement element, string name)
        {
            if (!element.TryGetMember(name, out var value)) return null;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)) return number;
            if (value.ValueKind == JsonValueKind.String &&
                long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out number)) return number;
            return null;
        }

        public static double? GetDouble(this JsonElement element, string name)
        {
            if (!element.TryGetMember(name, out var value)) return null;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number)) return number;
            if (value.ValueKind == JsonValueKind.String &&
                double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number)) return number;
            return null;
        }

        public static DateTimeOffset? GetTimestamp(this JsonElement element, string name)
            => element.TryGetMember(name, out var value) ? AwsTimestamp.Parse(value) : null;

        /// <summary>Array members; a missing or null member is an empty sequence, a non-array is reported by the caller's shape check.</summary>
        public static IEnumerable<JsonElement> GetArray(this JsonElement element, string name)
        {
            if (element.TryGetMember(name, out var value) && value.ValueKind == JsonValueKind.Array)
                foreach (var item in value.EnumerateArray()) yield return item;
        }

        /// <summary>A string or a list of strings (IAM allows both), as a list.</summary>
        public static List<string> GetStringOrList(this JsonElement value)
        {
            var list = new List<string>();
            if (value.ValueKind == JsonValueKind.String) list.Add(value.GetString()!);
            else if (value.ValueKind == JsonValueKind.Array)
                foreach (var item in value.EnumerateArray())
                    if (item.ValueKind == JsonValueKind.String) list.Add(item.GetString()!);
                    else list.Add(item.GetRawText());
            else if (value.ValueKind == JsonValueKind.Number || value.ValueKind == JsonValueKind.True || value.ValueKind == JsonValueKind.False)
                list.Add(value.GetRawText());
            return list;
        }

        public static Dictionary<string, string> GetStringMap(this JsonElement element, string name)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            if (element.TryGetMember(name, out var value) && value.ValueKind == JsonValueKind.Object)
                foreach (var property in value.EnumerateObject())
                    map[property.Name] = property.Value.ValueKind == JsonValueKind.String
                        ? property.Value.GetString()!
                        : property.Value.GetRawText();
            return map;
        }
    }
}
