BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module (Join-Path $ModulePath 'WafSecurity.psd1') -Force
}

Describe 'Get-WafSecurityRule' {
    Context 'Listing' {
        It 'emits WafSecurity.WafRule objects with the contract properties' {
            $rule = Get-WafSecurityRule | Select-Object -First 1
            $rule.PSObject.TypeNames[0] | Should -Be 'WafSecurity.WafRule'
            foreach ($property in 'Id', 'Question', 'Severity', 'ResourceType', 'Title', 'Description', 'Remediation', 'Parameters', 'HelpUri') {
                $rule.PSObject.Properties.Name | Should -Contain $property
            }
        }

        It 'gives every rule an id of the form Question.Service.Check and a known severity' {
            foreach ($rule in Get-WafSecurityRule) {
                $rule.Id | Should -Match '^SEC[123]\.[A-Za-z0-9]+\.[A-Za-z0-9]+$'
                $rule.Id | Should -BeLike "$($rule.Question).*"
                $rule.Severity | Should -BeIn 'Critical', 'High', 'Medium', 'Low', 'Informational'
            }
        }
    }

    Context 'Filtering' {
        It 'matches ids with wildcards, case-insensitively' {
            $rules = Get-WafSecurityRule -Id 'sec2.dynamodb.*'
            $rules.Id | Should -Contain 'SEC2.DynamoDB.PITR'
            $rules.Id | ForEach-Object { $_ | Should -BeLike 'SEC2.DynamoDB.*' }
        }

        It 'filters by question and severity' {
            (Get-WafSecurityRule -Question SEC2 -Severity Medium).Id | Should -Contain 'SEC2.DynamoDB.PITR'
            Get-WafSecurityRule -Question SEC1 | ForEach-Object { $_.Question | Should -Be 'SEC1' }
        }

        It 'writes a non-terminating ObjectNotFound error for an unknown id' {
            $result = Get-WafSecurityRule -Id 'SEC9.Nope.Nothing' -ErrorVariable problems -ErrorAction SilentlyContinue
            $result | Should -BeNullOrEmpty
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'WafSecurity.RuleNotFound*'
            $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }

        It 'rejects an unknown severity at binding time' {
            { Get-WafSecurityRule -Severity Severe } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        }
    }

    Context 'Tab completion' {
        It 'completes rule ids for -Rule of Get-WafFinding' {
            $completion = TabExpansion2 -inputScript 'Get-WafFinding -Rule SEC2.Dyn' -cursorColumn 'Get-WafFinding -Rule SEC2.Dyn'.Length
            $completion.CompletionMatches.CompletionText | Should -Contain 'SEC2.DynamoDB.PITR'
        }
    }

    Context 'Display' {
        It 'has a table view and a list view' {
            $table = Get-WafSecurityRule -Id 'SEC2.DynamoDB.PITR' | Format-Table | Out-String
            $table | Should -Match 'SEC2\.DynamoDB\.PITR\s+SEC2\s+Medium'
            $list = Get-WafSecurityRule -Id 'SEC2.DynamoDB.PITR' | Format-List | Out-String
            $list | Should -Match 'Remediation\s*:'
        }
    }
}
