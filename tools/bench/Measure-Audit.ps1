<#
.SYNOPSIS
    Runs one Get-WafFinding over a snapshot in this fresh process and prints one JSON line: wall time, peak memory, counts.
#>
param([Parameter(Mandatory)][string]$ModulePath, [Parameter(Mandatory)][string]$InventoryPath)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path (Resolve-Path $ModulePath).Path 'WafSecurity.psd1')
[GC]::Collect()
$process = [Diagnostics.Process]::GetCurrentProcess()
$baseline = $process.WorkingSet64
$watch = [Diagnostics.Stopwatch]::StartNew()
$count = (Get-WafFinding -InventoryPath $InventoryPath -IncludePassed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Measure-Object).Count
$watch.Stop()
$process.Refresh()
[pscustomobject]@{
    Seconds       = [math]::Round($watch.Elapsed.TotalSeconds, 2)
    PeakMB        = [math]::Round($process.PeakWorkingSet64 / 1MB)
    BaselineMB    = [math]::Round($baseline / 1MB)
    Findings      = $count
} | ConvertTo-Json -Compress
