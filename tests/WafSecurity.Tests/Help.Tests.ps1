# Help quality gate: what a user sees with Get-Help, checked on the built module (not on the Markdown), so a
# help file that is missing, misplaced or malformed fails here even when the docs look right.
BeforeDiscovery {
    $modulePath = if ($env:WAFSECURITY_MODULE) { $env:WAFSECURITY_MODULE } else { Join-Path $PSScriptRoot '../../out/WafSecurity' }
    Import-Module (Join-Path $modulePath 'WafSecurity.psd1') -ErrorAction Stop

    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    $commands = @(foreach ($command in (Get-Module WafSecurity).ExportedCommands.Values | Sort-Object Name) {
            @{ Name = $command.Name; Parameters = @($command.Parameters.Keys | Where-Object { $_ -notin $common } | Sort-Object) }
        })
    $rules = @(Get-WafSecurityRule | ForEach-Object { @{ Id = $_.Id } })
}

BeforeAll {
    $modulePath = if ($env:WAFSECURITY_MODULE) { $env:WAFSECURITY_MODULE } else { Join-Path $PSScriptRoot '../../out/WafSecurity' }
    Import-Module (Join-Path $modulePath 'WafSecurity.psd1') -ErrorAction Stop
    $rulesDocs = Join-Path $PSScriptRoot '../../docs/rules'
}

Describe 'Help' {
    Context 'Help of <Name>' -ForEach $commands {
        BeforeAll {
            $help = Get-Help -Name $Name -Full
        }

        It 'has a synopsis' {
            $help.Synopsis | Should -Not -BeNullOrEmpty
            # Without MAML, Get-Help makes the synopsis up from the syntax, which starts with the command name.
            $help.Synopsis | Should -Not -Match "^\s*$([regex]::Escape($Name))\b" -Because 'the synopsis must come from docs/cmdlets'
        }

        It 'has a description' {
            ($help.description.Text -join '').Trim() | Should -Not -BeNullOrEmpty
        }

        It 'has at least one example with code' {
            $examples = @($help.examples.example)
            $examples.Count | Should -BeGreaterThan 0
            foreach ($example in $examples) { $example.code.Trim() | Should -Not -BeNullOrEmpty -Because $example.title }
        }

        It 'describes -<_>' -ForEach $Parameters {
            $parameter = $help.parameters.parameter | Where-Object name -EQ $_
            $parameter | Should -Not -BeNullOrEmpty -Because "-$_ must be in the help of $Name"
            ($parameter.description.Text -join '').Trim() | Should -Not -BeNullOrEmpty
        }
    }

    Context 'about_WafSecurity' {
        It 'is found by Get-Help' {
            $topic = Get-Help -Name about_WafSecurity -ErrorAction SilentlyContinue
            $topic | Should -Not -BeNullOrEmpty
            $topic.Category | Should -Be 'HelpFile'
            $topic.Synopsis | Should -Not -BeNullOrEmpty
        }
    }

    Context 'Rule documents' {
        It 'docs/rules/<Id>.md exists' -ForEach $rules {
            $doc = Join-Path $rulesDocs "$Id.md"
            Test-Path -LiteralPath $doc -PathType Leaf | Should -BeTrue -Because "every rule from Get-WafSecurityRule needs docs/rules/$Id.md (its HelpUri)"
            (Get-Content -LiteralPath $doc -Raw).Trim() | Should -Not -BeNullOrEmpty
        }
    }
}
