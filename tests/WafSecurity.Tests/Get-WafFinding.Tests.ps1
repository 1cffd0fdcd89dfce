BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module (Join-Path $ModulePath 'WafSecurity.psd1') -Force

    $tables = @{
        'us-east-1/dynamodb/ListTables.json' = '{"TableNames":["orders","audit"]}'
        'us-east-1/dynamodb/DescribeTable/orders.json' = '{"Table":{"TableName":"orders","TableArn":"arn:aws:dynamodb:us-east-1:123456789012:table/orders"}}'
        'us-east-1/dynamodb/DescribeTable/audit.json' = '{"Table":{"TableName":"audit","TableArn":"arn:aws:dynamodb:us-east-1:123456789012:table/audit"}}'
        'us-east-1/dynamodb/DescribeContinuousBackups/orders.json' = '{"ContinuousBackupsDescription":{"ContinuousBackupsStatus":"ENABLED","PointInTimeRecoveryDescription":{"PointInTimeRecoveryStatus":"DISABLED"}}}'
        'us-east-1/dynamodb/DescribeContinuousBackups/audit.json' = '{"ContinuousBackupsDescription":{"ContinuousBackupsStatus":"ENABLED","PointInTimeRecoveryDescription":{"PointInTimeRecoveryStatus":"ENABLED"}}}'
        'eu-west-1/dynamodb/ListTables.json' = '{"TableNames":["sessions"]}'
        'eu-west-1/dynamodb/DescribeTable/sessions.json' = '{"Table":{"TableName":"sessions","TableArn":"arn:aws:dynamodb:eu-west-1:123456789012:table/sessions"}}'
        'eu-west-1/dynamodb/DescribeContinuousBackups/sessions.error.json' = '{"Code":"AccessDeniedException","Message":"User is not authorized","HttpStatus":400}'
    }
    $script:Snapshot = New-TestSnapshot -Files $tables -Name 'tables'
}

