# Loads the build that matches the running edition: net8.0 on PowerShell 7.4+, netstandard2.0 on Windows PowerShell 5.1.
$framework = if ($PSEdition -eq 'Core') { 'net8.0' } else { 'netstandard2.0' }
$frameworkPath = Join-Path -Path $PSScriptRoot -ChildPath $framework

# AWSSDK.Core finds AWSSDK.SecurityToken, .SSO and .SSOOIDC among the loaded assemblies when a profile needs them
# (assume-role, web identity, SSO), so they are loaded up front. An AWSSDK assembly that is already loaded (for example
# by AWS.Tools, which loads the same 4.x assembly version) is used as it is: one copy per name per session.
$loaded = [System.AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { $_.GetName().Name }
foreach ($name in 'AWSSDK.Core', 'AWSSDK.SecurityToken', 'AWSSDK.SSO', 'AWSSDK.SSOOIDC') {
    if ($loaded -notcontains $name) {
        Add-Type -Path (Join-Path -Path $frameworkPath -ChildPath "$name.dll") -ErrorAction Stop
    }
}
Import-Module -Name (Join-Path -Path $frameworkPath -ChildPath 'WafSecurity.dll') -ErrorAction Stop
