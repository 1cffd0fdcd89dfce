BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module (Join-Path $ModulePath 'WafSecurity.psd1') -Force
}

Describe 'WafSecurity module' {
    Context 'Manifest' {
        It 'passes Test-ModuleManifest and supports Core and Desktop' {
            $manifest = Test-ModuleManifest (Join-Path $ModulePath 'WafSecurity.psd1')
            $manifest.CompatiblePSEditions | Should -Be @('Core', 'Desktop')
            $manifest.PowerShellVersion | Should -Be ([version]'5.1')
        }

        It 'exports exactly the cmdlets its manifest lists' {
            $listed = (Import-PowerShellDataFile (Join-Path $ModulePath 'WafSecurity.psd1')).CmdletsToExport | Sort-Object
            $exported = (Get-Command -Module WafSecurity -CommandType Cmdlet).Name | Sort-Object
            $exported | Should -Be $listed
        }

        It 'ships a build for each edition' {
            Join-Path $ModulePath 'net8.0/WafSecurity.dll' | Should -Exist
            Join-Path $ModulePath 'netstandard2.0/WafSecurity.dll' | Should -Exist
        }
    }

    Context 'Command names' {
        It 'collides with no AWS Tools for PowerShell command (names are case-insensitive)' {
            # AWS.Tools.WAF exports Get-WAFRule; AWS.Tools.WAFV2 exports Get-WAF2*; AWS.Tools.WAFRegional exports Get-WAFRRule.
            $awsToolsNames = 'Get-WAFRule', 'Get-WAFRuleList', 'Get-WAF2RuleGroup', 'Get-WAFRRule', 'Get-WAFWebACL'
            foreach ($name in (Get-Command -Module WafSecurity).Name) {
                $awsToolsNames | Should -Not -Contain $name
                # Our nouns start with Waf, or (contract.md) Lambda: AWS Tools' Lambda cmdlets use the LM prefix.
                $name | Should -Match '^[A-Z][a-z]+-(Waf|Lambda)'
            }
        }
    }
}
