# Helpers of LiveAcceptance.Tests.ps1 and tools/bench: moto scenarios, FakeAws proxy processes, AWS CLI snapshots.
# Dot-source after Common.ps1 (needs $RepoRoot).

$script:LiveDir = $PSScriptRoot
$script:Python = (Get-Command python3 -ErrorAction SilentlyContinue)?.Source ?? 'python3'

function Invoke-Tool {
    # Runs a program with extra environment variables; returns stdout, throws with stderr when it fails.
    param([string]$FilePath, [string[]]$Arguments, [hashtable]$Environment = @{}, [switch]$AllowFailure)
    $psi = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($a in $Arguments) { $psi.ArgumentList.Add($a) }
    $psi.UseShellExecute = $false; $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true
    foreach ($name in @('AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_DEFAULT_REGION')) { $null = $psi.Environment.Remove($name) }
    $psi.Environment['AWS_CONFIG_FILE'] = '/nonexistent/waf-config'
    $psi.Environment['AWS_SHARED_CREDENTIALS_FILE'] = '/nonexistent/waf-credentials'
    $psi.Environment['AWS_EC2_METADATA_DISABLED'] = 'true'
    $psi.Environment['AWS_PAGER'] = ''
    foreach ($e in $Environment.GetEnumerator()) { $psi.Environment[$e.Key] = [string]$e.Value }
    $p = [System.Diagnostics.Process]::Start($psi)
    $stderr = $p.StandardError.ReadToEndAsync()
    $stdout = $p.StandardOutput.ReadToEnd()
    $p.WaitForExit()
    if ($p.ExitCode -ne 0 -and -not $AllowFailure) { throw "$FilePath $($Arguments -join ' ') exited with $($p.ExitCode): $($stderr.Result)" }
    $stdout
}

function New-MotoAccountId {
    # A fresh 12-digit moto account for each scenario: tests never see each other's resources.
    '2' + (-join (1..11 | ForEach-Object { Get-Random -Minimum 0 -Maximum 10 }))
}

function New-MotoScenario {
    # Seeds seed_scenario.py into a new moto account; returns its account id, access key pair, regions and raw secrets.
    param([string[]]$Regions = @('us-west-2', 'eu-central-1'), [int]$Bulk = 0, [string]$AccountId = (New-MotoAccountId))
    $arguments = @((Join-Path $LiveDir 'seed_scenario.py'), $env:MOTO_ENDPOINT, $AccountId) + $Regions
    if ($Bulk -gt 0) { $arguments += @('--bulk', "$Bulk") }
    $out = Invoke-Tool $Python $arguments
    ($out.Trim() -split "`n")[-1] | ConvertFrom-Json
}

function Get-FakeAwsDll {
    foreach ($configuration in 'Release', 'Debug') {
        $dll = Join-Path $RepoRoot "tests/FakeAws/bin/$configuration/net10.0/WafSecurity.FakeAws.dll"
        if (Test-Path $dll) { return $dll }
    }
    & dotnet build (Join-Path $RepoRoot 'tests/FakeAws/WafSecurity.FakeAws.csproj') -c Release --nologo -v quiet | Out-Host
    Join-Path $RepoRoot 'tests/FakeAws/bin/Release/net10.0/WafSecurity.FakeAws.dll'
}

function Start-FakeAws {
    # A FakeAws process of its own in front of moto on a free 127.0.0.1 port, knowing the scenario's credentials.
    # It exits when its stdin closes (Stop-FakeAws), so a crashed test run leaves no proxy behind.
    param([Parameter(Mandatory)]$Scenario, [hashtable]$Plan = @{})
    $plan = @{} + $Plan
    $plan.credentials = @(@{ accessKeyId = $Scenario.accessKeyId; secretAccessKey = $Scenario.secretAccessKey })
    $planFile = Join-Path ([System.IO.Path]::GetTempPath()) "fakeaws-plan-$([guid]::NewGuid().ToString('N')).json"
    $plan | ConvertTo-Json -Depth 10 | Set-Content -Path $planFile
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @((Get-FakeAwsDll), '--upstream', $env:MOTO_ENDPOINT, '--plan', $planFile, '--watch-stdin')) { $psi.ArgumentList.Add($a) }
    $psi.UseShellExecute = $false; $psi.RedirectStandardInput = $true; $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($psi)
    $line = $process.StandardOutput.ReadLine()
    Remove-Item $planFile -ErrorAction SilentlyContinue
    if ($line -notmatch '^FAKEAWS_ENDPOINT=(?<url>\S+)$') {
        $process.Kill()
        throw "FakeAws did not start: $line $($process.StandardError.ReadToEnd())"
    }
    $null = $process.StandardOutput.ReadToEndAsync()   # keep draining so it never blocks on a full pipe
    $null = $process.StandardError.ReadToEndAsync()
    [pscustomobject]@{ Process = $process; Endpoint = $Matches.url }
}