Describe 'Get-WafFinding' {
    Context 'Output objects' {
        BeforeAll { $script:Findings = Get-WafFinding -InventoryPath $Snapshot -Rule 'SEC2.DynamoDB.PITR' -IncludePassed -WarningAction SilentlyContinue }

        It 'emits WafSecurity.WafFinding objects with every contract property' {
            $Findings[0].PSObject.TypeNames[0] | Should -Be 'WafSecurity.WafFinding'
            foreach ($property in 'FindingId', 'RuleId', 'Status', 'Severity', 'Question', 'Title', 'Reason', 'Remediation', 'RepairCommand',
                'ResourceType', 'ResourceArn', 'ResourceName', 'Region', 'AccountId', 'Evidence') {
                $Findings[0].PSObject.Properties.Name | Should -Contain $property
            }
        }

        It 'says Failed, Passed and Error per resource' {
            ($Findings | Where-Object ResourceName -EQ 'orders').Status | Should -Be 'Failed'
            ($Findings | Where-Object ResourceName -EQ 'audit').Status | Should -Be 'Passed'
            ($Findings | Where-Object ResourceName -EQ 'sessions').Status | Should -Be 'Error'
        }

        It 'names the AWS error code and the IAM action in an Error finding' {
            $errorFinding = $Findings | Where-Object Status -EQ 'Error'
            $errorFinding.Reason | Should -Match 'AccessDeniedException'
            $errorFinding.Reason | Should -Match 'dynamodb:DescribeContinuousBackups'
            $errorFinding.Evidence['IamAction'] | Should -Be 'dynamodb:DescribeContinuousBackups'
        }

        It 'gives the same FindingId on every run' {
            $again = Get-WafFinding -InventoryPath $Snapshot -Rule 'SEC2.DynamoDB.PITR' -IncludePassed -WarningAction SilentlyContinue
            ($again.FindingId | Sort-Object) | Should -Be ($Findings.FindingId | Sort-Object)
            ($Findings.FindingId | Sort-Object -Unique).Count | Should -Be $Findings.Count
        }

        It 'composes with ConvertTo-Json and Export-Csv' {
            $json = $Findings | ConvertTo-Json -Depth 5 | ConvertFrom-Json
            $json.Count | Should -Be 3
            ($json | Where-Object ResourceName -EQ 'orders').Evidence.PointInTimeRecoveryStatus | Should -Be 'DISABLED'
            $csv = Join-Path $TestDrive 'findings.csv'
            $Findings | Export-Csv -Path $csv -NoTypeInformation
            (Import-Csv $csv | Where-Object ResourceName -EQ 'audit').Status | Should -Be 'Passed'
        }
    }

    Context 'Filters' {
        It 'leaves out passed findings unless -IncludePassed' {
            $findings = Get-WafFinding -InventoryPath $Snapshot -Rule 'SEC2.DynamoDB.PITR' -WarningAction SilentlyContinue
            $findings.Status | Should -Not -Contain 'Passed'
            $findings.Count | Should -Be 2
        }

        It 'reads only the regions given by -Region' {
            $findings = Get-WafFinding -InventoryPath $Snapshot -Rule 'SEC2.DynamoDB.PITR' -Region eu-west-1 -IncludePassed -WarningAction SilentlyContinue
            $findings.Region | Sort-Object -Unique | Should -Be 'eu-west-1'
        }

        It 'filters by severity' {
            Get-WafFinding -InventoryPath $Snapshot -Rule 'SEC2.DynamoDB.PITR' -Severity Critical -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'stops with a clear error for a rule pattern that matches nothing' {
            { Get-WafFinding -InventoryPath $Snapshot -Rule 'SEC9.*' } | Should -Throw -ErrorId 'WafSecurity.InvalidArgument*'
        }

        It 'stops with a clear error for an unknown rule parameter' {
            { Get-WafFinding -InventoryPath $Snapshot -Parameter @{ 'NoSuchParameter' = 1 } } | Should -Throw '*not a parameter of any selected rule*'
        }
    }

    Context 'Bad input' {
        It 'writes a non-terminating error naming a malformed file and audits the rest' {
            $broken = New-TestSnapshot -Name 'broken' -Files @{
                'us-east-1/dynamodb/ListTables.json' = '{"TableNames":["orders"]}'
                'us-east-1/dynamodb/DescribeTable/orders.json' = '{"Table":{"TableName":"orders","TableArn":"arn:aws:dynamodb:us-east-1:123456789012:table/orders"}}'
                'us-east-1/dynamodb/DescribeContinuousBackups/orders.json' = '{"ContinuousBackupsDescription": {"Continuous'
                'eu-west-1/dynamodb/ListTables.json' = '{"TableNames":["ok"]}'
                'eu-west-1/dynamodb/DescribeTable/ok.json' = '{"Table":{"TableName":"ok","TableArn":"arn:aws:dynamodb:eu-west-1:123456789012:table/ok"}}'
                'eu-west-1/dynamodb/DescribeContinuousBackups/ok.json' = '{"ContinuousBackupsDescription":{"PointInTimeRecoveryDescription":{"PointInTimeRecoveryStatus":"ENABLED"}}}'
            }
            $findings = Get-WafFinding -InventoryPath $broken -Rule 'SEC2.DynamoDB.PITR' -IncludePassed -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'WafSecurity.SnapshotParse*'
            $problems[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $problems[0].TargetObject | Should -Be 'us-east-1/dynamodb/DescribeContinuousBackups/orders.json'
            ($findings | Where-Object ResourceName -EQ 'orders').Status | Should -Be 'Error'
            ($findings | Where-Object ResourceName -EQ 'ok').Status | Should -Be 'Passed'
        }

        It 'stops with ObjectNotFound when the snapshot folder does not exist' {
            { Get-WafFinding -InventoryPath (Join-Path $TestDrive 'missing') } | Should -Throw -ErrorId 'WafSecurity.SnapshotNotFound*'
        }

        It 'warns once when a service was not collected in a region' {
            $partial = New-TestSnapshot -Name 'partial' -Files @{ 'us-east-1/lambda/ListFunctions.json' = '{"Functions":[]}' }
            $null = Get-WafFinding -InventoryPath $partial -WarningVariable warnings -WarningAction SilentlyContinue
            @($warnings | Where-Object { $_.Message -like 'dynamodb was not collected in us-east-1*' }).Count | Should -Be 1
        }
    }

    Context 'Settings file' {
        BeforeAll {
            $script:SettingsFolder = Join-Path $TestDrive 'settings'
            New-Item -ItemType Directory -Path $SettingsFolder -Force | Out-Null
            @'
@{
    Severity     = @{ 'SEC2.DynamoDB.PITR' = 'Low' }
    Suppressions = @(
        @{ Rule = 'SEC2.DynamoDB.PITR'; Resource = '*:table/orders'; Reason = 'rebuilt nightly from S3'; Expires = '2999-01-01' }
        @{ Rule = 'SEC2.DynamoDB.PITR'; Resource = 'sessions'; Reason = 'old decision'; Expires = '2000-01-01' }
    )
}
'@ | Set-Content (Join-Path $SettingsFolder 'WafSecurity.settings.psd1')
        }

        It 'is found in the current folder, applies severity overrides and hides suppressed findings' {
            Push-Location $SettingsFolder
            try { $findings = Get-WafFinding -InventoryPath $Snapshot -Rule 'SEC2.DynamoDB.PITR' -WarningAction SilentlyContinue }
            finally { Pop-Location }
            $findings.ResourceName | Should -Not -Contain 'orders'
            $findings.Severity | Sort-Object -Unique | Should -Be 'Low'
        }

        It 'shows suppressed findings with their reason under -IncludeSuppressed, and warns about an expired suppression' {
            $findings = Get-WafFinding -InventoryPath $Snapshot -Rule 'SEC2.DynamoDB.PITR' -IncludeSuppressed `
                -SettingsPath (Join-Path $SettingsFolder 'WafSecurity.settings.psd1') -WarningVariable warnings -WarningAction SilentlyContinue
            $orders = $findings | Where-Object ResourceName -EQ 'orders'
            $orders.Suppressed | Should -BeTrue
            $orders.SuppressionReason | Should -BeLike 'rebuilt nightly from S3*2999-01-01*'
            ($findings | Where-Object ResourceName -EQ 'sessions').Suppressed | Should -BeFalse
            @($warnings | Where-Object Message -Like '*expired on 2000-01-01*').Count | Should -Be 1
        }

        It 'stops with an error naming the file for an unknown setting, and never runs code in the file' {
            $bad = Join-Path $TestDrive 'bad.psd1'
            '@{ Bogus = 1 }' | Set-Content $bad
            { Get-WafFinding -InventoryPath $Snapshot -SettingsPath $bad } | Should -Throw "*$bad*'Bogus' is not a setting*"
            $code = Join-Path $TestDrive 'code.psd1'
            "@{ Severity = @{ 'SEC2.DynamoDB.PITR' = (New-Item -Path '$TestDrive/ran.txt') } }" | Set-Content $code
            { Get-WafFinding -InventoryPath $Snapshot -SettingsPath $code } | Should -Throw '*only constant values*'
            Join-Path $TestDrive 'ran.txt' | Should -Not -Exist
        }
    }

    Context 'Display' {
        It 'shows a compact table by default and Reason, Evidence and Remediation in the list view' {
            $finding = Get-WafFinding -InventoryPath $Snapshot -Rule 'SEC2.DynamoDB.PITR' -WarningAction SilentlyContinue | Where-Object ResourceName -EQ 'orders'
            ($finding | Out-String) | Should -Match 'Failed\s+Medium\s+SEC2\.DynamoDB\.PITR'
            $list = $finding | Format-List | Out-String
            $list | Should -Match 'Reason\s+: Point-in-time recovery is DISABLED'
            $list | Should -Match 'Evidence\s+: PointInTimeRecoveryStatus = DISABLED'
            $list | Should -Match 'Remediation\s+:'
        }
    }
}

Describe 'Get-WafFinding on the demo account' {
    BeforeAll {
        $script:Demo = Join-Path $RepoRoot 'examples/demo-account'
        $script:Expected = Get-Content (Join-Path $Demo 'expected.json') -Raw | ConvertFrom-Json
        $script:DemoFindings = Get-WafFinding -InventoryPath $Demo -IncludePassed -WarningVariable demoWarnings -WarningAction SilentlyContinue
        $script:DemoWarnings = $demoWarnings
    }

    It 'gives, for each rule of expected.json, exactly the Failed and Error findings it lists' {
        foreach ($rule in $Expected.RuleId | Sort-Object -Unique) {
            $want = @($Expected | Where-Object RuleId -eq $rule | ForEach-Object { '{0}|{1}' -f $_.ResourceName, $_.Status }) | Sort-Object
            $got = @($DemoFindings | Where-Object { $_.RuleId -eq $rule -and $_.Status -ne 'Passed' } |
                ForEach-Object { '{0}|{1}' -f $_.ResourceName, $_.Status }) | Sort-Object
            ($got -join "`n") | Should -Be ($want -join "`n") -Because $rule
        }
    }

    It 'has exactly one Error finding across every rule' {
        @($DemoFindings | Where-Object Status -eq 'Error').Count | Should -Be 1
    }

    It 'judges every service it holds: the only collection warning is the IAM last-accessed data moto cannot produce' {
        @($DemoWarnings | Where-Object { $_.Message -like '*was not collected*' -and $_.Message -notlike 'IAM service last-accessed*' }).Count | Should -Be 0
    }
}

Describe 'Get-WafFinding warnings about Error findings' {
    It 'explains an Error no AWS call caused with its reason, never with placeholders' {
        $files = @{
            'us-east-1/lambda/ListFunctions.json' = '{"Functions":[{"FunctionName":"thumbs","FunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:thumbs","PackageType":"Image","Role":"arn:aws:iam::123456789012:role/r","LastModified":"2026-11-01T09:30:00.000+0000"}]}'
        }
        $snapshot = New-TestSnapshot -Files $files -Name 'image-function'
        $findings = Get-WafFinding -InventoryPath $snapshot -Rule 'SEC3.Lambda.SecretsInCode' -WarningVariable warned -WarningAction SilentlyContinue
        @($findings | Where-Object Status -eq 'Error').Count | Should -Be 1
        $line = @($warned | Where-Object Message -Like '*could not be evaluated*')
        $line.Count | Should -Be 1
        $line[0].Message | Should -BeLike '*SEC3.Lambda.SecretsInCode*container image*'
        $line[0].Message.Contains('?') | Should -BeFalse
    }
}
