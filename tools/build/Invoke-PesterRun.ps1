<#
.SYNOPSIS
    Runs the Pester tests against the built module in this (fresh) process and writes NUnit/JUnit XML and a counts file.
.DESCRIPTION
    Binary modules cannot be unloaded, so build.ps1 runs this script in a new pwsh process each time.
#>
param(
    [Parameter(Mandatory)][string]$PesterPath,
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string]$TestPath,
    [Parameter(Mandatory)][string]$ResultsDir
)
$ErrorActionPreference = 'Stop'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
Import-Module (Resolve-Path $PesterPath).Path -Force
$env:WAFSECURITY_MODULE = (Resolve-Path $ModulePath).Path

$configuration = New-PesterConfiguration
$configuration.Run.Path = $TestPath
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnit3'
$configuration.TestResult.OutputPath = Join-Path $ResultsDir 'pester.nunit3.xml'
$result = Invoke-Pester -Configuration $configuration
Export-JUnitReport -Result $result -Path (Join-Path $ResultsDir 'pester.junit.xml')

# Pester 6 reports a failed container or block outside FailedCount: count them as failures.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
$skipped = $result.SkippedCount + $result.NotRunCount + $result.InconclusiveCount
"$($result.PassedCount) $failed $skipped" | Set-Content -Path (Join-Path $ResultsDir 'pester.counts')
if ($result.Result -ne 'Passed' -or $result.PassedCount -eq 0) { exit 1 }
