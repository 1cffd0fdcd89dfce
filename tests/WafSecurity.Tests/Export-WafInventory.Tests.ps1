BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module (Join-Path $ModulePath 'WafSecurity.psd1') -Force
    $script:Demo = Join-Path $RepoRoot 'examples/demo-account'

    function Use-ReplaySource([hashtable]$PersistentErrors = @{}, [double]$ThrottleRate = 0) {
        # Live cmdlets collect through a recorded snapshot instead of AWS (LiveAwsAccess.CallSourceOverride).
        $faults = [WafSecurity.Engine.Aws.CallFaults]::new()
        $faults.ThrottleRate = $ThrottleRate
        foreach ($entry in $PersistentErrors.GetEnumerator()) {
            $faults.PersistentErrors[$entry.Key] = [System.ValueTuple[string, string, System.Nullable[int]]]::new($entry.Value[0], $entry.Value[1], [int]$entry.Value[2])
        }
        [WafSecurity.Commands.LiveAwsAccess]::CallSourceOverride = [WafSecurity.Engine.Aws.SnapshotCallSource]::new($Demo, $faults, $null)
        [WafSecurity.Commands.LiveAwsAccess]::OverrideRateScale = 1000
    }

    function Get-Tree([string]$Root) {
        Get-ChildItem $Root -Recurse -File -Filter *.json | ForEach-Object { $_.FullName.Substring($Root.Length + 1).Replace('\', '/') } |
            Where-Object { $_ -ne 'expected.json' } | Sort-Object
    }
}

AfterAll {
    [WafSecurity.Commands.LiveAwsAccess]::CallSourceOverride = $null
    [WafSecurity.Commands.LiveAwsAccess]::OverrideRateScale = 1
}

Describe 'Export-WafInventory' {
    Context 'Writing a snapshot' {
        BeforeAll {
            Use-ReplaySource
            $script:Out = Join-Path $TestDrive 'export'
            $script:Result = Export-WafInventory -Path $Out -Region us-east-1, eu-west-1 -NoRedaction -ErrorAction SilentlyContinue
        }

        It 'writes the same files as the recorded snapshot, file for file' {
            Get-Tree $Out | Should -Be (Get-Tree $Demo)
        }

        It 'writes semantically equal JSON' {
            foreach ($file in (Get-Tree $Demo | Where-Object { $_ -ne 'account.json' })) {
                $expected = Get-Content -Raw (Join-Path $Demo $file) | ConvertFrom-Json -Depth 64 | ConvertTo-Json -Depth 64 -Compress
                $actual = Get-Content -Raw (Join-Path $Out $file) | ConvertFrom-Json -Depth 64 | ConvertTo-Json -Depth 64 -Compress
                $actual | Should -Be $expected -Because $file
            }
        }

        It 'returns the folder, which pipes into Get-WafFinding' {
            $Result | Should -BeOfType System.IO.DirectoryInfo
            ($Result | Get-WafFinding -Rule 'SEC2.DynamoDB.PITR' -WarningAction SilentlyContinue).Count | Should -BeGreaterThan 0
        }

        It 'refuses a folder that holds files unless -Force is given' {
            { Export-WafInventory -Path $Out -Region us-east-1 } | Should -Throw -ErrorId 'WafSecurity.SnapshotExists*'
            Export-WafInventory -Path $Out -Region us-east-1 -Force -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty
            Test-Path (Join-Path $Out 'eu-west-1') | Should -BeFalse
        }

        It 'writes nothing with -WhatIf' {
            $whatIf = Join-Path $TestDrive 'whatif'
            Export-WafInventory -Path $whatIf -Region us-east-1 -WhatIf -ErrorAction SilentlyContinue
            Test-Path $whatIf | Should -BeFalse
        }

        It 'makes the folder readable by its owner only' -Skip:$IsWindows {
            (Get-Item $Out).UnixFileMode | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite, UserExecute')
            (Get-Item (Join-Path $Out 'account.json')).UnixFileMode | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite')
        }
    }

    Context 'Redaction' {
        It 'writes detected secret values as REDACTED markers by default' {
            Use-ReplaySource
            $out = Join-Path $TestDrive 'redacted'
            $null = Export-WafInventory -Path $out -Region us-east-1 -ErrorAction SilentlyContinue
            $text = Get-Content -Raw (Join-Path $out 'us-east-1/lambda/ListFunctions.json')
            $text | Should -Match '\[REDACTED:[A-Za-z]+:[0-9a-f]{8}\]'
            $raw = Get-Content -Raw (Join-Path $Demo 'us-east-1/lambda/ListFunctions.json')
            $raw | Should -Not -Match 'REDACTED'
        }
    }

    Context 'Failures' {
        BeforeAll {
            Use-ReplaySource -PersistentErrors @{ 'lambda GetPolicy' = @('AccessDeniedException', 'not authorized to perform: lambda:GetPolicy', 403) }
            $script:Denied = Join-Path $TestDrive 'denied'
            $null = Export-WafInventory -Path $Denied -Region us-east-1, eu-west-1 -ErrorVariable problems -ErrorAction SilentlyContinue
            $script:Problems = $problems
        }

        It 'writes one PermissionDenied error per region and operation, not one per resource' {
            # (The demo account also records one AccessDenied of its own: secretsmanager GetResourcePolicy in us-east-1.)
            $getPolicy = @($Problems | Where-Object { $_.TargetObject -like '*/lambda/GetPolicy' })
            $getPolicy.Count | Should -Be 2
            $getPolicy[0].FullyQualifiedErrorId | Should -BeLike 'WafSecurity.AwsAccessDenied*'
            $getPolicy[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            $getPolicy[0].Exception.Message | Should -Match 'lambda:GetPolicy'
        }

        It 'records each failed call as an .error.json' {
            (Get-ChildItem (Join-Path $Denied 'us-east-1/lambda/GetPolicy') -Filter *.error.json).Count | Should -BeGreaterThan 1
        }

        It 'gives Error findings, never Passed, for the rules that needed the call' {
            $findings = Get-WafFinding -InventoryPath $Denied -Rule 'SEC2.Lambda.PublicInvoke' -IncludePassed -WarningAction SilentlyContinue
            $findings | Should -Not -BeNullOrEmpty
            $findings.Status | Sort-Object -Unique | Should -Be 'Error'
        }
    }
}

Describe 'Live audits without -InventoryPath' {
    BeforeAll { Use-ReplaySource }

    It 'Get-WafFinding gives the same verdicts live as offline' {
        $offline = Get-WafFinding -InventoryPath $Demo -IncludePassed -WarningAction SilentlyContinue -ErrorAction SilentlyContinue | ForEach-Object { "$($_.RuleId)|$($_.ResourceArn)|$($_.Status)" } | Sort-Object
        $live = Get-WafFinding -Region us-east-1, eu-west-1 -IncludePassed -WarningAction SilentlyContinue -ErrorAction SilentlyContinue | ForEach-Object { "$($_.RuleId)|$($_.ResourceArn)|$($_.Status)" } | Sort-Object
        $live | Should -Be $offline
    }

    It 'Get-WafFinding -AllRegions finds the enabled regions' {
        $regions = Get-WafFinding -AllRegions -Rule 'SEC2.DynamoDB.PITR' -IncludePassed -WarningAction SilentlyContinue -ErrorAction SilentlyContinue | ForEach-Object Region | Sort-Object -Unique
        $regions | Should -Be 'eu-west-1', 'us-east-1'
    }

    It 'names each operation class and its counts with -Verbose' {
        $verbose = Get-WafFinding -Region us-east-1 -Rule 'SEC2.DynamoDB.PITR' -Verbose -WarningAction SilentlyContinue -ErrorAction SilentlyContinue 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -match '^lambda GetPolicy in us-east-1: \d+ call') | Should -Not -BeNullOrEmpty
    }

    It 'Test-LambdaLeastPrivilege reports each function of the live account' {
        $offline = Test-LambdaLeastPrivilege -InventoryPath $Demo | ForEach-Object { "$($_.FunctionArn)|$($_.IsLeastPrivilege)" } | Sort-Object
        $live = Test-LambdaLeastPrivilege -Region us-east-1, eu-west-1 | ForEach-Object { "$($_.FunctionArn)|$($_.IsLeastPrivilege)" } | Sort-Object
        $live | Should -Be $offline
    }

    It 'stops with one setup error when AWS cannot be reached' {
        [WafSecurity.Commands.LiveAwsAccess]::CallSourceOverride = $null
        try { { Get-WafFinding -Region us-east-1 } | Should -Throw -ErrorId 'WafSecurity.AwsSetup*' }
        finally { Use-ReplaySource }
    }
}
