using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using WafSecurity.Engine.Iam;
using WafSecurity.Engine.Json;

namespace WafSecurity.Engine.Inventory
{
    /// <summary>
    /// File access for one snapshot folder: finds an operation's answer or its .error.json, parses it once, and turns
    /// every problem into a Fetched state plus one reported issue. Mappers never see a file they cannot trust.
    /// </summary>
    internal sealed class SnapshotFolder
    {
        private const string ErrorSuffix = ".error.json";
        /// <summary>No CLI answer for one call comes near this; a bigger file is refused rather than exhausting memory.</summary>
        internal const long MaxFileBytes = 512L * 1024 * 1024;

        private readonly List<InventoryIssue> _issues;
        private readonly ISnapshotStore _store;

        public SnapshotFolder(ISnapshotStore store, List<InventoryIssue> issues) { _store = store; Root = store.Root; _issues = issues; }

        public string Root { get; }
        public ISnapshotStore Store => _store;

        public string OperationPath(string scope, SnapshotOperation op) => Path.Combine(Root, scope, op.Service, op.Operation + ".json");
        public string OperationDirectory(string scope, SnapshotOperation op) => Path.Combine(Root, scope, op.Service, op.Operation);

        public bool ServiceFolderExists(string scope, string service) => _store.DirectoryExists(Path.Combine(Root, scope, service));

        /// <summary>Reads the list-level answer of an operation (e.g. lambda/ListFunctions.json).</summary>
        public Fetched<T> LoadList<T>(string scope, SnapshotOperation op, Func<JsonElement, T?> map) where T : class
            => Load(OperationPath(scope, op), op, map, absentWhenMissing: false);

        /// <summary>Reads a file (or its .error.json sibling). <paramref name="map"/> returns null for "nothing to return".</summary>
        public Fetched<T> Load<T>(string path, SnapshotOperation op, Func<JsonElement, T?> map, bool absentWhenMissing) where T : class
        {
            var errorPath = path.Substring(0, path.Length - ".json".Length) + ErrorSuffix;
            if (_store.FileExists(path)) return Parse(path, op, map);
            if (_store.FileExists(errorPath)) return ReadError<T>(errorPath, op);
            if (absentWhenMissing) return Fetched<T>.Absent();
            return Fetched<T>.NotCollected(new CallError("NotCollected",
                $"no answer recorded at {Relative(path)}", op.Label, op.IamAction, Relative(path)));
        }

        /// <summary>The keys present under an operation's per-resource folder, with the file that holds each.</summary>
        public Dictionary<string, string> IndexKeys(string scope, SnapshotOperation op)
        {
            var index = new Dictionary<string, string>(StringComparer.Ordinal);
            var directory = OperationDirectory(scope, op);
            if (!_store.DirectoryExists(directory)) return index;
            foreach (var file in _store.EnumerateFiles(directory))
            {
                var name = Path.GetFileName(file);
                string fileKey;
                if (name.EndsWith(ErrorSuffix, StringComparison.OrdinalIgnoreCase)) fileKey = name.Substring(0, name.Length - ErrorSuffix.Length);
                else if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) fileKey = name.Substring(0, name.Length - ".json".Length);
                else continue;
                var key = UnescapeKey(fileKey);
                // An answer wins over an error file for the same key; both are reached through the .json path.
                index[key] = Path.Combine(directory, fileKey + ".json");
            }
            return index;
        }

        public string KeyPath(string scope, SnapshotOperation op, string key)
            => Path.Combine(OperationDirectory(scope, op), EscapeKey(key) + ".json");

        /// <summary>Qualified keys (Lambda qualifiers, a DynamoDB table's "@stream") keep their '@' unescaped.</summary>
        private static string EscapeKey(string key)
        {
            var at = key.IndexOf('@');
            return at < 0 ? SnapshotKey.Escape(key) : SnapshotKey.EscapeQualified(key.Substring(0, at), key.Substring(at + 1));
        }

