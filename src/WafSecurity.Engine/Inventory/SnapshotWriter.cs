using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WafSecurity.Engine.Secrets;

namespace WafSecurity.Engine.Inventory
{
    public sealed class SnapshotWriteOptions
    {
        /// <summary>Write Lambda environment values as AWS returned them (default: detected secrets are redacted).</summary>
        public bool NoRedaction { get; set; }
        /// <summary>Replace a folder that already holds files.</summary>
        public bool Force { get; set; }
        public SecretDetector Detector { get; set; } = SecretDetector.Default;
    }

    public sealed class SnapshotWriteResult
    {
        public SnapshotWriteResult(string path, int files, int redactedValues) { Path = path; Files = files; RedactedValues = redactedValues; }
        public string Path { get; }
        public int Files { get; }
        public int RedactedValues { get; }
    }

    /// <summary>The target folder holds files and replacing it was not asked for.</summary>
    public sealed class SnapshotExistsException : IOException
    {
        public SnapshotExistsException(string message) : base(message) { }
    }

    /// <summary>
    /// Writes an in-memory snapshot to a folder (snapshot-format.md): all files go to a temporary folder next to the target,
    /// readable by the owner only (Unix 700/600), which then takes the target's place, so a reader sees the old snapshot
    /// or the new one, never half of one, and an interrupted export leaves nothing behind. Lambda environment values the
    /// secret detector flags are written as "[REDACTED:detector:hash8]" unless redaction is turned off; raw values never
    /// reach the disk, not even the temporary folder.
    /// </summary>
    public static class SnapshotWriter
    {
        public static SnapshotWriteResult Write(SnapshotDocuments documents, string targetFolder, SnapshotWriteOptions? options = null)
        {
            options ??= new SnapshotWriteOptions();
            var target = Path.GetFullPath(targetFolder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            if (File.Exists(target)) throw new SnapshotExistsException($"'{target}' is a file, not a folder.");
            var replacing = Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any();
            if (replacing && !options.Force)
                throw new SnapshotExistsException($"The folder '{target}' is not empty. Use -Force to replace it, or choose an empty or new folder.");

            var parent = Path.GetDirectoryName(target) ?? throw new IOException($"'{target}' has no parent folder.");
            Directory.CreateDirectory(parent);
            var name = Path.GetFileName(target);
            var staging = Path.Combine(parent, "." + name + ".tmp-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            var redacted = 0;
            try
            {
                CreatePrivateDirectory(staging);
                foreach (var relative in documents.Paths)
                {
                    documents.TryGet(relative, out var content);
                    if (!options.NoRedaction && IsLambdaDocument(relative))
                    {
                        var result = RedactEnvironment(content, options.Detector);
                        if (result.Content != null) { content = result.Content; redacted += result.Count; }
                    }
                    if (!options.NoRedaction && IsStateMachineDescription(relative))
                    {
                        var result = RedactDefinition(content, options.Detector);
                        if (result.Content != null) { content = result.Content; redacted += result.Count; }
                    }
                    var path = Path.Combine(staging, relative.Replace('/', Path.DirectorySeparatorChar));
                    CreatePrivateDirectories(staging, Path.GetDirectoryName(path)!);
                    WritePrivateFile(path, content);
                }
                Publish(staging, target, parent, name);
            }
            catch
            {
                TryDelete(staging);
                throw;
            }
            return new SnapshotWriteResult(target, documents.Count, redacted);
        }

        private static void Publish(string staging, string target, string parent, string name)
        {
            if (!Directory.Exists(target))
            {
                Directory.Move(staging, target);
                return;
            }
            // A folder cannot be renamed over a non-empty one: move the old one aside, move the new one in, then delete
            // the old. Between the two renames the target is briefly absent, never partial.
            var old = Path.Combine(parent, "." + name + ".old-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Directory.Move(target, old);
            try
            {
                Directory.Move(staging, target);
            }
            catch
            {
                Directory.Move(old, target);
                throw;
            }
            TryDelete(old);
        }

        private static bool IsStateMachineDescription(string relative)
        {
            var parts = relative.Split('/');
            return parts.Length >= 4 && parts[1] == "stepfunctions" && parts[2] == "DescribeStateMachine";
        }

        /// <summary>
        /// Replaces flagged string values inside the "definition" (ASL JSON text) of a DescribeStateMachine answer, judged as
        /// SEC3.StepFunctions.NoSecretsInDefinition judges them. Returns null content when nothing was flagged.
        /// </summary>
        public static (byte[]? Content, int Count) RedactDefinition(byte[] json, SecretDetector detector)
        {
            JsonNode? root;
            try { root = JsonNode.Parse(json); }
            catch (JsonException) { return (null, 0); }
            if (!(root is JsonObject obj)) return (null, 0);
            var member = obj.FirstOrDefault(p => string.Equals(p.Key, "definition", StringComparison.OrdinalIgnoreCase));
            if (!(member.Value is JsonValue value) || !value.TryGetValue<string>(out var definition)) return (null, 0);
            var redacted = DefinitionSecrets.Redact(definition, detector, out var count);
            if (redacted == null) return (null, 0);
            obj[member.Key] = redacted;
            return (Encoding.UTF8.GetBytes(obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n"), count);
        }

        private static bool IsLambdaDocument(string relative)
        {
            var parts = relative.Split('/');
            return parts.Length >= 3 && parts[1] == "lambda";
        }

        /// <summary>
        /// Replaces flagged values in every Environment.Variables object of a Lambda document (ListFunctions,
        /// ListVersionsByFunction, GetFunction). Returns null content when nothing was flagged (the bytes stay as received).
        /// </summary>
        public static (byte[]? Content, int Count) RedactEnvironment(byte[] json, SecretDetector detector)
        {
            JsonNode? root;
            try { root = JsonNode.Parse(json); }
            catch (JsonException) { return (null, 0); }
            var count = 0;
            Walk(root);
            if (count == 0) return (null, 0);
            return (Encoding.UTF8.GetBytes(root!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n"), count);

            void Walk(JsonNode? node)
            {
                switch (node)
                {
                    case JsonObject obj:
                        foreach (var property in obj.ToList())
                        {
                            if (string.Equals(property.Key, "Environment", StringComparison.OrdinalIgnoreCase) && property.Value is JsonObject environment)
                            {
                                var variables = environment.FirstOrDefault(p => string.Equals(p.Key, "Variables", StringComparison.OrdinalIgnoreCase)).Value as JsonObject;
                                if (variables != null) RedactVariables(variables);
                            }
                            else Walk(property.Value);
                        }
                        break;
                    case JsonArray array:
                        foreach (var item in array) Walk(item);
                        break;
                }
            }

            void RedactVariables(JsonObject variables)
            {
                foreach (var variable in variables.ToList())
                {
                    if (!(variable.Value is JsonValue value) || !value.TryGetValue<string>(out var text)) continue;
                    if (text.StartsWith(SecretDetector.RedactedPrefix, StringComparison.Ordinal)) continue;
                    var detection = detector.Inspect(variable.Key, text);
                    if (detection == null) continue;
                    variables[variable.Key] = $"[REDACTED:{detection.Detector}:{detection.ValueHash}]";
                    count++;
                }
            }
        }

        private static void CreatePrivateDirectories(string root, string directory)
        {
            if (Directory.Exists(directory)) return;
            var missing = new Stack<string>();
            for (var d = directory; d != null && !Directory.Exists(d) && d.Length > root.Length; d = Path.GetDirectoryName(d)) missing.Push(d);
            while (missing.Count > 0) CreatePrivateDirectory(missing.Pop());
        }

        private static void CreatePrivateDirectory(string path)
        {
#if NET7_0_OR_GREATER
            if (!OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                return;
            }
#endif
            // netstandard2.0 (Windows PowerShell 5.1): the folder inherits the parent's ACL; best effort only.
            Directory.CreateDirectory(path);
        }

        private static void WritePrivateFile(string path, byte[] content)
        {
#if NET7_0_OR_GREATER
            if (!OperatingSystem.IsWindows())
            {
                using var stream = new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
                stream.Write(content, 0, content.Length);
                return;
            }
#endif
            File.WriteAllBytes(path, content);
        }

        private static void TryDelete(string folder)
        {
            try { if (Directory.Exists(folder)) Directory.Delete(folder, true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
