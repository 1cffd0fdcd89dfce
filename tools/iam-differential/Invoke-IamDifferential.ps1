<#
.SYNOPSIS
    Live differential check of the IAM engine against @cloud-copilot/iam-simulate (a separate node process; see README.md).
.DESCRIPTION
    Installs the pinned oracle (npm ci), generates cases with a seed, asks the oracle, then runs the xunit comparison
    (IamDifferentialTests.LiveOracle) on them and prints its report. -Refresh instead rewrites the frozen corpus in
    tests/fixtures/iam/differential (default seed and counts) and runs the offline test on it.
.EXAMPLE
    dotnet pwsh ./tools/iam-differential/Invoke-IamDifferential.ps1 -Seed 4242 -Decisions 5000
#>
[CmdletBinding()]
param(
    [int]$Seed = 777,
    [int]$Decisions = 3000,
    [int]$Expansions = 300,
    [switch]$Refresh
)
$ErrorActionPreference = 'Stop'
$root = Resolve-Path (Join-Path $PSScriptRoot '../..')
if (-not (Get-Command node -ErrorAction SilentlyContinue)) { throw 'node is not on PATH: the live IAM differential check needs Node.js 18+' }
Push-Location $PSScriptRoot
try {
    npm ci --no-audit --no-fund | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "npm ci failed ($LASTEXITCODE)" }
    if ($Refresh) {
        $folder = Join-Path $root 'tests/fixtures/iam/differential'
        New-Item -ItemType Directory -Force -Path $folder | Out-Null
        node ./gen.js --out (Join-Path $folder 'cases.jsonl') | Out-Host
    }
    else {
        $folder = Join-Path ([IO.Path]::GetTempPath()) ("waf-iam-diff-$Seed")
        New-Item -ItemType Directory -Force -Path $folder | Out-Null
        node ./gen.js --seed $Seed --decisions $Decisions --expansions $Expansions --out (Join-Path $folder 'cases.jsonl') | Out-Host
    }
    if ($LASTEXITCODE -ne 0) { throw "gen.js failed ($LASTEXITCODE)" }
    node ./oracle.js (Join-Path $folder 'cases.jsonl') (Join-Path $folder 'answers.jsonl') | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "oracle.js failed ($LASTEXITCODE)" }
}
finally { Pop-Location }

$filter = if ($Refresh) { 'FullyQualifiedName~IamDifferentialTests.FrozenCorpus' } else { 'FullyQualifiedName~IamDifferentialTests.LiveOracle' }
$env:WAF_IAM_DIFF_DIR = $folder
try {
    dotnet test (Join-Path $root 'tests/WafSecurity.Engine.Tests') --filter $filter --logger 'console;verbosity=detailed' | Out-Host
    $code = $LASTEXITCODE
}
finally { Remove-Item Env:WAF_IAM_DIFF_DIR -ErrorAction SilentlyContinue }
if (-not $Refresh) { Write-Host "report: $(Join-Path $folder 'report.txt')" }
if ($code -ne 0) { throw "IAM differential check failed: see the disagreements above" }
