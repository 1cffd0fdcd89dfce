# Every rule, run through the built module over its fixture snapshots (tests/fixtures/rules/<RuleId>/<case>/expected.json).
BeforeDiscovery {
    $fixtures = Join-Path $PSScriptRoot '../fixtures/rules'
    $script:Cases = foreach ($caseDir in Get-ChildItem -Path $fixtures -Directory -ErrorAction SilentlyContinue | Get-ChildItem -Directory) {
        $expectedPath = Join-Path $caseDir.FullName 'expected.json'
        if (-not (Test-Path $expectedPath)) { continue }
        $expected = Get-Content -Raw $expectedPath | ConvertFrom-Json
        $findings = if ($expected -is [array]) { $expected } elseif ($expected.PSObject.Properties.Name -contains 'Findings') { $expected.Findings } else { @($expected) }
        $parameters = @{}
        if ($expected -isnot [array] -and $expected.PSObject.Properties.Name -contains 'Parameters') {
            foreach ($p in $expected.Parameters.PSObject.Properties) { $parameters[$p.Name] = $p.Value }
        }
        @{ RuleId = $caseDir.Parent.Name; Case = $caseDir.Name; Path = $caseDir.FullName; Expected = @($findings); Parameters = $parameters }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module (Join-Path $ModulePath 'WafSecurity.psd1') -Force
}

Describe 'Rule <RuleId>, case <Case>' -ForEach $Cases {
    BeforeAll {
        $script:Findings = @(Get-WafFinding -InventoryPath $Path -Rule $RuleId -IncludePassed -Parameter $Parameters -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
    }

    It 'gives exactly the expected resources and statuses' {
        $actual = $Findings | ForEach-Object { '{0} | {1}' -f $_.ResourceName, $_.Status } | Sort-Object
        $wanted = $Expected | ForEach-Object { '{0} | {1}' -f $_.ResourceName, $_.Status } | Sort-Object
        $actual | Should -Be $wanted
    }

    It 'names the offending values in each reason' {
        foreach ($want in $Expected) {
            $finding = $Findings | Where-Object { $_.ResourceName -eq $want.ResourceName -and $_.Status -eq $want.Status } | Select-Object -First 1
            foreach ($word in @($want.ReasonIncludes)) {
                if ($word) { $finding.Reason | Should -BeLike "*$word*" -Because "$($want.ResourceName) ($($want.Status))" }
            }
        }
    }
}
