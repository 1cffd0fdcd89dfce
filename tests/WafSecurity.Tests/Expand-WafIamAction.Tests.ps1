BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module (Join-Path $ModulePath 'WafSecurity.psd1') -Force
}

Describe 'Expand-WafIamAction' {
    Context 'Expansion' {
        It 'emits WafSecurity.IamActionInfo objects spelled as AWS spells them' {
            $action = Expand-WafIamAction 's3:getobject'
            $action.PSObject.TypeNames[0] | Should -Be 'WafSecurity.IamActionInfo'
            $action.Action | Should -BeExactly 's3:GetObject'
            $action.Service | Should -Be 's3'
            $action.AccessLevel | Should -Be 'Read'
        }

        It 'expands wildcards and normalises access levels' {
            $actions = Expand-WafIamAction 'lambda:*'
            $actions.Count | Should -BeGreaterThan 50
            ($actions | Where-Object Action -eq 'lambda:AddPermission').AccessLevel | Should -Be 'Permissions management'
            $actions.AccessLevel | Sort-Object -Unique | ForEach-Object { $_ | Should -BeIn 'List', 'Read', 'Write', 'Permissions management', 'Tagging' }
        }

        It 'takes patterns from the pipeline and names each action once' {
            $actions = 's3:GetObject', 's3:GetObj*' | Expand-WafIamAction
            ($actions | Where-Object Action -eq 's3:GetObject').Count | Should -Be 1
        }

        It 'expands * to every action' {
            (Expand-WafIamAction '*').Count | Should -BeGreaterThan 20000
        }
    }

    Context 'Unknown actions' {
        It 'writes a non-terminating WafSecurity.ActionNotFound error' {
            $result = Expand-WafIamAction 'nosuch:Thing' -ErrorVariable problems -ErrorAction SilentlyContinue
            $result | Should -BeNullOrEmpty
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'WafSecurity.ActionNotFound*'
            $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }
    }
}
