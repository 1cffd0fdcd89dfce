# Shared setup for the Pester tests: the built module and the repository's fixture folders.
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModulePath = if ($env:WAFSECURITY_MODULE) { $env:WAFSECURITY_MODULE } else { Join-Path $script:RepoRoot 'out/WafSecurity' }
$script:FixturesPath = Join-Path $script:RepoRoot 'tests/fixtures'

function New-TestSnapshot {
    # Writes a small snapshot under $TestDrive from a hashtable of relative path -> JSON text.
    param([Parameter(Mandatory)][hashtable]$Files, [string]$Name = [guid]::NewGuid().ToString('N'))
    $root = Join-Path $TestDrive $Name
    $all = @{ 'account.json' = '{"AccountId":"123456789012","CapturedAt":"2026-11-27T10:00:00Z"}' } + $Files
    foreach ($entry in $all.GetEnumerator()) {
        $path = Join-Path $root $entry.Key
        New-Item -ItemType Directory -Path (Split-Path $path) -Force | Out-Null
        Set-Content -Path $path -Value $entry.Value -NoNewline
    }
    $root
}
