<#
.SYNOPSIS
    Runs one audit command over a snapshot in this fresh process and prints one JSON line: wall time, peak memory, counts.
.PARAMETER Command
    Get-WafFinding (every rule, passed findings included) or Test-LambdaLeastPrivilege (every function).
#>
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string]$InventoryPath,
    [ValidateSet('Get-WafFinding', 'Test-LambdaLeastPrivilege')][string]$Command = 'Get-WafFinding'
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path (Resolve-Path $ModulePath).Path 'WafSecurity.psd1')
[GC]::Collect()
$process = [Diagnostics.Process]::GetCurrentProcess()
$baseline = $process.WorkingSet64
$watch = [Diagnostics.Stopwatch]::StartNew()
$count = if ($Command -eq 'Get-WafFinding') {
    (Get-WafFinding -InventoryPath $InventoryPath -IncludePassed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Measure-Object).Count
}
else {
    (Test-LambdaLeastPrivilege -InventoryPath $InventoryPath -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Measure-Object).Count
}
$watch.Stop()
$process.Refresh()
[pscustomobject]@{
    Command    = $Command
    Seconds    = [math]::Round($watch.Elapsed.TotalSeconds, 2)
    PeakMB     = [math]::Round($process.PeakWorkingSet64 / 1MB)
    BaselineMB = [math]::Round($baseline / 1MB)
    Results    = $count
} | ConvertTo-Json -Compress
