# WafSecurity beside another AWSSDK.Core 4.x (AWS Tools for PowerShell loads its own): every 4.x has assembly version
# 4.0.0.0, so in one load context the first loaded wins. Each scenario runs in a FRESH pwsh process
# (Coexistence.Scenario.ps1), since neither a binary module nor an AWSSDK.Core can be unloaded.
#
# Versions: the oldest 4.x and the newest 4.x below ours (4.1.0) that NuGet serves here; none newer than 4.1.0 is served
# yet. Add a newer one to $OtherCoreVersions when there is one. They are downloaded on first use into .tools/packages,
# the way build.ps1 gets Pester. Set WAFSECURITY_COEXIST_VERSIONS (comma-separated) to test others.
BeforeDiscovery {
    $versions = if ($env:WAFSECURITY_COEXIST_VERSIONS) { $env:WAFSECURITY_COEXIST_VERSIONS -split ',' } else { @('4.0.3.3', '4.0.102.19') }
    $script:Cases = foreach ($version in $versions) {
        foreach ($order in 'Before', 'After') { @{ Version = $version.Trim(); Order = $order } }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Packages = Join-Path $RepoRoot '.tools/packages'
    $script:Inventory = Join-Path $RepoRoot 'examples/demo-account'
    $script:Module = (Resolve-Path $ModulePath).Path

    function Get-OtherCore([string]$Version) {
        $dll = Join-Path $Packages "awssdk.core/$Version/lib/net8.0/AWSSDK.Core.dll"
        if (-not (Test-Path $dll)) {
            $output = & dotnet package download "AWSSDK.Core@$Version" -o $Packages 2>&1
            if ($LASTEXITCODE -ne 0) { throw "dotnet package download AWSSDK.Core@$Version failed: $output" }
        }
        $dll
    }

    function Invoke-Scenario([string]$Order, [string]$Version) {
        # A fresh pwsh: the running one's host (dotnet + pwsh.dll for the dotnet tool, else the pwsh executable).
        $hostPath = [System.Environment]::ProcessPath
        $hostArgs = @(if ((Split-Path $hostPath -Leaf) -match '^dotnet(\.exe)?$') { Join-Path $PSHOME 'pwsh.dll' })
        $outDir = Join-Path $TestDrive "$Order-$Version"
        $arguments = $hostArgs + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Coexistence.Scenario.ps1'),
            '-ModulePath', $Module, '-Order', $Order, '-InventoryPath', $Inventory, '-OutDir', $outDir)
        if ($Order -ne 'None') { $arguments += @('-OtherCorePath', (Get-OtherCore $Version)) }
        $output = & $hostPath @arguments 2>&1
        $resultFile = Join-Path $outDir 'result.json'
        if (-not (Test-Path $resultFile)) { throw "The scenario wrote no result (exit $LASTEXITCODE): $output" }
        Get-Content -Raw $resultFile | ConvertFrom-Json
    }

    # Without another AWSSDK.Core: what every scenario must match.
    $script:Baseline = Invoke-Scenario -Order None
}

Describe 'Coexistence with another AWSSDK.Core 4.x' {
    It 'has a baseline without another AWSSDK.Core, and a listener that rejects bad signatures' {
        $Baseline.Errors | Should -BeNullOrEmpty
        $Baseline.OfflineFindings.Count | Should -BeGreaterThan 0
        $Baseline.Live.AccountId | Should -Be '210987654321'
        $Baseline.VerifierSelfCheck | Should -Match 'signature mismatch'
    }

    Context 'AWSSDK.Core <Version> loaded <Order> Import-Module WafSecurity' -ForEach $Cases {
        BeforeAll {
            $script:Run = Invoke-Scenario -Order $Order -Version $Version
        }

        It 'runs without an unexpected error' {
            $Run.Errors | Should -BeNullOrEmpty
        }

        It 'leaves the session''s Amazon.Runtime types to the other AWSSDK.Core and keeps its own 4.1.0' {
            $Run.SessionCoreFileVersion | Should -Be $Version
            $Run.OurCoreFileVersion | Should -Be '4.1.0.0'
            if ($Order -eq 'After') { $Run.OtherLoadedAfter | Should -BeTrue }
        }

        It 'audits the demo account offline exactly as without it' {
            $Run.OfflineFindings | Should -Be $Baseline.OfflineFindings
        }

        It 'evaluates IAM policies (Test-WafIamPolicy)' {
            $Run.IamDecisions | Should -Be @('dynamodb:GetItem=allowed', 'dynamodb:DeleteItem=implicitDeny')
            $Run.IamDecisions | Should -Be $Baseline.IamDecisions
        }

        It 'collects live with -Credential from the other AWSSDK.Core, every request correctly signed' {
            $Run.CredentialObjectCoreFileVersion | Should -Be $Version
            $Run.Live.AccountId | Should -Be '210987654321'
            $Run.Live.Requests.Count | Should -Be $Baseline.Live.Requests.Count
            @($Run.Live.Requests.Operation | Sort-Object) | Should -Be @($Baseline.Live.Requests.Operation | Sort-Object)
            $Run.Live.Requests.Signature | Sort-Object -Unique | Should -Be 'valid'
            # The same non-terminating AccessDenied errors as the baseline, and nothing else.
            @($Run.Live.Errors | Sort-Object) | Should -Be @($Baseline.Live.Errors | Sort-Object)
        }

        It 'takes $StoredAWSCredentials session credentials from the other AWSSDK.Core, token included' {
            $Run.Stored.AccountId | Should -Be '210987654321'
            $Run.Stored.Requests.Count | Should -Be $Baseline.Live.Requests.Count
            $Run.Stored.Requests.Signature | Sort-Object -Unique | Should -Be 'valid'
            $Run.Stored.Requests.SecurityToken | Sort-Object -Unique | Should -Be 'coexistence-token'
        }

        It 'collects from moto_server as without it (MOTO_ENDPOINT)' -Skip:(-not $env:MOTO_ENDPOINT) {
            $Run.Moto.AccountId | Should -Be '123456789012'
            $Run.Moto.Files | Should -Be $Baseline.Moto.Files
            @($Run.Moto.Errors | Sort-Object) | Should -Be @($Baseline.Moto.Errors | Sort-Object)
        }

        It 'leaves the other AWSSDK.Core working: its credentials, regions and profile files' {
            $Run.OtherStillWorks.Keys | Should -Be 'AKIDCOEXISTENCE'
            $Run.OtherStillWorks.Region | Should -Be 'eu-central-1'
            $Run.OtherStillWorks.Profile | Should -Be 'AKIDOTHER/ap-south-1'
        }

        It 'imports in well under a few seconds in a fresh process' {
            $Run.ImportMs | Should -BeLessThan 5000
        }
    }
}
