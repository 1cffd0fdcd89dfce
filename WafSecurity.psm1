# Loads the build that matches the running edition: net8.0 on PowerShell 7.4+, netstandard2.0 on Windows PowerShell 5.1.
$framework = if ($PSEdition -eq 'Core') { 'net8.0' } else { 'netstandard2.0' }
$frameworkPath = Join-Path -Path $PSScriptRoot -ChildPath $framework

if ($PSEdition -eq 'Core') {
    # PowerShell 7: the cmdlets, the engine and their AWSSDK assemblies load in a private AssemblyLoadContext
    # (WafSecurity.Loader). Every AWSSDK.Core 4.x has assembly version 4.0.0.0, so in the shared default context the
    # first one loaded wins and code built for a newer one fails with MissingMethodException; AWS Tools for PowerShell
    # loads its own. Isolated, WafSecurity always runs on the AWSSDK it was built and tested with, whichever module is
    # imported first, and never puts an AWSSDK assembly in the default context for AWS Tools to trip over.
    # -Credential accepts AWS Tools' credential objects across the boundary (see about_WafSecurity).
    # Loaded directly rather than with Add-Type, which costs about 0.4 s on first use; once per session.
    $loader = [System.AppDomain]::CurrentDomain.GetAssemblies().Where({ $_.GetName().Name -eq 'WafSecurity.Loader' }, 'First')[0]
    if (-not $loader) {
        $loader = [System.Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyPath((Join-Path -Path $frameworkPath -ChildPath 'WafSecurity.Loader.dll'))
    }
    $context = $loader.GetType('WafSecurity.Loader.ModuleLoadContext', $true)::For($frameworkPath)
    # The engine is imported too (it has no cmdlets) so that its types, such as WafSecurity.Engine.Findings.WafFinding,
    # resolve by name in the session, as they did before isolation. The same assemblies serve every import in a session
    # (binary modules cannot unload); the module objects of an earlier import (Import-Module -Force, or after
    # Remove-Module) are dropped first, or PowerShell would reuse them without their commands.
    $assemblies = $context.LoadModuleAssembly('WafSecurity'), $context.LoadModuleAssembly('WafSecurity.Engine')
    $stale = @(Get-Module -All).Where({ $_.Path -in $assemblies.Location })
    if ($stale) { Remove-Module -ModuleInfo $stale -Force -ErrorAction SilentlyContinue }
    foreach ($assembly in $assemblies) { Import-Module -Assembly $assembly -ErrorAction Stop }
}
else {
    # Windows PowerShell 5.1 has one load context per AppDomain: no isolation is possible, so an AWSSDK assembly that
    # is already loaded (for example by AWS.Tools, which uses the same 4.x assembly version) is used as it is. Import
    # WafSecurity first, or use AWS Tools built on AWSSDK.Core 4.1.0 or later (about_WafSecurity).
    # AWSSDK.Core finds AWSSDK.SecurityToken, .SSO and .SSOOIDC among the loaded assemblies when a profile needs them
    # (assume-role, web identity, SSO), so they are loaded up front.
    $loaded = [System.AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { $_.GetName().Name }
    foreach ($name in 'AWSSDK.Core', 'AWSSDK.SecurityToken', 'AWSSDK.SSO', 'AWSSDK.SSOOIDC') {
        if ($loaded -notcontains $name) {
            Add-Type -Path (Join-Path -Path $frameworkPath -ChildPath "$name.dll") -ErrorAction Stop
        }
    }
    Import-Module -Name (Join-Path -Path $frameworkPath -ChildPath 'WafSecurity.dll') -ErrorAction Stop
}
