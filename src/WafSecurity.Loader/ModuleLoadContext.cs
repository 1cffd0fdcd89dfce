using System;
using System.Collections.Concurrent;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace WafSecurity.Loader
{
    /// <summary>
    /// The private load context of WafSecurity on PowerShell 7. Every assembly whose file is in the module's framework
    /// folder (WafSecurity, WafSecurity.Engine, AWSSDK.*, System.IO.Hashing) loads here, on first use; everything else
    /// (the .NET runtime, System.Management.Automation) comes from the default context, so PowerShell types are shared.
    /// </summary>
    /// <remarks>
    /// Why: every AWSSDK.Core 4.x has assembly version 4.0.0.0, so in the default context the first one loaded wins and
    /// code built against a newer one fails at run time with MissingMethodException (AWS Tools for PowerShell loads its
    /// own). Loading lazily, rather than all files up front, keeps AWSSDK.SecurityToken/SSO/SSOOIDC out of the
    /// process until a credential source needs them, where another AWSSDK.Core searching all loaded assemblies could
    /// otherwise find ours.
    /// </remarks>
    public sealed class ModuleLoadContext : AssemblyLoadContext
    {
        private static readonly ConcurrentDictionary<string, ModuleLoadContext> Contexts =
            new ConcurrentDictionary<string, ModuleLoadContext>(StringComparer.Ordinal);

        private readonly string _directory;

        private ModuleLoadContext(string directory) : base("WafSecurity", isCollectible: false)
        {
            _directory = directory;
        }

        /// <summary>The folder this context loads from.</summary>
        public string Directory => _directory;

        /// <summary>
        /// The context for a module folder: one per folder and process, so Import-Module -Force reuses the loaded
        /// assemblies (a binary module cannot be unloaded, and two copies of its types would be ambiguous).
        /// </summary>
        public static ModuleLoadContext For(string directory)
        {
            if (directory == null) throw new ArgumentNullException(nameof(directory));
            var full = Path.GetFullPath(directory);
            return Contexts.GetOrAdd(full, d => new ModuleLoadContext(d));
        }

        /// <summary>Loads (once) and returns the named assembly of the module folder, e.g. "WafSecurity".</summary>
        public Assembly LoadModuleAssembly(string simpleName) => LoadFromAssemblyName(new AssemblyName(simpleName));

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (string.IsNullOrEmpty(assemblyName.Name)) return null;
            var path = Path.Combine(_directory, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
