using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace WafSecurity.Engine.Inventory
{
    /// <summary>
    /// A snapshot held in memory: relative path ("us-east-1/lambda/ListFunctions.json", always '/') to the bytes of the
    /// document the AWS CLI prints for that call. The live collector fills one; <see cref="SnapshotWriter"/> writes it to
    /// disk; <see cref="SnapshotReader.Read(SnapshotDocuments, SnapshotReadOptions?)"/> reads it with the same parser a
    /// folder goes through. Thread-safe for concurrent adds.
    /// </summary>
    public sealed class SnapshotDocuments
    {
        private readonly ConcurrentDictionary<string, byte[]> _files = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);

        public const string ErrorSuffix = ".error.json";

        public int Count => _files.Count;

        /// <summary>The relative paths, sorted ordinally.</summary>
        public IReadOnlyList<string> Paths => _files.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();

        public void Set(string relativePath, byte[] content) => _files[Normalize(relativePath)] = content;
        public void Set(string relativePath, string content) => Set(relativePath, Encoding.UTF8.GetBytes(content));
        /// <summary>Adds unless a document is already there (an alias and its key id can name the same KMS key).</summary>
        public bool TryAdd(string relativePath, byte[] content) => _files.TryAdd(Normalize(relativePath), content);
        public bool TryGet(string relativePath, out byte[] content) => _files.TryGetValue(Normalize(relativePath), out content!);
        public bool Contains(string relativePath) => _files.ContainsKey(Normalize(relativePath));

        /// <summary>"us-east-1/lambda/ListFunctions.json" (key null) or "us-east-1/lambda/GetPolicy/orders-api@live.json".</summary>
        public static string PathOf(string scope, SnapshotOperation op, string? key = null)
            => key == null ? $"{scope}/{op.Service}/{op.Operation}.json" : $"{scope}/{op.Service}/{op.Operation}/{EscapeKey(key)}.json";

        /// <summary>Where a failed call is recorded: the same name with ".error.json".</summary>
        public static string ErrorPathOf(string scope, SnapshotOperation op, string? key = null)
        {
            var path = PathOf(scope, op, key);
            return path.Substring(0, path.Length - ".json".Length) + ErrorSuffix;
        }

        /// <summary>Qualified keys ("name@qualifier": a Lambda alias or version, a DynamoDB table's "@stream") keep their '@' unescaped; everything else is escaped.</summary>
        public static string EscapeKey(string key)
        {
            var at = key.IndexOf('@');
            return at < 0 ? SnapshotKey.Escape(key) : SnapshotKey.EscapeQualified(key.Substring(0, at), key.Substring(at + 1));
        }

        /// <summary>Reads every file of a snapshot folder (for tests and for replaying a recorded snapshot).</summary>
        public static SnapshotDocuments Load(string folder)
        {
            var root = Path.GetFullPath(folder);
            var documents = new SnapshotDocuments();
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                // Answers are JSON; a code package an operator placed (lambda/GetFunction/<name>.zip) is read as well.
                if (!file.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !file.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) continue;
                var relative = file.Substring(root.Length).TrimStart(Path.DirectorySeparatorChar, '/').Replace('\\', '/');
                if (relative.IndexOf('/') < 0 && relative != "account.json") continue; // expected.json and other notes
                documents.Set(relative, File.ReadAllBytes(file));
            }
            return documents;
        }

        internal static string Normalize(string relativePath) => relativePath.Replace('\\', '/').TrimStart('/');
    }
}