        private static string UnescapeKey(string fileKey)
        {
            var at = fileKey.IndexOf('@');
            return at < 0 ? SnapshotKey.Unescape(fileKey) : SnapshotKey.Unescape(fileKey.Substring(0, at)) + "@" + SnapshotKey.Unescape(fileKey.Substring(at + 1));
        }

        public void Report(IssueKind kind, string errorId, string target, string message)
        {
            lock (_issues) _issues.Add(new InventoryIssue(kind, errorId, target, message));
        }

        public string Relative(string path)
        {
            // netstandard2.0 has no Path.GetRelativePath; every path here lies under Root.
            var full = Path.GetFullPath(path);
            var relative = full.StartsWith(Root, StringComparison.Ordinal) ? full.Substring(Root.Length).TrimStart(Path.DirectorySeparatorChar, '/') : full;
            return relative.Replace('\\', '/');
        }

        private Fetched<T> Parse<T>(string path, SnapshotOperation op, Func<JsonElement, T?> map) where T : class
        {
            var relative = Relative(path);
            try
            {
                var length = _store.Length(path);
                if (length > MaxFileBytes)
                    return Fail<T>(path, op, "FileTooLarge", $"{length} bytes is more than the {MaxFileBytes} bytes one answer may hold");
                using var document = JsonDocument.Parse(_store.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 64 });
                var value = map(document.RootElement);
                return value == null ? Fetched<T>.Absent() : Fetched<T>.Ok(value);
            }
            catch (JsonException ex)
            {
                return Fail<T>(path, op, "MalformedJson", $"is not valid JSON: {ex.Message}");
            }
            catch (ShapeException ex)
            {
                return Fail<T>(path, op, "InvalidShape", $"is not the shape `aws {op.Service} {CliName(op.Operation)}` prints: {ex.Message}");
            }
            catch (PolicyParseException ex)
            {
                return Fail<T>(path, op, "InvalidPolicy", $"holds a policy that is not valid: {ex.Message}");
            }
            catch (IOException ex)
            {
                return Fail<T>(path, op, "ReadFailed", $"could not be read: {ex.Message}");
            }
            catch (UnauthorizedAccessException ex)
            {
                return Fail<T>(path, op, "ReadFailed", $"could not be read: {ex.Message}");
            }
            Fetched<T> Fail<TOut>(string file, SnapshotOperation operation, string code, string message)
            {
                Report(IssueKind.Error, "WafSecurity.SnapshotParse", relative, $"{relative} {message}");
                return Fetched<T>.Failed(new CallError(code, $"{relative} {message}", operation.Label, operation.IamAction, relative));
            }
        }

        private Fetched<T> ReadError<T>(string errorPath, SnapshotOperation op) where T : class
        {
            var relative = Relative(errorPath);
            try
            {
                using var document = JsonDocument.Parse(_store.ReadAllBytes(errorPath));
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw new ShapeException("an error record must be an object");
                var code = root.GetString("Code") ?? root.GetString("__type") ?? "UnknownError";
                var message = root.GetString("Message") ?? "";
                var status = root.GetInt64("HttpStatus");
                return Fetched<T>.Failed(new CallError(code, message, op.Label, op.IamAction, relative, status.HasValue ? (int?)status.Value : null));
            }
            catch (Exception ex) when (ex is JsonException || ex is ShapeException || ex is IOException)
            {
                Report(IssueKind.Error, "WafSecurity.SnapshotParse", relative, $"{relative} is not a readable error record: {ex.Message}");
                return Fetched<T>.Failed(new CallError("UnknownError", $"the call failed and its error record {relative} is unreadable", op.Label, op.IamAction, relative));
            }
        }

        /// <summary>"GetAccountAuthorizationDetails" to "get-account-authorization-details", for messages.</summary>
        internal static string CliName(string operation)
        {
            var builder = new System.Text.StringBuilder();
            for (var i = 0; i < operation.Length; i++)
            {
                var c = operation[i];
                if (char.IsUpper(c) && i > 0) builder.Append('-');
                builder.Append(char.ToLowerInvariant(c));
            }
            return builder.ToString();
        }
    }
}
