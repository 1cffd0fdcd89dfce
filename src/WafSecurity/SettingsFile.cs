using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using WafSecurity.Engine.Rules;

namespace WafSecurity.Commands
{
    /// <summary>
    /// Reads a settings file (a PowerShell data file) the way Import-PowerShellDataFile does: parsed, never run, so a
    /// settings file cannot execute code. Found by -SettingsPath, else WafSecurity.settings.psd1 in the current folder.
    /// </summary>
    internal static class SettingsFile
    {
        public const string DefaultName = "WafSecurity.settings.psd1";

        /// <summary>The settings, or null when no path was given and the default file does not exist. Bad files throw ArgumentException.</summary>
        public static AuditSettings? Load(PSCmdlet cmdlet, string? settingsPath)
        {
            string path;
            if (!string.IsNullOrEmpty(settingsPath))
            {
                path = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(settingsPath);
                if (!File.Exists(path)) throw new ArgumentException($"The settings file '{path}' does not exist.");
            }
            else
            {
                path = Path.Combine(cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath, DefaultName);
                if (!File.Exists(path)) return null;
            }
            cmdlet.WriteVerbose($"Using settings file {path}.");

            var ast = Parser.ParseFile(path, out _, out var errors);
            if (errors.Length > 0)
                throw new ArgumentException($"Settings file {path} is not valid PowerShell: {errors[0].Message} (line {errors[0].Extent.StartLineNumber}).");
            var table = ast.Find(a => a is HashtableAst, false) as HashtableAst
                ?? throw new ArgumentException($"Settings file {path} must hold one hashtable (@{{ ... }}).");
            object? value;
            try
            {
                value = table.SafeGetValue();
            }
            catch (InvalidOperationException ex)
            {
                throw new ArgumentException($"Settings file {path} may hold only constant values (strings, numbers, arrays, hashtables): {ex.Message}");
            }
            return AuditSettings.FromDictionary(HostValues.ToDictionary((Hashtable)value!)!, path);
        }
    }
}
