using System;
using System.IO;

namespace WafSecurity.Engine.Tests
{
    /// <summary>A snapshot folder written by a test, deleted afterwards.</summary>
    internal sealed class TempSnapshot : IDisposable
    {
        public TempSnapshot(string? accountJson = "{\"AccountId\":\"123456789012\",\"CapturedAt\":\"2026-11-27T10:00:00Z\"}")
        {
            Root = Path.Combine(Path.GetTempPath(), "waf-snap-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Root);
            if (accountJson is not null) Write("account.json", accountJson);
        }

        public string Root { get; }

        public TempSnapshot Write(string relativePath, string content)
        {
            var path = Path.Combine(Root, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
            return this;
        }

        public void Dispose()
        {
            try { Directory.Delete(Root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
