using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace WafSecurity.Engine.Secrets
{
    /// <summary>One name/value pair judged to hold a secret. Carries the value's hash prefix, never the value.</summary>
    public sealed class SecretDetection
    {
        public SecretDetection(string name, string detector, string valueHash, bool redacted)
        {
            Name = name; Detector = detector; ValueHash = valueHash; Redacted = redacted;
        }

        /// <summary>The variable (or key) name.</summary>
        public string Name { get; }
        /// <summary>Which detector fired, e.g. AwsAccessKeyId, SensitiveName, HighEntropyString.</summary>
        public string Detector { get; }
        /// <summary>The first 8 hex characters of the value's SHA-256: enough to correlate, useless to recover it.</summary>
        public string ValueHash { get; }
        /// <summary>The value was already a "[REDACTED:detector:hash]" marker written by Export-WafInventory.</summary>
        public bool Redacted { get; }

        public override string ToString() => $"{Name} ({Detector}, sha256:{ValueHash})";
    }

    /// <summary>
    /// Decides whether a name/value pair (a Lambda environment variable, a stage variable, a log field) holds a secret.
    /// Order matters: unambiguous references (Secrets Manager / SSM) are cleared first, then strong value patterns fire
    /// whatever the name, then name-based clearing of references, then the weaker name and entropy heuristics.
    /// Thread-safe and stateless apart from its configuration.
    /// </summary>
    public sealed class SecretDetector
    {
        public const string RedactedPrefix = "[REDACTED:";

        /// <summary>The default instance: the thresholds documented in docs/rules/SEC3.Lambda.SecretsInEnvVars.md.</summary>
        public static SecretDetector Default { get; } = new SecretDetector();

        private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
        private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Compiled;

        private static Regex R(string pattern, RegexOptions extra = RegexOptions.None) => new Regex(pattern, Options | extra, MatchTimeout);

        private static readonly Regex RedactedMarker = R(@"^\[REDACTED:([A-Za-z0-9_.\-]+):([0-9A-Fa-f]{8})\]$");

        // Values that only point at a secret stored elsewhere (PW #1760, #7964: these are not secrets).
        private static readonly Regex SecretsManagerArn = R(@"^arn:aws[a-z\-]*:secretsmanager:[a-z0-9\-]*:\d{12}:secret:\S+$");
        private static readonly Regex SsmParameterArn = R(@"^arn:aws[a-z\-]*:ssm:[a-z0-9\-]*:\d{12}:parameter/?\S+$");
        private static readonly Regex DynamicReference = R(@"^\{\{resolve:(secretsmanager|ssm|ssm-secure):[^}]+\}\}$");
        // Any other ARN (a KMS key, a role) identifies a resource; it is never itself a secret.
        private static readonly Regex AnyArn = R(@"^arn:aws[a-z\-]*:[a-z0-9\-]+:[a-z0-9\-]*:(\d{12})?:\S+$");
        // "prod/db/credentials": a Secrets Manager secret name or parameter name (segments of name characters).
        private static readonly Regex SlashedName = R(@"^/?[A-Za-z0-9_.\-+=@]+(/[A-Za-z0-9_.\-+=@]+)+$");
        private static readonly Regex TokenCharset = R(@"^[A-Za-z0-9+/=_\-.~]+$");

        // Strong value detectors: the value alone proves a secret, whatever its name.
        private static readonly (string Detector, Regex Pattern)[] StrongPatterns =
        {
            ("PrivateKey", R(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")),
            ("AwsAccessKeyId", R(@"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")),
            ("JsonWebToken", R(@"(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}")),
            ("GitHubToken", R(@"(?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})")),
            ("SlackWebhook", R(@"https://hooks\.slack\.com/services/T[A-Za-z0-9]+/B[A-Za-z0-9]+/[A-Za-z0-9]+")),
            ("SlackToken", R(@"(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9\-]{10,}")),
            ("StripeKey", R(@"(?<![A-Za-z0-9])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}")),
            ("GoogleApiKey", R(@"(?<![A-Za-z0-9])AIza[0-9A-Za-z_\-]{35}")),
            ("SendGridKey", R(@"SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}")),
            ("NpmToken", R(@"(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}")),
            ("OpenAiKey", R(@"(?<![A-Za-z0-9])sk-(?:proj-|ant-)?[A-Za-z0-9_\-]{32,}")),
        };

        // scheme://user:password@host, where the password is not a ${placeholder}.
        private static readonly Regex UrlWithPassword = R(@"^[A-Za-z][A-Za-z0-9+.\-]*://[^/\s:@]*:([^/\s@]+)@");
        // ADO.NET / JDBC style "...;Password=x;" or "pwd=x".
        private static readonly Regex ConnectionStringPassword = R(@"(?:^|[;?&\s])(?:password|pwd|passwd)\s*=\s*([^;&\s]+)", RegexOptions.IgnoreCase);
        private static readonly Regex AwsSecretKeyShape = R(@"^[A-Za-z0-9/+]{40}$");
        private static readonly Regex PathOrName = R(@"^[A-Za-z0-9_.\-/+=@:]+$");
        private static readonly Regex Placeholder = R(@"^(?:\$\{[^}]*\}|\$\([^)]*\)|\{\{[^}]*\}\}|<[^>]*>|%[A-Za-z0-9_]+%|\*+|x+|X+|-+|\.+|#+)$");
        private static readonly Regex Number = R(@"^[+\-]?\d+(?:\.\d+)?$");
        private static readonly Regex Uuid = R(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
        private static readonly Regex UrlWithoutCredentials = R(@"^[A-Za-z][A-Za-z0-9+.\-]*://[^\s@]+$");

        // Name words that say the value is sensitive.
        private static readonly HashSet<string> SensitiveWords = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "password", "passwd", "pwd", "pass", "passphrase", "secret", "secrets", "token", "apikey", "privatekey",
            "credential", "credentials", "creds", "auth", "authorization", "bearer", "signingkey", "encryptionkey",
            "accesskey", "secretkey", "clientsecret", "sessionkey", "masterkey", "webhook", "dsn",
        };

        // Two-word phrases that say the same (API_KEY, PRIVATE_KEY, ACCESS_KEY ...).
        private static readonly HashSet<string> SensitivePairs = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "api key", "private key", "access key", "secret key", "signing key", "encryption key", "master key",
            "client secret", "session key", "connection string", "conn string", "account key", "shared key", "app key",
        };

        // A final name word that says the value points at or describes a secret rather than being one
        // (SECRET_ARN, DB_PASSWORD_PARAM, TOKEN_TTL, AUTH_DOMAIN ...).
        private static readonly HashSet<string> DescriptorWords = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "arn", "name", "names", "id", "param", "parameter", "ssm", "path", "file", "url", "uri", "endpoint", "host",
            "hostname", "domain", "region", "type", "mode", "method", "header", "enabled", "disabled", "length", "ttl",
            "expiry", "expiration", "expires", "timeout", "issuer", "audience", "scope", "scopes", "provider", "user",
            "username", "policy", "version", "algorithm", "format", "prefix", "suffix", "bucket", "table", "queue",
            "topic", "stream", "ref", "reference", "location", "store", "vault", "rotation", "days", "seconds", "minutes",
            "hours", "count", "size", "min", "max", "required", "allowed", "flag", "level", "strategy", "cache",
        };

        // Words that, when the name mentions a secret, say the value is a reference to a store (*_PARAM, *_SSM ...).
        private static readonly HashSet<string> ReferenceWords = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "arn", "name", "id", "param", "parameter", "ssm", "path", "ref", "reference", "location", "store", "vault",
        };

        private static readonly HashSet<string> NonSecretLiterals = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "true", "false", "yes", "no", "on", "off", "none", "null", "nil", "undefined", "enabled", "disabled", "enable",
            "disable", "required", "optional", "empty", "default", "n/a", "na", "tbd", "todo",
        };

        public SecretDetector(int minimumNamedValueLength = 6, int minimumEntropyLength = 20, double maximumEntropyThreshold = 4.5,
            double entropyFactor = 0.85)
        {
            MinimumNamedValueLength = minimumNamedValueLength;
            MinimumEntropyLength = minimumEntropyLength;
            MaximumEntropyThreshold = maximumEntropyThreshold;
            EntropyFactor = entropyFactor;
        }

        /// <summary>A value under a sensitive name counts as a secret from this length on (shorter: flags, codes).</summary>
        public int MinimumNamedValueLength { get; }
        /// <summary>The shortest value the entropy detector judges.</summary>
        public int MinimumEntropyLength { get; }
        /// <summary>The entropy threshold (bits per character) for long values.</summary>
        public double MaximumEntropyThreshold { get; }
        /// <summary>
        /// For shorter values the threshold is EntropyFactor x log2(length), since a string of n characters cannot exceed
        /// log2(n) bits per character; random base64/alphanumeric strings score about 0.9 to 0.95 of that.
        /// </summary>
        public double EntropyFactor { get; }

        /// <summary>
        /// A rule's IgnorePattern parameter (variable names never to report) compiled case-insensitively; null when empty.
        /// A bad pattern is an ArgumentException naming the parameter.
        /// </summary>
        public static Regex? CompileIgnorePattern(string pattern, string parameterLabel)
        {
            if (string.IsNullOrEmpty(pattern)) return null;
            try
            {
                return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"Parameter {parameterLabel} '{pattern}' is not a valid regular expression: {ex.Message}", ex);
            }
        }

        /// <summary>Every pair whose name is not ignored and whose value looks like a secret, in the order given.</summary>
        public IReadOnlyList<SecretDetection> Scan(IEnumerable<KeyValuePair<string, string>> pairs, Regex? ignoreNames = null)
        {
            var found = new List<SecretDetection>();
            foreach (var pair in pairs)
            {
                if (ignoreNames != null && ignoreNames.IsMatch(pair.Key)) continue;
                var detection = Inspect(pair.Key, pair.Value);
                if (detection != null) found.Add(detection);
            }
            return found;
        }

        /// <summary>The detection for one pair, or null when the value does not look like a secret.</summary>
        public SecretDetection? Inspect(string name, string? value)
        {
            var detector = Classify(name ?? "", value);
            if (detector == null) return null;
            var trimmed = value!.Trim();
            var marker = RedactedMarker.Match(trimmed);
            return marker.Success
                ? new SecretDetection(name ?? "", marker.Groups[1].Value, marker.Groups[2].Value.ToLowerInvariant(), redacted: true)
                : new SecretDetection(name ?? "", detector, HashPrefix(value!), redacted: false);
        }

        /// <summary>The name of the detector that fires for this pair, or null.</summary>
        public string? Classify(string name, string? value)
        {
            if (value == null) return null;
            var text = value.Trim();
            if (text.Length == 0) return null;

            var marker = RedactedMarker.Match(text);
            if (marker.Success) return marker.Groups[1].Value;

            if (SecretsManagerArn.IsMatch(text) || SsmParameterArn.IsMatch(text) || DynamicReference.IsMatch(text) || AnyArn.IsMatch(text)) return null;

            foreach (var (detector, pattern) in StrongPatterns)
                if (pattern.IsMatch(text)) return detector;

            var urlPassword = UrlWithPassword.Match(text);
            if (urlPassword.Success && !IsPlaceholder(urlPassword.Groups[1].Value)) return "UrlCredentials";
            var connectionPassword = ConnectionStringPassword.Match(text);
            if (connectionPassword.Success && !IsPlaceholder(connectionPassword.Groups[1].Value)
                && !NonSecretLiterals.Contains(connectionPassword.Groups[1].Value)) return "ConnectionStringPassword";

            var words = NameWords(name);
            if (IsReference(words, text)) return null;
            if (IsPlainNonSecret(text)) return null;

            // A 40-character AWS secret access key: mixed case and digits; a path (leading '/') is a name, not a key.
            if (AwsSecretKeyShape.IsMatch(text) && text[0] != '/' && HasUpper(text) && HasLower(text) && HasDigit(text)
                && (MentionsAws(words) || IsSensitiveName(words) || Entropy(text) >= 4.5))
                return "AwsSecretAccessKey";

            if (IsSensitiveName(words) && !EndsWithDescriptor(words) && text.Length >= MinimumNamedValueLength) return "SensitiveName";

            if (IsHighEntropy(text)) return "HighEntropyString";
            return null;
        }

        /// <summary>
        /// Every match of the strong value detectors (private key header, AWS key id, JWT, provider tokens) anywhere in a
        /// piece of free text such as a line of source code, with the matched text (for hashing only: never report it).
        /// </summary>
        public static IEnumerable<(string Detector, string Match)> FindStrongPatterns(string text)
        {
            foreach (var (detector, pattern) in StrongPatterns)
                foreach (Match match in pattern.Matches(text))
                    yield return (detector, match.Value);
        }

        /// <summary>True when the variable's name says it holds (or points at) a secret: DB_PASSWORD, API_KEY, TOKEN_SECRET_ARN ...</summary>
        public static bool IsSecretName(string name) => IsSensitiveName(NameWords(name ?? ""));

        /// <summary>
        /// What kind of reference to a stored secret the value is: "SecretsManagerArn", "SsmParameterArn",
        /// "DynamicReference" ({{resolve:...}}), "Name" (a secret name or parameter path), or null when the value is not a
        /// reference. A value the detector flags is never a reference.
        /// </summary>
        public string? ReferenceKind(string name, string? value)
        {
            if (value == null) return null;
            var text = value.Trim();
            if (text.Length == 0 || RedactedMarker.IsMatch(text)) return null;
            if (SecretsManagerArn.IsMatch(text)) return "SecretsManagerArn";
            if (SsmParameterArn.IsMatch(text)) return "SsmParameterArn";
            if (DynamicReference.IsMatch(text)) return "DynamicReference";
            if (AnyArn.IsMatch(text) || Classify(name ?? "", text) != null) return null;
            return IsReference(NameWords(name ?? ""), text) ? "Name" : null;
        }

        /// <summary>The first 8 hex characters of the SHA-256 of the value's UTF-8 bytes.</summary>
        public static string HashPrefix(string value)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(value));
            var builder = new StringBuilder(8);
            for (var i = 0; i < 4; i++) builder.Append(hash[i].ToString("x2"));
            return builder.ToString();
        }

        /// <summary>Shannon entropy of the string's characters, in bits per character.</summary>
        public static double Entropy(string text)
        {
            if (text.Length == 0) return 0;
            var counts = new Dictionary<char, int>();
            foreach (var c in text) counts[c] = counts.TryGetValue(c, out var n) ? n + 1 : 1;
            double entropy = 0;
            foreach (var count in counts.Values)
            {
                var p = (double)count / text.Length;
                entropy -= p * Math.Log(p, 2);
            }
            return entropy;
        }

        /// <summary>The threshold a value of this length must reach to count as random.</summary>
        public double EntropyThreshold(int length) => Math.Min(MaximumEntropyThreshold, EntropyFactor * Math.Log(Math.Max(length, 2), 2));

        private bool IsHighEntropy(string text)
        {
            if (text.Length < MinimumEntropyLength) return false;
            // Only token-like strings: no spaces, not a URL, path, ARN, e-mail or UUID.
            if (text.IndexOf(' ') >= 0 || text[0] == '/' || text.StartsWith("arn:", StringComparison.Ordinal)
                || UrlWithoutCredentials.IsMatch(text) || Uuid.IsMatch(text) || text.IndexOf('@') >= 0) return false;
            if (!TokenCharset.IsMatch(text)) return false;
            // At least three character classes: hex digests, lower-case slugs and dotted names stay below this bar.
            var classes = (HasUpper(text) ? 1 : 0) + (HasLower(text) ? 1 : 0) + (HasDigit(text) ? 1 : 0)
                          + (text.Any(c => "+/=_-.~".IndexOf(c) >= 0) ? 1 : 0);
            if (classes < 3) return false;
            return Entropy(text) >= EntropyThreshold(text.Length);
        }

        private static bool IsPlaceholder(string text) => Placeholder.IsMatch(text) || text.StartsWith("${", StringComparison.Ordinal);

        private static bool IsPlainNonSecret(string text)
            => NonSecretLiterals.Contains(text) || Number.IsMatch(text) || IsPlaceholder(text) || UrlWithoutCredentials.IsMatch(text);

        /// <summary>
        /// A value that names a secret stored elsewhere: the name ends in a reference word (DB_SECRET_NAME, API_KEY_PARAM,
        /// TOKEN_SSM_PATH) and the value is a name or a /path, or the value is an SSM-style /path whatever the name.
        /// </summary>
        private bool IsReference(IReadOnlyList<string> words, string text)
        {
            if (!PathOrName.IsMatch(text)) return false;
            if (words.Count > 0 && ReferenceWords.Contains(words[words.Count - 1])) return true;
            // "/prod/db/password" parameter paths and "prod/db/credentials" secret names, unless the string is random
            // enough to be a key that happens to contain '/' (base64 does).
            return SlashedName.IsMatch(text) && !IsHighEntropy(text) && !(AwsSecretKeyShape.IsMatch(text) && text[0] != '/');
        }

        private static bool IsSensitiveName(IReadOnlyList<string> words)
        {
            for (var i = 0; i < words.Count; i++)
            {
                if (SensitiveWords.Contains(words[i])) return true;
                if (i + 1 < words.Count && SensitivePairs.Contains(words[i] + " " + words[i + 1])) return true;
            }
            return false;
        }

        private static bool EndsWithDescriptor(IReadOnlyList<string> words)
        {
            if (words.Count < 2) return false;
            var last = words[words.Count - 1];
            // KEY_ID is a descriptor only as a pair ("ENCRYPTION_KEY_ID"); a lone trailing "key" is not one.
            if (last.Equals("id", StringComparison.OrdinalIgnoreCase)) return true;
            return DescriptorWords.Contains(last);
        }

        private static bool MentionsAws(IReadOnlyList<string> words) => words.Any(w => w.Equals("aws", StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// The words of a variable name: split on '_', '-', '.', ':', '/' and camelCase boundaries, lower-cased.
        /// Glued words that matter (APIKEY, PRIVATEKEY, ACCESSKEY) are kept whole so they match SensitiveWords.
        /// </summary>
        public static IReadOnlyList<string> NameWords(string name)
        {
            var words = new List<string>();
            var current = new StringBuilder();
            void Flush()
            {
                if (current.Length > 0) words.Add(current.ToString().ToLowerInvariant());
                current.Clear();
            }
            for (var i = 0; i < name.Length; i++)
            {
                var c = name[i];
                if (!char.IsLetterOrDigit(c)) { Flush(); continue; }
                // camelCase: a lower-case letter or digit followed by an upper-case letter starts a new word.
                if (char.IsUpper(c) && current.Length > 0 && i > 0 && char.IsLower(name[i - 1])) Flush();
                current.Append(c);
            }
            Flush();
            return words;
        }

        private static bool HasUpper(string text) => text.Any(char.IsUpper);
        private static bool HasLower(string text) => text.Any(char.IsLower);
        private static bool HasDigit(string text) => text.Any(char.IsDigit);
    }
}