function Stop-FakeAws([Parameter(Mandatory)]$Proxy) {
    if (-not $Proxy -or $Proxy.Process.HasExited) { return }
    $Proxy.Process.StandardInput.Close()
    if (-not $Proxy.Process.WaitForExit(5000)) { $Proxy.Process.Kill() }
}

function Get-FakeAwsStats([Parameter(Mandatory)]$Proxy) { Invoke-RestMethod -Uri "$($Proxy.Endpoint)/__fakeaws/stats" }
function Reset-FakeAwsStats([Parameter(Mandatory)]$Proxy) { $null = Invoke-RestMethod -Method Post -Uri "$($Proxy.Endpoint)/__fakeaws/stats/reset" }
function Set-FakeAwsPlan {
    param([Parameter(Mandatory)]$Proxy, [Parameter(Mandatory)]$Scenario, [hashtable]$Plan = @{})
    $body = @{} + $Plan
    $body.credentials = @(@{ accessKeyId = $Scenario.accessKeyId; secretAccessKey = $Scenario.secretAccessKey })
    $null = Invoke-RestMethod -Method Post -Uri "$($Proxy.Endpoint)/__fakeaws/plan" -Body ($body | ConvertTo-Json -Depth 10) -ContentType 'application/json'
}

function Get-RateGroupBursts {
    # name -> burst of FakeAws's default API groups (burst defaults to one second of the rate).
    $groups = (Get-Content -Raw (Join-Path $RepoRoot 'tests/FakeAws/Data/default-rate-limits.json') | ConvertFrom-Json).groups
    $bursts = @{}
    foreach ($g in $groups) { if ($null -ne $g.ratePerSecond) { $bursts[$g.name] = if ($g.PSObject.Properties['burst']) { [double]$g.burst } else { [double]$g.ratePerSecond } } }
    $bursts
}

function New-AwsCliSnapshot {
    # tools/aws-cli-snapshot straight against moto (not through the proxy), as an operator would run it.
    param([Parameter(Mandatory)]$Scenario, [Parameter(Mandatory)][string]$Path)
    $null = Invoke-Tool 'bash' @((Join-Path $RepoRoot 'tools/aws-cli-snapshot/New-CliSnapshot.sh'), '--out', $Path, '--regions', ($Scenario.regions -join ' '),
        '--endpoint-url', $env:MOTO_ENDPOINT, '--quiet', '--jobs', '4') -Environment @{ AWS_ACCESS_KEY_ID = $Scenario.accessKeyId; AWS_SECRET_ACCESS_KEY = $Scenario.secretAccessKey }
}

function Compare-WafSnapshot {
    # Differences between two snapshot folders (compare_snapshots.py): missing/extra files and JSON that is not semantically equal.
    param([Parameter(Mandatory)][string]$Expected, [Parameter(Mandatory)][string]$Actual, [string[]]$PresenceOnly = @())
    $arguments = @((Join-Path $LiveDir 'compare_snapshots.py'), $Expected, $Actual)
    foreach ($op in $PresenceOnly) { $arguments += @('--presence-only', $op) }
    Invoke-Tool $Python $arguments | ConvertFrom-Json
}

function Get-LiveParameters([Parameter(Mandatory)]$Scenario, [Parameter(Mandatory)]$Proxy) {
    @{ Region = [string[]]$Scenario.regions; EndpointUrl = $Proxy.Endpoint; AccessKey = $Scenario.accessKeyId; SecretKey = $Scenario.secretAccessKey }
}
