using System;
using System.IO;

namespace WafSecurity.Engine.Tests
{
    internal static class TestPaths
    {
        /// <summary>The repository root, found from the test binary's folder.</summary>
        public static string RepoRoot { get; } = FindRoot();

        public static string Fixtures => Path.Combine(RepoRoot, "tests", "fixtures");

        private static string FindRoot()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory != null && !File.Exists(Path.Combine(directory.FullName, "WafPowerShell.sln"))) directory = directory.Parent;
            return directory?.FullName ?? throw new InvalidOperationException("WafPowerShell.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
