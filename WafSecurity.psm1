# Loads the build that matches the running edition: net8.0 on PowerShell 7.4+, netstandard2.0 on Windows PowerShell 5.1.
$framework = if ($PSEdition -eq 'Core') { 'net8.0' } else { 'netstandard2.0' }
Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath "$framework/WafSecurity.dll") -ErrorAction Stop
