<#
.SYNOPSIS
    Live-audit benchmark: Get-WafFinding through the FakeAws proxy (quotas x10, 20 ms per request) in front of moto_server
    holding 1,000 functions and matching roles, tables, secrets and REST APIs in two regions.
.DESCRIPTION
    Reports wall time of the audit, the lower bound (for each API group and region at the proxy: admitted requests
    divided by its rate, already scaled; the largest), their ratio (target <= 1.2x) and calls per function. Writes the
    figures as one JSON line (last line of output).

    FakeAws emulates the operations moto 5.2.1 lacks (--emulate-moto-gaps; tests/FakeAws/README.md).

    moto: MOTO_ENDPOINT when set, otherwise a moto_server started here (stopped at the end unless -KeepMoto). The seeded
    estate is remembered in <OutPath>/live-moto.json; a later run against the same, still running moto reuses it
    (seeding 1,000 functions takes a minute or two). Without moto_server the benchmark is skipped with a message.
#>
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string]$OutPath,
    [int]$FunctionsPerRegion = 500,
    [string[]]$Regions = @('us-west-2', 'eu-central-1'),
    [double]$Scale = 10,
    [int]$LatencyMs = 20,
    [switch]$KeepMoto
)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
. (Join-Path $RepoRoot 'tests/WafSecurity.Tests/LiveAcceptance/LiveAcceptance.ps1')
New-Item -ItemType Directory -Path $OutPath -Force | Out-Null

$motoServer = Get-Command moto_server -ErrorAction SilentlyContinue
if (-not $env:MOTO_ENDPOINT -and -not $motoServer) {
    Write-Host 'Live collection benchmark skipped: moto_server is not on PATH and MOTO_ENDPOINT is not set. Install it with: pip install "moto[server]==5.2.1"'
    return
}

