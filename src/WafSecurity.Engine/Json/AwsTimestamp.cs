using System;
using System.Globalization;
using System.Text.Json;

namespace WafSecurity.Engine.Json
{
    /// <summary>
    /// Timestamps in every form the AWS CLI prints: ISO 8601 with an offset or Z, with or without fractional
    /// seconds, Lambda's "+0000" offset, and epoch seconds as a JSON number (AWS CLI v1's default).
    /// </summary>
    public static class AwsTimestamp
    {
        private static readonly string[] Formats =
        {
            "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK",
            "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz",
            "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd",
        };

        public static DateTimeOffset? Parse(JsonElement value)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Number:
                    return value.TryGetDouble(out var seconds) ? FromEpochSeconds(seconds) : null;
                case JsonValueKind.String:
                    return Parse(value.GetString());
                default:
                    return null;
            }
        }

        public static DateTimeOffset? Parse(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            text = text!.Trim();
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && !text.Contains("-"))
                return FromEpochSeconds(seconds);
            // Lambda prints "2024-01-05T10:00:00.000+0000": insert the colon .NET wants in the offset.
            if (text.Length > 5 && (text[text.Length - 5] == '+' || text[text.Length - 5] == '-') && text.IndexOf('T') > 0
                && char.IsDigit(text[text.Length - 1]) && text.IndexOf(':', text.Length - 5) < 0)
                text = text.Substring(0, text.Length - 2) + ":" + text.Substring(text.Length - 2);
            if (DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
                return parsed;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out parsed))
                return parsed;
            return null;
        }

        private static DateTimeOffset? FromEpochSeconds(double seconds)
        {
            if (double.IsNaN(seconds) || seconds < 0 || seconds > 253402300799) return null;
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
        }
    }
}
