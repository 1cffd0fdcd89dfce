BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module (Join-Path $ModulePath 'WafSecurity.psd1') -Force
    $script:Snapshot = Join-Path $FixturesPath 'rules/SEC2.Lambda.ExecRoleAdmin/fail'
}

Describe 'Test-LambdaLeastPrivilege' {
    Context 'Reports' {
        It 'emits one WafSecurity.LeastPrivilegeReport per function with the contract properties' {
            $reports = Test-LambdaLeastPrivilege -InventoryPath $Snapshot
            $reports.Count | Should -Be 3
            $reports[0].PSObject.TypeNames[0] | Should -Be 'WafSecurity.LeastPrivilegeReport'
            foreach ($property in 'FunctionName', 'FunctionArn', 'RoleArn', 'IsLeastPrivilege', 'Issues', 'GrantedActionCount', 'SuggestedPolicy') {
                $reports[0].PSObject.Properties.Name | Should -Contain $property
            }
        }

        It 'judges a scoped role least privilege and an administrator role not' {
            $orders = Test-LambdaLeastPrivilege -InventoryPath $Snapshot -FunctionName orders
            $orders.IsLeastPrivilege | Should -BeTrue
            $orders.GrantedActionCount | Should -Be 6
            $api = Test-LambdaLeastPrivilege -InventoryPath $Snapshot -FunctionName api
            $api.IsLeastPrivilege | Should -BeFalse
            $api.Issues.RuleId | Should -Contain 'SEC2.Lambda.ExecRoleAdmin'
            ($api.Issues | Where-Object RuleId -eq 'SEC2.Lambda.ExecRoleAdmin')[0].Policy | Should -Be 'arn:aws:iam::aws:policy/AdministratorAccess'
            $api.GrantedActionCount | Should -BeGreaterThan 20000
        }

        It 'names the statement that causes each issue' {
            $deploy = Test-LambdaLeastPrivilege -InventoryPath $Snapshot -FunctionName deploy
            $pass = $deploy.Issues | Where-Object RuleId -eq 'SEC2.Lambda.ExecRolePassRoleStar'
            $pass.Policy | Should -Be 'inline:deploy'
            $pass.Statement | Should -Be 'Deploy'
        }

        It 'suggests a labelled policy scoped to the function''s own log group' {
            $policy = (Test-LambdaLeastPrivilege -InventoryPath $Snapshot -FunctionName api).SuggestedPolicy | ConvertFrom-Json
            $policy.Id | Should -BeLike '*PROPOSAL*'
            ($policy.Statement | Where-Object Sid -eq 'OwnLogStreams').Resource | Should -Be 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/api:*'
        }
    }

    Context 'Event sources' {
        BeforeAll {
            $script:EventSources = Join-Path $FixturesPath 'least-privilege/event-sources'
            $script:NotCollected = Join-Path $FixturesPath 'least-privilege/event-sources-not-collected'
        }

        It 'keeps what each enabled event source mapping needs, scoped to the source, and says why a disabled one is left out' {
            $report = Test-LambdaLeastPrivilege -InventoryPath $EventSources -FunctionName sqs-worker -WarningVariable warnings
            $statement = ($report.SuggestedPolicy | ConvertFrom-Json).Statement | Where-Object Sid -eq 'EventSourceSqsJobs'
            $statement.Action | Should -Be 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'
            $statement.Resource | Should -Be 'arn:aws:sqs:us-east-1:123456789012:jobs'
            $report.SuggestionNotes | Should -HaveCount 1
            $report.SuggestionNotes[0] | Should -BeLike '*paused-jobs*Disabled*'
            $warnings | Where-Object Message -Like '*event source mappings*' | Should -BeNullOrEmpty
        }

        It 'counts a mapping on an alias as the function''s, with its on-failure destination' {
            $sids = ((Test-LambdaLeastPrivilege -InventoryPath $EventSources -FunctionName stream-reader).SuggestedPolicy | ConvertFrom-Json).Statement.Sid
            $sids | Should -Contain 'EventSourceDynamoDbOrders'
            $sids | Should -Contain 'EventSourceDynamoDbOrdersOnFailure'
            $sids | Should -Contain 'EventSourceKinesisClicks'
        }

        It 'says, in each report and once as a warning, that event sources could not be used when they were not collected' {
            $reports = Test-LambdaLeastPrivilege -InventoryPath $NotCollected -WarningVariable warnings -WarningAction SilentlyContinue
            $reports | Should -HaveCount 3
            foreach ($report in $reports) {
                $report.SuggestionNotes | Should -HaveCount 1
                $report.SuggestionNotes[0] | Should -BeLike 'Event sources were not used*ListEventSourceMappings.json*'
                ($report.SuggestedPolicy | ConvertFrom-Json).Statement.Sid | Should -Not -Match '^EventSource'
            }
            @($warnings | Where-Object Message -Like '*event source mappings were not collected in us-east-1*').Count | Should -Be 1
        }
    }

    Context 'Input' {
        It 'binds FunctionName and FunctionArn by property name, as from Get-LMFunctionList' {
            $objects = [pscustomobject]@{ FunctionName = 'orders'; FunctionArn = 'arn:aws:lambda:us-east-1:123456789012:function:orders' },
                       [pscustomobject]@{ FunctionName = 'api' }
            ($objects | Test-LambdaLeastPrivilege -InventoryPath $Snapshot).FunctionName | Should -Be 'orders', 'api'
        }

        It 'takes names from the pipeline and emits one bool per function with -Quiet' {
            'orders', 'api' | Test-LambdaLeastPrivilege -InventoryPath $Snapshot -Quiet | Should -Be $true, $false
        }

        It 'writes a non-terminating WafSecurity.FunctionNotFound error for an unknown function' {
            $result = Test-LambdaLeastPrivilege -InventoryPath $Snapshot -FunctionName nope -ErrorVariable problems -ErrorAction SilentlyContinue
            $result | Should -BeNullOrEmpty
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'WafSecurity.FunctionNotFound*'
        }
    }
}