$statePath = Join-Path $OutPath 'live-moto.json'
$started = $null
$proxy = $null
try {
    $state = if (Test-Path $statePath) { Get-Content -Raw $statePath | ConvertFrom-Json } else { $null }
    if (-not $env:MOTO_ENDPOINT -and $state -and $state.endpoint) {
        try { $null = Invoke-WebRequest -Uri "$($state.endpoint)/moto-api/" -UseBasicParsing -TimeoutSec 2; $env:MOTO_ENDPOINT = $state.endpoint } catch { }
    }
    if (-not $env:MOTO_ENDPOINT) {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $log = Join-Path $OutPath 'moto_server.log'
        $started = Start-Process -FilePath $motoServer.Source -ArgumentList '-H', '127.0.0.1', '-p', "$port" -RedirectStandardOutput $log -RedirectStandardError "$log.err" -PassThru
        $env:MOTO_ENDPOINT = "http://127.0.0.1:$port"
        $until = [datetime]::UtcNow.AddSeconds(60)
        while ($true) {
            try { $null = Invoke-WebRequest -Uri "$env:MOTO_ENDPOINT/moto-api/" -UseBasicParsing -TimeoutSec 2; break }
            catch { if ([datetime]::UtcNow -gt $until) { throw "moto_server did not start on port $port" }; Start-Sleep -Milliseconds 300 }
        }
        Write-Host "moto_server started at $env:MOTO_ENDPOINT (pid $($started.Id))"
    }

    # Reuse the seeded estate when this moto still holds it (same endpoint, size and regions, and its key still works).
    $scenario = $null
    if ($state -and $state.endpoint -eq $env:MOTO_ENDPOINT -and $state.functionsPerRegion -eq $FunctionsPerRegion -and
        (($state.scenario.regions -join ',') -eq ($Regions -join ','))) {
        $check = Invoke-Tool $Python @('-c', "import boto3,sys; print(boto3.client('sts', region_name='us-east-1', endpoint_url=sys.argv[1], aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3]).get_caller_identity()['Account'])",
            $env:MOTO_ENDPOINT, $state.scenario.accessKeyId, $state.scenario.secretAccessKey) -AllowFailure
        if ($check.Trim() -eq $state.scenario.accountId) { $scenario = $state.scenario; Write-Host "Reusing the seeded estate in moto account $($scenario.accountId)" }
    }
    if (-not $scenario) {
        $seedWatch = [System.Diagnostics.Stopwatch]::StartNew()
        $scenario = New-MotoScenario -Regions $Regions -Bulk $FunctionsPerRegion
        Write-Host ("Seeded {0:N0} functions with roles, tables, secrets and REST APIs in {1} in {2:N0} s (moto account {3})" -f
            ($FunctionsPerRegion * $Regions.Count), ($Regions -join ', '), $seedWatch.Elapsed.TotalSeconds, $scenario.accountId)
        [ordered]@{ endpoint = $env:MOTO_ENDPOINT; functionsPerRegion = $FunctionsPerRegion; scenario = $scenario } | ConvertTo-Json -Depth 5 | Set-Content $statePath
    }

    # emulateMotoGaps: FakeAws answers the operations moto 5.2.1 lacks (iam last-accessed jobs, backup ListProtectedResources)
    # itself, so their 500s and 404s (and the retries they cause) do not count against the collector (tests/FakeAws/README.md).
    $proxy = Start-FakeAws -Scenario $scenario -Plan @{ latencyMs = $LatencyMs; rateLimits = @{ enabled = $true; scale = $Scale }; emulateMotoGaps = $true }
    $measureScript = @'
param($ModulePath, $Endpoint, $AccessKey, $SecretKey, $Regions, $Scale)
Import-Module (Join-Path $ModulePath 'WafSecurity.psd1')
[WafSecurity.Commands.LiveAwsAccess]::LiveRateScale = $Scale
$findings = $null
$seconds = (Measure-Command {
    $script:findings = Get-WafFinding -Region ($Regions -split ',') -EndpointUrl $Endpoint -AccessKey $AccessKey -SecretKey $SecretKey -IncludePassed -ErrorAction SilentlyContinue -ErrorVariable errs -WarningAction SilentlyContinue
}).TotalSeconds
[pscustomobject]@{ Seconds = $seconds; Findings = @($script:findings).Count; Errors = @($errs | ForEach-Object { "$($_.TargetObject): $($_.FullyQualifiedErrorId)" }) } | ConvertTo-Json -Compress
'@
    $scriptPath = Join-Path $OutPath 'measure-live.ps1'
    Set-Content -Path $scriptPath -Value $measureScript
    $line = & dotnet pwsh -NoProfile -NonInteractive -File $scriptPath -ModulePath $ModulePath -Endpoint $proxy.Endpoint -AccessKey $scenario.accessKeyId `
        -SecretKey $scenario.secretAccessKey -Regions ($Regions -join ',') -Scale $Scale | Select-Object -Last 1
    $measure = $line | ConvertFrom-Json
    $stats = Get-FakeAwsStats $proxy

    $groups = foreach ($g in $stats.groups) {
        if ($null -eq $g.ratePerSecond -or $g.admitted -eq 0) { continue }
        [pscustomobject]@{ Group = $g.group; Region = $g.region; Admitted = $g.admitted; RateLimited = $g.rateLimited; Rate = $g.ratePerSecond
            Seconds = $g.admitted / $g.ratePerSecond; MaxAdmittedIn1s = $g.maxAdmittedIn1s }
    }
    $groups = $groups | Sort-Object Seconds -Descending
    $bound = $groups[0]
    $functions = $FunctionsPerRegion * $Regions.Count
    $calls = ($stats.operations.PSObject.Properties | Measure-Object -Property { $_.Value.requests } -Sum).Sum
    $ratio = $measure.Seconds / $bound.Seconds
    # What moto itself can serve on this machine (16 threads of lambda ListAliases for 5 s, straight to moto): when the
    # proxy's quotas ask for more requests per second than that, moto, not the collector, sets the pace.
    $motoRate = [double](Invoke-Tool $Python @('-c', @'
import sys, threading, time, boto3
from botocore.config import Config
c = boto3.client("lambda", region_name=sys.argv[4], endpoint_url=sys.argv[1], aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3], config=Config(max_pool_connections=32))
n = [0]; lock = threading.Lock(); stop = time.time() + 5
def work(k):
    i = k
    while time.time() < stop:
        c.list_aliases(FunctionName="fn-%04d" % (i % 500)); i += 16
        with lock: n[0] += 1
threads = [threading.Thread(target=work, args=(k,)) for k in range(16)]
[t.start() for t in threads]; [t.join() for t in threads]
print(n[0] / 5.0)
'@, $env:MOTO_ENDPOINT, $scenario.accessKeyId, $scenario.secretAccessKey, $Regions[0])).Trim()
    $motoBound = $calls / $motoRate
    Write-Host ("Live collection: {0:N0} functions in {1} regions through FakeAws (quotas x{2}, {3} ms per request) in front of moto_server" -f $functions, $Regions.Count, $Scale, $LatencyMs)
    $groups | Select-Object -First 6 | Format-Table Group, Region, Admitted, RateLimited, Rate, @{ n = 'Seconds'; e = { '{0:N2}' -f $_.Seconds } }, MaxAdmittedIn1s -AutoSize | Out-Host
    Write-Host ("  wall {0:N2} s, lower bound {1:N2} s ({2} {3}): {4:N2}x (target <= 1.2x)" -f $measure.Seconds, $bound.Seconds, $bound.Group, $bound.Region, $ratio)
    Write-Host ("  moto serves about {0:N0} requests/s here (16 threads, ListAliases): {1:N0} requests need at least {2:N2} s at moto; wall/max(bounds) = {3:N2}x" -f
        $motoRate, $calls, $motoBound, ($measure.Seconds / [math]::Max($bound.Seconds, $motoBound)))
    Write-Host ("  {0:N0} requests, {1:N2} per function; {2} rate-limited by the proxy, {3} signature rejections, {5} answered by FakeAws's moto-gap emulation; {4} findings" -f
        $calls, ($calls / $functions), $stats.total.rateLimited, $stats.total.signatureRejected, $measure.Findings, $stats.total.emulated)
    if ($measure.Errors) { Write-Host "  operations that failed (moto gaps): $($measure.Errors -join '; ')" }
    [ordered]@{
        Functions = $functions; Regions = $Regions.Count; Scale = $Scale; LatencyMs = $LatencyMs; WallSeconds = [math]::Round($measure.Seconds, 3)
        LowerBoundSeconds = [math]::Round($bound.Seconds, 3); BoundGroup = "$($bound.Group) $($bound.Region)"; Ratio = [math]::Round($ratio, 3)
        Requests = $calls; CallsPerFunction = [math]::Round($calls / $functions, 2); RateLimited = $stats.total.rateLimited
        SignatureRejected = $stats.total.signatureRejected; Emulated = $stats.total.emulated; Findings = $measure.Findings
        MotoRequestsPerSecond = [math]::Round($motoRate, 1); MotoBoundSeconds = [math]::Round($motoBound, 3)
        RatioToLargerBound = [math]::Round($measure.Seconds / [math]::Max($bound.Seconds, $motoBound), 3)
    } | ConvertTo-Json -Compress
}
finally {
    if ($proxy) { Stop-FakeAws $proxy }
    if ($started -and -not $KeepMoto) { Stop-Process -Id $started.Id -ErrorAction SilentlyContinue; Remove-Item $statePath -ErrorAction SilentlyContinue }
}
