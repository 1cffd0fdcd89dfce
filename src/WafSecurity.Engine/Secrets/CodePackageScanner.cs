using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace WafSecurity.Engine.Secrets
{
    /// <summary>One secret found in a code package: where and which detector, never the value.</summary>
    public sealed class CodeDetection
    {
        public CodeDetection(string path, int line, string detector, string? name, string fingerprint)
        {
            Path = path; Line = line; Detector = detector; Name = name; Fingerprint = fingerprint;
        }

        /// <summary>The zip entry, as the package names it ("src/config.py").</summary>
        public string Path { get; }
        /// <summary>1-based line number within the entry.</summary>
        public int Line { get; }
        public string Detector { get; }
        /// <summary>The assigned name (API_KEY in API_KEY = "..."), when the detection came from an assignment.</summary>
        public string? Name { get; }
        /// <summary>First 8 hex characters of the SHA-256 of the detected value.</summary>
        public string Fingerprint { get; }

        public override string ToString() => $"{Path}:{Line}: {Detector}{(Name == null ? "" : " " + Name)}, sha256:{Fingerprint}";
    }

    /// <summary>What a scan of one code package found and how much of the package it read.</summary>
    public sealed class CodeScanResult
    {
        /// <summary>The function's CodeSha256 (base64) the package was fetched for; null when unknown (a zip placed by hand).</summary>
        public string? CodeSha256 { get; set; }
        /// <summary>Uncompressed bytes of text entries read.</summary>
        public long ScannedBytes { get; set; }
        /// <summary>File entries in the package (directories not counted).</summary>
        public int Entries { get; set; }
        /// <summary>Entries skipped as binary (a NUL byte near the start: images, native libraries, nested archives).</summary>
        public int BinaryEntries { get; set; }
        /// <summary>Some text was not read (an entry or the package over its cap, the time budget spent): no pass without it.</summary>
        public bool Truncated { get; set; }
        public string? TruncatedReason { get; set; }
        public IReadOnlyList<CodeDetection> Detections { get; set; } = Array.Empty<CodeDetection>();
        /// <summary>Detections beyond <see cref="CodeScanLimits.MaxDetections"/>, counted but not listed.</summary>
        public int DetectionsOmitted { get; set; }

        /// <summary>The snapshot document &lt;region&gt;/lambda/CodeScan/&lt;FunctionName&gt;.json (snapshot-format.md).</summary>
        public byte[] ToJson()
        {
            using var stream = new MemoryStream();
            using (var writer = new System.Text.Json.Utf8JsonWriter(stream, new System.Text.Json.JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                if (CodeSha256 == null) writer.WriteNull("CodeSha256"); else writer.WriteString("CodeSha256", CodeSha256);
                writer.WriteNumber("ScannedBytes", ScannedBytes);
                writer.WriteNumber("Entries", Entries);
                writer.WriteNumber("BinaryEntries", BinaryEntries);
                writer.WriteBoolean("Truncated", Truncated);
                if (TruncatedReason == null) writer.WriteNull("TruncatedReason"); else writer.WriteString("TruncatedReason", TruncatedReason);
                writer.WriteStartArray("Detections");
                foreach (var d in Detections)
                {
                    writer.WriteStartObject();
                    writer.WriteString("Path", d.Path);
                    writer.WriteNumber("Line", d.Line);
                    writer.WriteString("Detector", d.Detector);
                    if (d.Name == null) writer.WriteNull("Name"); else writer.WriteString("Name", d.Name);
                    writer.WriteString("Fingerprint", d.Fingerprint);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteNumber("DetectionsOmitted", DetectionsOmitted);
                writer.WriteEndObject();
            }
            return stream.ToArray();
        }
    }

    /// <summary>Bounds of one package scan (Prowler's code scanning hung and ran out of memory without them).</summary>
    public sealed class CodeScanLimits
    {
        /// <summary>Uncompressed bytes read from one entry; the rest of a bigger entry is not scanned (Truncated).</summary>
        public long MaxEntryBytes { get; set; } = 32L * 1024 * 1024;
        /// <summary>Uncompressed bytes read from the whole package: Lambda's own unzipped limit is 250 MB, so more is a zip bomb.</summary>
        public long MaxTotalBytes { get; set; } = 256L * 1024 * 1024;
        public int MaxEntries { get; set; } = 50_000;
        /// <summary>Detections listed; more are counted in DetectionsOmitted.</summary>
        public int MaxDetections { get; set; } = 200;
        /// <summary>Wall time for one package; what is not read by then makes the result Truncated.</summary>
        public TimeSpan TimeBudget { get; set; } = TimeSpan.FromMinutes(2);
    }

    /// <summary>
    /// Scans a Lambda code package (a zip) for secrets, entry by entry and line by line, streaming: no entry is held in
    /// memory whole. Per line it runs the strong value detectors of <see cref="SecretDetector"/> over the text and the
    /// name/value judgement of <see cref="SecretDetector.Classify"/> over literal assignments (NAME = "value",
    /// "name": "value", and NAME=value in .env/.ini/.properties/.yaml files). The entropy-only detector is left out: in
    /// code it fires on every integrity hash and embedded asset. Every detection keeps a fingerprint, never the value.
    /// The one scanner behind live collection and offline zips placed in a snapshot.
    /// </summary>
    public static class CodePackageScanner
    {
        private const int BinaryProbeBytes = 8000;
        // Minified bundles put a whole program on one line: judge long lines in overlapping windows.
        private const int WindowChars = 16 * 1024;
        private const int WindowOverlap = 512;
        private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

        private static readonly Regex QuotedAssignment = new Regex(
            @"(?<name>[A-Za-z_$][A-Za-z0-9_$.\-]{0,100})[""']?\s*(?::=|=>|==|=|:)\s*(?<q>[""'`])(?<value>[^""'`\r\n]{1,1024})\k<q>",
            RegexOptions.CultureInvariant | RegexOptions.Compiled, MatchTimeout);
        private static readonly Regex BareAssignment = new Regex(
            @"^\s*(?:export\s+)?(?<name>[A-Za-z_][A-Za-z0-9_.\-]{0,100})\s*[=:]\s*(?<value>[^\s""'#;][^\s#;]{0,1023})\s*$",
            RegexOptions.CultureInvariant | RegexOptions.Compiled, MatchTimeout);
        private static readonly HashSet<string> ConfigExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            ".env", ".ini", ".cfg", ".conf", ".properties", ".toml", ".yaml", ".yml",
        };

        /// <summary>
        /// Scans a zip read from a seekable stream. Not a zip: <see cref="InvalidDataException"/>. Cancellation ends the scan
        /// with <see cref="OperationCanceledException"/>.
        /// </summary>
        public static CodeScanResult Scan(Stream zip, CodeScanLimits? limits = null, CancellationToken cancellationToken = default)
        {
            limits ??= new CodeScanLimits();
            var result = new CodeScanResult();
            var detections = new List<CodeDetection>();
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var clock = Stopwatch.StartNew();
            long total = 0;
            var stop = false; // a package-wide bound was reached: the remaining entries are counted, not read
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in archive.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (entry.FullName.EndsWith("/", StringComparison.Ordinal)) continue;
                result.Entries++;
                if (stop) continue;
                if (result.Entries > limits.MaxEntries) { stop = Truncate(result, $"more than {limits.MaxEntries} entries"); continue; }
                if (clock.Elapsed > limits.TimeBudget) { stop = Truncate(result, $"the time budget of {limits.TimeBudget.TotalSeconds:N0} s was spent"); continue; }
                var remaining = limits.MaxTotalBytes - total;
                if (remaining <= 0) { stop = Truncate(result, $"more than {limits.MaxTotalBytes} uncompressed bytes"); continue; }

                using var stream = new BoundedStream(entry.Open(), Math.Min(limits.MaxEntryBytes, remaining));
                var probe = new byte[BinaryProbeBytes];
                var probed = stream.ReadFully(probe);
                if (Array.IndexOf(probe, (byte)0, 0, probed) >= 0) { result.BinaryEntries++; total += stream.Consumed; continue; }
                stream.Prefix(probe, probed);
                var config = IsConfigFile(entry.FullName);
                using (var reader = new StreamReader(stream, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true))
                {
                    string? line;
                    var number = 0;
                    while ((line = reader.ReadLine()) != null)
                    {
                        number++;
                        if ((number & 0xFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                        ScanLine(entry.FullName, number, line, config, detections, seen, limits, result);
                    }
                }
                total += stream.Consumed;
                result.ScannedBytes += stream.Consumed;
                if (!stream.Exceeded) continue;
                if (stream.Limit < limits.MaxEntryBytes) stop = Truncate(result, $"more than {limits.MaxTotalBytes} uncompressed bytes");
                else Truncate(result, $"entry {entry.FullName} is larger than {limits.MaxEntryBytes} bytes; only its start was scanned");
            }
            result.Detections = detections;
            return result;
        }

        /// <summary>Marks the scan incomplete; the first reason is kept. Returns true for the caller's stop flag.</summary>
        private static bool Truncate(CodeScanResult result, string reason)
        {
            result.Truncated = true;
            if (result.TruncatedReason == null) result.TruncatedReason = reason;
            return true;
        }

        private static bool IsConfigFile(string path)
        {
            var name = path.Substring(path.LastIndexOf('/') + 1);
            if (name.StartsWith(".env", StringComparison.OrdinalIgnoreCase)) return true;
            return ConfigExtensions.Contains(Path.GetExtension(name));
        }

        private static void ScanLine(string path, int number, string line, bool config, List<CodeDetection> detections, Dictionary<string, int> seen,
            CodeScanLimits limits, CodeScanResult result)
        {
            if (line.Length <= WindowChars)
            {
                ScanText(path, number, line, config, detections, seen, limits, result);
                return;
            }
            for (var start = 0; start < line.Length; start += WindowChars - WindowOverlap)
                ScanText(path, number, line.Substring(start, Math.Min(WindowChars, line.Length - start)), false, detections, seen, limits, result);
        }

        private static void ScanText(string path, int number, string text, bool config, List<CodeDetection> detections, Dictionary<string, int> seen,
            CodeScanLimits limits, CodeScanResult result)
        {
            try
            {
                foreach (var (detector, match) in SecretDetector.FindStrongPatterns(text))
                    Add(new CodeDetection(path, number, detector, null, SecretDetector.HashPrefix(match)));
                foreach (Match assignment in QuotedAssignment.Matches(text))
                    Judge(assignment.Groups["name"].Value, assignment.Groups["value"].Value);
                if (config)
                {
                    var bare = BareAssignment.Match(text);
                    if (bare.Success) Judge(bare.Groups["name"].Value, bare.Groups["value"].Value);
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A pathological line: what it hides was not judged, so the scan is not complete.
                Truncate(result, $"{path}:{number} could not be scanned within the regular-expression time limit");
            }

            void Judge(string name, string value)
            {
                var detector = SecretDetector.Default.Classify(name, value);
                if (detector == null || detector == "HighEntropyString") return;
                // UI text under a password-ish name ("Enter your password") is prose, not a credential.
                if (detector == "SensitiveName" && value.Any(char.IsWhiteSpace)) return;
                Add(new CodeDetection(path, number, detector, name, SecretDetector.HashPrefix(value.Trim())));
            }

            void Add(CodeDetection detection)
            {
                // A strong match inside an assignment is one finding, keyed by place and value: it keeps the strong
                // detector and takes the assigned name.
                var key = $"{detection.Path}\n{detection.Line}\n{detection.Fingerprint}";
                if (seen.TryGetValue(key, out var index))
                {
                    var known = index >= 0 ? detections[index] : null;
                    if (known != null && known.Name == null && detection.Name != null)
                        detections[index] = new CodeDetection(known.Path, known.Line, known.Detector, detection.Name, known.Fingerprint);
                    return;
                }
                if (detections.Count < limits.MaxDetections)
                {
                    seen[key] = detections.Count;
                    detections.Add(detection);
                }
                else
                {
                    seen[key] = -1;
                    result.DetectionsOmitted++;
                }
            }
        }

        /// <summary>
        /// Reads at most <see cref="Limit"/> bytes of an entry, first serving bytes already probed; says whether the entry
        /// had more (so the cap shows as Truncated, never as a clean pass).
        /// </summary>
        private sealed class BoundedStream : Stream
        {
            private readonly Stream _inner;
            private byte[]? _prefix;
            private int _prefixOffset, _prefixLength;

            public BoundedStream(Stream inner, long limit) { _inner = inner; Limit = limit; }

            public long Limit { get; }
            public long Consumed { get; private set; }
            public bool Exceeded { get; private set; }

            public void Prefix(byte[] bytes, int length) { _prefix = bytes; _prefixOffset = 0; _prefixLength = length; }

            public int ReadFully(byte[] buffer)
            {
                var read = 0;
                while (read < buffer.Length)
                {
                    var n = Read(buffer, read, buffer.Length - read);
                    if (n == 0) break;
                    read += n;
                }
                return read;
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                if (_prefix != null && _prefixOffset < _prefixLength)
                {
                    var n = Math.Min(count, _prefixLength - _prefixOffset);
                    Buffer.BlockCopy(_prefix, _prefixOffset, buffer, offset, n);
                    _prefixOffset += n;
                    return n;
                }
                if (Consumed >= Limit)
                {
                    if (!Exceeded && _inner.ReadByte() >= 0) Exceeded = true;
                    return 0;
                }
                var read = _inner.Read(buffer, offset, (int)Math.Min(count, Limit - Consumed));
                Consumed += read;
                return read;
            }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => Consumed; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            protected override void Dispose(bool disposing) { if (disposing) _inner.Dispose(); base.Dispose(disposing); }
        }
    }
}
