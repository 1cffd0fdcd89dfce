using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace WafSecurity.Engine.Secrets
{
    /// <summary>A secret found in free text: where it is, which detector fired, and the value's hash prefix (never the value).</summary>
    public sealed class TextSecret
    {
        public TextSecret(int start, int length, string name, string detector, string valueHash, bool redacted)
        {
            Start = start; Length = length; Name = name; Detector = detector; ValueHash = valueHash; Redacted = redacted;
        }

        public int Start { get; }
        public int Length { get; }
        /// <summary>The key the value was written under ("password" in password=...), or "" for a bare token.</summary>
        public string Name { get; }
        public string Detector { get; }
        public string ValueHash { get; }
        /// <summary>The text already held a "[REDACTED:detector:hash8]" marker here.</summary>
        public bool Redacted { get; }
    }

    /// <summary>
    /// Finds secrets in a log message with <see cref="SecretDetector"/>: "key": "value" and key=value / key: value pairs are
    /// judged as name/value pairs (every detector), bare tokens only by the detectors whose value alone proves a secret
    /// (access keys, tokens, private keys, credentials in URLs or connection strings): a random-looking bare token in a log
    /// line is usually an id, not a secret. Redaction replaces each finding with the marker Export-WafInventory writes for
    /// environment values, "[REDACTED:&lt;detector&gt;:&lt;first 8 hex of SHA-256&gt;]", which <see cref="Scan"/> reports again.
    /// </summary>
    public sealed class LogMessageScanner
    {
        private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
        private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Compiled;

        private static readonly Regex Marker = new Regex(@"\[REDACTED:([A-Za-z0-9_.\-]+):([0-9A-Fa-f]{8})\]", Options, MatchTimeout);
        private static readonly Regex PemBlock = new Regex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----.*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)",
            Options | RegexOptions.Singleline, MatchTimeout);
        // "name": "value" (JSON logs); the value may hold escaped quotes.
        private static readonly Regex JsonPair = new Regex(@"""(?<name>[A-Za-z0-9_.\-]{1,64})""\s*:\s*""(?<value>(?:[^""\\]|\\.)*)""", Options, MatchTimeout);
        // name=value or name: value (key/value logs); the value ends at whitespace, a quote, ',' or ';' (not '&': over-redacting a query string is safe, cutting a password short is not).
        private static readonly Regex KeyValuePair = new Regex(@"(?<![A-Za-z0-9_.\-])(?<name>[A-Za-z][A-Za-z0-9_.\-]{0,63})\s*[=:]\s*(?<value>[^\s""',;]+)", Options, MatchTimeout);
        private static readonly Regex BareToken = new Regex(@"[^\s""',;()\[\]{}<>]+", Options, MatchTimeout);

        /// <summary>Detectors trusted on a bare token (no name to go by).</summary>
        private static readonly HashSet<string> ValueOnlyDetectors = new HashSet<string>(StringComparer.Ordinal)
        {
            "AwsAccessKeyId", "JsonWebToken", "GitHubToken", "SlackWebhook", "SlackToken", "StripeKey", "GoogleApiKey", "SendGridKey",
            "NpmToken", "OpenAiKey", "UrlCredentials", "ConnectionStringPassword", "PrivateKey",
        };

        public LogMessageScanner(SecretDetector? detector = null) { Detector = detector ?? SecretDetector.Default; }

        public static LogMessageScanner Default { get; } = new LogMessageScanner();

        public SecretDetector Detector { get; }

        /// <summary>Every secret in the message, in order, without overlaps (markers first, then pairs, then bare tokens).</summary>
        public IReadOnlyList<TextSecret> Scan(string? message)
        {
            var found = new List<TextSecret>();
            if (string.IsNullOrEmpty(message)) return found;
            var text = message!;
            bool Free(int start, int length) => !found.Any(f => start < f.Start + f.Length && f.Start < start + length);

            foreach (Match m in Marker.Matches(text))
                found.Add(new TextSecret(m.Index, m.Length, "", m.Groups[1].Value, m.Groups[2].Value.ToLowerInvariant(), redacted: true));
            foreach (Match m in PemBlock.Matches(text))
                if (Free(m.Index, m.Length)) found.Add(Raw(m.Index, m.Length, "", "PrivateKey", m.Value));
            foreach (var pairs in new[] { JsonPair, KeyValuePair })
                foreach (Match m in pairs.Matches(text))
                {
                    var value = m.Groups["value"];
                    if (value.Length == 0) continue;
                    if (!Free(value.Index, value.Length))
                    {
                        // A marker written as a pair's value keeps the key it was written under ("password": "[REDACTED:...]").
                        var marker = found.FindIndex(f => f.Redacted && f.Name.Length == 0 && f.Start == value.Index && f.Length == value.Length);
                        if (marker >= 0) found[marker] = new TextSecret(found[marker].Start, found[marker].Length, m.Groups["name"].Value, found[marker].Detector, found[marker].ValueHash, redacted: true);
                        continue;
                    }
                    var detector = Detector.Classify(m.Groups["name"].Value, value.Value);
                    if (detector != null) found.Add(Raw(value.Index, value.Length, m.Groups["name"].Value, detector, value.Value));
                }
            foreach (Match m in BareToken.Matches(text))
            {
                if (!Free(m.Index, m.Length)) continue;
                var detector = Detector.Classify("", m.Value);
                if (detector != null && ValueOnlyDetectors.Contains(detector)) found.Add(Raw(m.Index, m.Length, "", detector, m.Value));
            }
            return found.OrderBy(f => f.Start).ToList();
        }

        /// <summary>The message with every raw finding replaced by its marker, and how many were replaced.</summary>
        public (string Text, int Count) Redact(string? message)
        {
            if (string.IsNullOrEmpty(message)) return (message ?? "", 0);
            var secrets = Scan(message).Where(s => !s.Redacted).ToList();
            if (secrets.Count == 0) return (message!, 0);
            var builder = new StringBuilder(message!.Length);
            var at = 0;
            foreach (var secret in secrets)
            {
                builder.Append(message, at, secret.Start - at);
                builder.Append(SecretDetector.RedactedPrefix).Append(secret.Detector).Append(':').Append(secret.ValueHash).Append(']');
                at = secret.Start + secret.Length;
            }
            builder.Append(message, at, message.Length - at);
            return (builder.ToString(), secrets.Count);
        }

        private static TextSecret Raw(int start, int length, string name, string detector, string value)
            => new TextSecret(start, length, name, detector, SecretDetector.HashPrefix(value), redacted: false);
    }
}
