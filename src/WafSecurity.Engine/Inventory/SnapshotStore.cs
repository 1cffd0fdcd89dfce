using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace WafSecurity.Engine.Inventory
{
    /// <summary>
    /// Where a snapshot's files are: a folder on disk, or documents collected live and held in memory. The reader sees
    /// only full paths under <see cref="Root"/>, so one parser serves both.
    /// </summary>
    internal interface ISnapshotStore
    {
        string Root { get; }
        bool FileExists(string path);
        bool DirectoryExists(string path);
        IEnumerable<string> EnumerateFiles(string directory);
        IEnumerable<string> EnumerateDirectories(string directory);
        long Length(string path);
        byte[] ReadAllBytes(string path);
        /// <summary>A seekable read-only stream over a file (code packages are scanned from it, not loaded whole on disk).</summary>
        Stream OpenRead(string path);
    }

    internal sealed class DiskSnapshotStore : ISnapshotStore
    {
        public DiskSnapshotStore(string root) { Root = root; }
        public string Root { get; }
        public bool FileExists(string path) => File.Exists(path);
        public bool DirectoryExists(string path) => Directory.Exists(path);
        public IEnumerable<string> EnumerateFiles(string directory) => Directory.EnumerateFiles(directory);
        public IEnumerable<string> EnumerateDirectories(string directory) => Directory.EnumerateDirectories(directory);
        public long Length(string path) => new FileInfo(path).Length;
        public byte[] ReadAllBytes(string path) => File.ReadAllBytes(path);
        public Stream OpenRead(string path) => File.OpenRead(path);
    }

    /// <summary>An in-memory snapshot seen through a virtual root folder (nothing is read from or written to it).</summary>
    internal sealed class MemorySnapshotStore : ISnapshotStore
    {
        private readonly SnapshotDocuments _documents;
        private readonly List<string> _paths;

        public MemorySnapshotStore(SnapshotDocuments documents, string root)
        {
            _documents = documents; Root = root;
            _paths = documents.Paths.ToList();
        }

        public string Root { get; }

        private string? Key(string path)
        {
            var full = Path.GetFullPath(path);
            if (!full.StartsWith(Root, StringComparison.Ordinal)) return null;
            return full.Substring(Root.Length).Replace('\\', '/').Trim('/');
        }

        public bool FileExists(string path) { var key = Key(path); return key != null && _documents.Contains(key); }

        public bool DirectoryExists(string path)
        {
            var key = Key(path);
            if (key == null) return false;
            if (key.Length == 0) return true;
            var prefix = key + "/";
            return _paths.Any(p => p.StartsWith(prefix, StringComparison.Ordinal));
        }

        public IEnumerable<string> EnumerateFiles(string directory)
        {
            var key = Key(directory);
            if (key == null) yield break;
            var prefix = key.Length == 0 ? "" : key + "/";
            foreach (var p in _paths)
                if (p.StartsWith(prefix, StringComparison.Ordinal) && p.IndexOf('/', prefix.Length) < 0)
                    yield return Path.Combine(Root, p.Replace('/', Path.DirectorySeparatorChar));
        }

        public IEnumerable<string> EnumerateDirectories(string directory)
        {
            var key = Key(directory);
            if (key == null) return Enumerable.Empty<string>();
            var prefix = key.Length == 0 ? "" : key + "/";
            return _paths.Where(p => p.StartsWith(prefix, StringComparison.Ordinal) && p.IndexOf('/', prefix.Length) > 0)
                .Select(p => p.Substring(prefix.Length, p.IndexOf('/', prefix.Length) - prefix.Length)).Distinct(StringComparer.Ordinal)
                .Select(name => Path.Combine(Root, (prefix + name).Replace('/', Path.DirectorySeparatorChar))).ToList();
        }

        public long Length(string path) => ReadAllBytes(path).LongLength;
        public Stream OpenRead(string path) => new MemoryStream(ReadAllBytes(path), writable: false);

        public byte[] ReadAllBytes(string path)
        {
            var key = Key(path);
            if (key != null && _documents.TryGet(key, out var content)) return content;
            throw new FileNotFoundException("no such document in the collected snapshot", path);
        }
    }
}
