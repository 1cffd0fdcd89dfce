<#
.SYNOPSIS
    The Bench task: audit time and peak memory from 1,000 to 10,000 functions, and warm Import-Module time.
.DESCRIPTION
    Each measurement runs in a fresh pwsh process so module load, JIT and memory are those a user sees.
    Snapshots are generated once under out/bench (tools/bench/New-BenchSnapshot.py) and reused while newer than the generator.
#>
param([Parameter(Mandatory)][string]$ModulePath, [Parameter(Mandatory)][string]$OutPath, [int[]]$Sizes = @(1000, 2500, 5000, 10000))
$ErrorActionPreference = 'Stop'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
New-Item -ItemType Directory -Path $OutPath -Force | Out-Null
$python = (Get-Command python3 -ErrorAction SilentlyContinue) ?? (Get-Command python -ErrorAction Stop)
$results = [ordered]@{}

$rows = foreach ($size in $Sizes) {
    $snapshot = Join-Path $OutPath "snapshot-$size"
    $generator = Join-Path $PSScriptRoot 'New-BenchSnapshot.py'
    $account = Join-Path $snapshot 'account.json'
    # A snapshot older than the generator is stale (written by an earlier version): start it afresh.
    if ((Test-Path $account) -and (Get-Item $account).LastWriteTimeUtc -lt (Get-Item $generator).LastWriteTimeUtc) {
        Write-Host "Snapshot $snapshot predates New-BenchSnapshot.py: regenerating"
        Remove-Item -Recurse -Force $snapshot
    }
    if (-not (Test-Path $account)) {
        Write-Host "Generating $size functions into $snapshot"
        & $python.Source $generator --out $snapshot --functions $size
        if ($LASTEXITCODE -ne 0) { throw "snapshot generation failed for $size" }
    }
    $line = & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Measure-Audit.ps1') -ModulePath $ModulePath -InventoryPath $snapshot | Select-Object -Last 1
    $measure = $line | ConvertFrom-Json
    [pscustomobject]@{ Functions = $size; Seconds = $measure.Seconds; PeakMB = $measure.PeakMB; BaselineMB = $measure.BaselineMB; Findings = $measure.Results }
}
$rows | Format-Table -AutoSize | Out-Host
$first, $last = $rows[0], $rows[-1]
$scale = $last.Functions / $first.Functions
Write-Host ("Growth {0:N0} -> {1:N0} functions (x{2}): time x{3:N2}, peak memory x{4:N2}, memory above baseline x{5:N2}" -f
    $first.Functions, $last.Functions, $scale, ($last.Seconds / [math]::Max($first.Seconds, 0.01)), ($last.PeakMB / $first.PeakMB),
    (($last.PeakMB - $last.BaselineMB) / [math]::Max(1, $first.PeakMB - $first.BaselineMB)))
Write-Host ("Targets at 10,000 functions: under 10 s (measured {0} s, {1:P0} of target), under 1 GB (measured {2} MB, {3:P0} of target)" -f
    $last.Seconds, ($last.Seconds / 10), $last.PeakMB, ($last.PeakMB / 1024))
$results.Audit = $rows

# Test-LambdaLeastPrivilege over the largest snapshot (issue 3 target: under 10 s at 10,000 functions).
$largest = Join-Path $OutPath "snapshot-$($Sizes[-1])"
$leastPrivilege = & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Measure-Audit.ps1') -ModulePath $ModulePath `
    -InventoryPath $largest -Command Test-LambdaLeastPrivilege | Select-Object -Last 1 | ConvertFrom-Json
Write-Host ("Test-LambdaLeastPrivilege over {0:N0} functions: {1} s ({2:P0} of the 10 s target), peak {3} MB, {4} reports" -f
    $Sizes[-1], $leastPrivilege.Seconds, ($leastPrivilege.Seconds / 10), $leastPrivilege.PeakMB, $leastPrivilege.Results)
$results.LeastPrivilege = $leastPrivilege

$imports = foreach ($i in 1..6) {
    $seconds = & dotnet pwsh -NoProfile -NonInteractive -Command "(Measure-Command { Import-Module '$(Join-Path $ModulePath 'WafSecurity.psd1')' }).TotalSeconds"
    [double]($seconds | Select-Object -Last 1)
}
$warm = $imports | Select-Object -Skip 1 | Sort-Object
$median = $warm[[int][math]::Floor($warm.Count / 2)]
Write-Host ("Import-Module: cold {0:N3} s, warm median {1:N3} s over {2} runs (target 0.5 s: {3:P0} of target)" -f $imports[0], $median, $warm.Count, ($median / 0.5))
$results.ImportSeconds = [ordered]@{ Cold = $imports[0]; WarmMedian = $median; Runs = $imports }
# IAM engine on one thread: evaluations per second over a realistic mix, and expansion of '*' (tests/WafSecurity.Bench).
$iamLines = & dotnet run -c Release --project (Join-Path $PSScriptRoot '../../tests/WafSecurity.Bench/WafSecurity.Bench.csproj')
if ($LASTEXITCODE -ne 0) { throw "the IAM benchmark failed ($LASTEXITCODE)" }
$iamLines | Select-Object -SkipLast 1 | Out-Host
$results.Iam = $iamLines | Select-Object -Last 1 | ConvertFrom-Json
# Live collection against the rate-limiting instrument (tests/WafSecurity.Bench collect): 1,000 functions in two regions,
# quotas x10, 20 ms per request; wall time against the lower bound (largest calls/rate over API groups and regions).
$collectLines = & dotnet run -c Release --project (Join-Path $PSScriptRoot '../../tests/WafSecurity.Bench/WafSecurity.Bench.csproj') -- collect (Join-Path $OutPath 'snapshot-1000')
$collectExit = $LASTEXITCODE
$collectLines | Select-Object -SkipLast 1 | Out-Host
$results.Collection = $collectLines | Select-Object -Last 1 | ConvertFrom-Json
if ($collectExit -ne 0) { Write-Warning "live collection missed its target (within 1.2x of the rate-limit bound, no failures)" }
# The same live audit for real: Get-WafFinding through the FakeAws proxy (quotas x10, 20 ms) in front of moto_server holding
# 1,000 functions and matching roles, tables, secrets and REST APIs in two regions (skipped without moto_server).
$liveLines = & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Measure-LiveCollection.ps1') -ModulePath $ModulePath -OutPath $OutPath
$liveLines | Select-Object -SkipLast 1 | Out-Host
$liveLast = $liveLines | Select-Object -Last 1
if ($liveLast -like '{*') {
    $results.LiveCollection = $liveLast | ConvertFrom-Json
    if ($results.LiveCollection.Ratio -gt 1.2) { Write-Warning "live collection through FakeAws missed its target (within 1.2x of the rate-limit bound)" }
}
else { Write-Host $liveLast }
$results | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $OutPath 'results.json')
