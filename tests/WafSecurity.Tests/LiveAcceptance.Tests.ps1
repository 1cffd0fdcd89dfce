# End-to-end acceptance of the built module against moto_server (issue 4, Acceptance): every Context seeds a fresh
# scenario in a moto account of its own (two regions) and runs the module through its own FakeAws proxy process
# (SigV4 verified on every request). Skipped, with a message, when MOTO_ENDPOINT is not set; .ci/run sets it.
BeforeDiscovery {
    $script:NoMoto = -not $env:MOTO_ENDPOINT
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'LiveAcceptance/LiveAcceptance.ps1')
    Import-Module (Join-Path $ModulePath 'WafSecurity.psd1') -Force
    [WafSecurity.Commands.LiveAwsAccess]::CallSourceOverride = $null
    [WafSecurity.Commands.LiveAwsAccess]::OverrideRateScale = 1

    # Operations moto 5.2 does not implement. Both sides still write an .error.json at the same path (compared for
    # presence), but not their contents: the CLI and the module word moto's HTML error page differently.
    #  - lambda ListFunctionUrlConfigs: no route in moto (404 HTML page); moto has only Get/Create/Delete/UpdateFunctionUrlConfig.
    #  - apigatewayv2 GetAuthorizers: moto raises NotImplementedError (500 HTML page); it has only GetAuthorizer.
    #  - backup ListProtectedResources: no route in moto (404 HTML page).
    #  - iam GenerateServiceLastAccessedDetails (global, one file per execution role): moto answers 500.
    $script:NotInMotoRegional = @('lambda/ListFunctionUrlConfigs', 'apigatewayv2/GetAuthorizers', 'backup/ListProtectedResources')
    $script:NotInMotoGlobal = @('iam/GetServiceLastAccessedDetails')
    $script:NotInMoto = $NotInMotoRegional + $NotInMotoGlobal
    # Rules that read the answers AccessDenied is injected on (Context 'AccessDenied').
    $script:DeniedRules = @('SEC2.Lambda.PublicInvoke', 'SEC2.Lambda.CrossAccountInvoke', 'SEC2.Lambda.ServicePrincipalUnscoped', 'SEC3.Secrets.PublicPolicy')

    function Get-Verdicts($Findings) {
        $Findings | ForEach-Object { "$($_.RuleId) | $($_.ResourceArn) | $($_.Status)" } | Sort-Object -Unique
    }
}

Describe 'Live acceptance prerequisites' {
    It 'runs against moto_server (MOTO_ENDPOINT)' {
        if (-not $env:MOTO_ENDPOINT) {
            Set-ItResult -Skipped -Because 'MOTO_ENDPOINT is not set: the live acceptance tests need moto_server. Install it with pip install "moto[server]==5.2.1" and run .ci/run, or start moto_server -H 127.0.0.1 -p 5000 and set MOTO_ENDPOINT=http://127.0.0.1:5000'
            return
        }
        (Invoke-WebRequest -Uri "$env:MOTO_ENDPOINT/moto-api/" -UseBasicParsing).StatusCode | Should -Be 200
    }
}

Describe 'Live acceptance' -Skip:$NoMoto {
    Context 'Export-WafInventory and Get-WafFinding against the AWS CLI, through the signature-verifying proxy' {
        BeforeAll {
            $script:Scenario = New-MotoScenario
            $script:Proxy = Start-FakeAws -Scenario $Scenario
            $script:Live = Get-LiveParameters $Scenario $Proxy
            $script:Cli = Join-Path $TestDrive 'cli'
            New-AwsCliSnapshot -Scenario $Scenario -Path $Cli
            $script:Raw = Join-Path $TestDrive 'raw'
            $null = Export-WafInventory -Path $Raw @Live -NoRedaction -ErrorAction SilentlyContinue -ErrorVariable script:ExportErrors
            $script:Redacted = Join-Path $TestDrive 'redacted'
            $null = Export-WafInventory -Path $Redacted @Live -ErrorAction SilentlyContinue
            $script:LiveFindings = Get-WafFinding @Live -IncludePassed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $script:Stats = Get-FakeAwsStats $Proxy
        }
        AfterAll { Stop-FakeAws $Proxy }

        It 'seeded the scenario without moto refusing any call' {
            $Scenario.warnings | Should -BeNullOrEmpty
        }

        It 'writes the same files the aws CLI prints, with semantically equal JSON wherever moto implements the operation' {
            $result = Compare-WafSnapshot -Expected $Cli -Actual $Raw -PresenceOnly $NotInMoto
            $result.differences | Should -BeNullOrEmpty
            $result.files | Should -BeGreaterThan 90
        }

        It 'collects every resource of the scenario: aliases, the alias policy, both keys, both regions' {
            foreach ($region in $Scenario.regions) {
                Test-Path (Join-Path $Raw "$region/lambda/GetPolicy/orders-api@live.json") | Should -BeTrue
                (Get-ChildItem (Join-Path $Raw "$region/lambda/ListAliases")).Count | Should -Be 7
                (Get-ChildItem (Join-Path $Raw "$region/kms/DescribeKey")).Count | Should -Be 2
                Test-Path (Join-Path $Raw "$region/secretsmanager/GetResourcePolicy/prod%2Fpartner%2Fapi-key.json") | Should -BeTrue
            }
            (Get-Content -Raw (Join-Path $Raw 'account.json') | ConvertFrom-Json).AccountId | Should -Be $Scenario.accountId
        }

        It 'compares for real: a changed value is reported' {
            $tampered = Join-Path $TestDrive 'tampered'
            Copy-Item $Raw $tampered -Recurse
            $file = Join-Path $tampered "$($Scenario.regions[0])/dynamodb/DescribeContinuousBackups/sessions.json"
            (Get-Content -Raw $file) -replace 'DISABLED', 'ENABLED' | Set-Content $file
            (Compare-WafSnapshot -Expected $Cli -Actual $tampered -PresenceOnly $NotInMoto).differences | Should -Not -BeNullOrEmpty
        }

        It 'never writes the raw secret values without -NoRedaction, and marks them redacted' {
            $text = (Get-ChildItem $Redacted -Recurse -File | Get-Content -Raw) -join "`n"
            foreach ($secret in $Scenario.secrets) { $text.Contains($secret) | Should -BeFalse -Because 'a detected secret must be redacted' }
            $text | Should -Match '\[REDACTED:[A-Za-z]+:[0-9a-f]{8}\]'
            # ... while the -NoRedaction export holds them, exactly as the CLI prints them.
            $rawText = (Get-ChildItem $Raw -Recurse -File | Get-Content -Raw) -join "`n"
            foreach ($secret in $Scenario.secrets) { $rawText.Contains($secret) | Should -BeTrue }
        }

        It 'gives the same verdicts live as the offline audit of the CLI snapshot (RuleId, ResourceArn, Status)' {
            $offline = Get-WafFinding -InventoryPath $Cli -IncludePassed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $LiveFindings.Count | Should -BeGreaterThan 50
            Get-Verdicts $LiveFindings | Should -Be (Get-Verdicts $offline)
        }

        It 'finds what the scenario plants: public, unscoped and cross-account invoke, the public alias, secrets in env vars, old runtimes' {
            $failed = $LiveFindings | Where-Object Status -EQ 'Failed'
            $region = $Scenario.regions[0]
            $fn = "arn:aws:lambda:${region}:$($Scenario.accountId):function"
            foreach ($expected in @(
                    @('SEC2.Lambda.PublicInvoke', "$fn`:public-webhook"), @('SEC2.Lambda.PublicInvoke', "$fn`:orders-api", 'live'),
                    @('SEC2.Lambda.ServicePrincipalUnscoped', "$fn`:s3-ingest"), @('SEC2.Lambda.CrossAccountInvoke', "$fn`:partner-sync"),
                    @('SEC3.Lambda.SecretsInEnvVars', "$fn`:billing-worker"), @('SEC2.Lambda.DeprecatedRuntime', "$fn`:legacy-report"),
                    @('SEC2.Lambda.DeprecatedRuntime', "$fn`:image-resizer"), @('SEC2.Lambda.SharedExecutionRole', $null),
                    @('SEC2.DynamoDB.PITR', "arn:aws:dynamodb:${region}:$($Scenario.accountId):table/sessions"),
                    @('SEC3.Secrets.PublicPolicy', $null), @('SEC1.ApiGwRest.MethodAuthorization', $null), @('SEC1.ApiGwV2.RouteAuthorization', $null))) {
                # A public alias policy fails its function, and the reason names the alias.
                $hits = $failed | Where-Object { $_.RuleId -eq $expected[0] -and (-not $expected[1] -or $_.ResourceArn -eq $expected[1]) -and
                    ($expected.Count -lt 3 -or $_.Reason -match $expected[2]) }
                $hits | Should -Not -BeNullOrEmpty -Because "$($expected[0]) should fail for $($expected[1] ?? 'some resource')"
            }
        }

        It 'signs every request correctly for its region (the proxy verified all of them)' {
            $Stats.total.requests | Should -BeGreaterThan 300
            $Stats.total.signatureRejected | Should -Be 0
            ($Stats.groups | Where-Object region -EQ 'eu-central-1').Count | Should -BeGreaterThan 3
        }

        It 'reports each operation moto lacks once per region, not once per resource' {
            $targets = $ExportErrors | ForEach-Object { [string]$_.TargetObject }
            $targets | Group-Object | Where-Object Count -GT 1 | Should -BeNullOrEmpty
            ($targets | Sort-Object) | Should -Be ((@(foreach ($r in $Scenario.regions) { foreach ($op in $NotInMotoRegional) { "$r/$op" } }) +
                @(foreach ($op in $NotInMotoGlobal) { "global/$op" })) | Sort-Object)
        }
    }

    Context 'Throttling, server errors and dropped connections' {
        BeforeAll {
            $script:Scenario = New-MotoScenario
            $script:Proxy = Start-FakeAws -Scenario $Scenario
            $script:Live = Get-LiveParameters $Scenario $Proxy
            $script:Clean = Join-Path $TestDrive 'clean'
            $null = Export-WafInventory -Path $Clean @Live -NoRedaction -ErrorAction SilentlyContinue
            # 20% throttling, 5% server errors, 1% dropped connections on every request (seeded); 1% of this small
            # scenario's ~250 requests is often no drop at all, so lambda ListVersionsByFunction also drops 25% of its
            # requests (connection closed before or in the middle of the answer).
            Set-FakeAwsPlan $Proxy $Scenario @{ seed = 42; faults = @(
                    @{ services = @('lambda'); operations = @('ListVersionsByFunction'); dropPercent = 25 },
                    @{ throttlePercent = 20; serverErrorPercent = 5; dropPercent = 1 }) }
            Reset-FakeAwsStats $Proxy
            $script:Faulty = Join-Path $TestDrive 'faulty'
            $null = Export-WafInventory -Path $Faulty @Live -NoRedaction -ErrorAction SilentlyContinue -ErrorVariable script:FaultyErrors
            $script:Stats = Get-FakeAwsStats $Proxy
        }
        AfterAll { Stop-FakeAws $Proxy }

        It 'really injected throttling, server errors and dropped connections' {
            $Stats.total.throttled | Should -BeGreaterThan 0
            $Stats.total.serverErrors | Should -BeGreaterThan 0
            $Stats.total.dropped | Should -BeGreaterThan 0
        }

        It 'writes a snapshot equal to the fault-free one, file for file' {
            $result = Compare-WafSnapshot -Expected $Clean -Actual $Faulty -PresenceOnly $NotInMoto
            $result.differences | Should -BeNullOrEmpty
            $result.files | Should -BeGreaterThan 90
        }

        It 'reports no failures beyond the operations moto lacks' {
            $FaultyErrors | ForEach-Object { ([string]$_.TargetObject).Split('/', 2)[1] } | Sort-Object -Unique | Should -Be ($NotInMoto | Sort-Object)
        }

        It 'signs every request correctly, retries included' {
            $Stats.total.signatureRejected | Should -Be 0
        }

        It 'keeps every API group within its documented rate plus burst in any one-second window' {
            $bursts = Get-RateGroupBursts
            $over = foreach ($g in $Stats.groups) {
                if ($null -eq $g.ratePerSecond) { continue }
                $limit = $g.ratePerSecond + $bursts[$g.group]
                if ($g.maxRequestsIn1s -gt $limit) { "$($g.group) $($g.region): $($g.maxRequestsIn1s) requests in 1 s, limit $limit" }
            }
            $over | Should -BeNullOrEmpty
        }
    }

    Context 'AccessDenied on lambda GetPolicy and secretsmanager GetResourcePolicy' {
        BeforeAll {
            $script:Scenario = New-MotoScenario
            $script:Proxy = Start-FakeAws -Scenario $Scenario
            $script:Live = Get-LiveParameters $Scenario $Proxy
            $script:Allowed = Get-WafFinding @Live -IncludePassed -Rule $DeniedRules -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            Set-FakeAwsPlan $Proxy $Scenario @{ faults = @(
                    @{ services = @('lambda'); operations = @('GetPolicy'); accessDenied = $true },
                    @{ services = @('secretsmanager'); operations = @('GetResourcePolicy'); accessDenied = $true }) }
            $script:Denied = Get-WafFinding @Live -IncludePassed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -ErrorVariable script:DeniedErrors -WarningVariable script:DeniedWarnings
            $script:Export = Join-Path $TestDrive 'denied'
            $null = Export-WafInventory -Path $Export @Live -NoRedaction -ErrorAction SilentlyContinue -ErrorVariable script:ExportErrors
        }
        AfterAll { Stop-FakeAws $Proxy }

        It 'writes an .error.json for every denied call, naming the code' {
            foreach ($region in $Scenario.regions) {
                $policies = Get-ChildItem (Join-Path $Export "$region/lambda/GetPolicy") -File
                $policies.Name | Should -Contain 'public-webhook.error.json'
                $policies.Name | Should -Contain 'orders-api@live.json'.Replace('.json', '.error.json')
                $policies | Where-Object Name -NotLike '*.error.json' | Should -BeNullOrEmpty
                $secret = Get-Content -Raw (Join-Path $Export "$region/secretsmanager/GetResourcePolicy/prod%2Fpartner%2Fapi-key.error.json") | ConvertFrom-Json
                $secret.Code | Should -Be 'AccessDeniedException'
            }
        }

        It 'writes exactly one non-terminating error per service, region and operation' -ForEach @(@{ Which = 'Export-WafInventory' }, @{ Which = 'Get-WafFinding' }) {
            $errors = if ($Which -eq 'Export-WafInventory') { $ExportErrors } else { $DeniedErrors }
            $targets = $errors | ForEach-Object { [string]$_.TargetObject }
            $targets | Group-Object | Where-Object Count -GT 1 | Should -BeNullOrEmpty
            $denied = $errors | Where-Object { $_.FullyQualifiedErrorId -like 'WafSecurity.AwsAccessDenied*' }
            ($denied | ForEach-Object { [string]$_.TargetObject } | Sort-Object) |
                Should -Be (@(foreach ($r in $Scenario.regions) { "$r/lambda/GetPolicy"; "$r/secretsmanager/GetResourcePolicy" }) | Sort-Object)
            $denied | ForEach-Object { $_.CategoryInfo.Category | Should -Be 'PermissionDenied' }
            ($denied | Where-Object { [string]$_.TargetObject -like '*/lambda/GetPolicy' })[0].ToString() | Should -Match 'lambda:GetPolicy'
        }

        It 'does not repeat a live call failure as a warning' {
            $DeniedWarnings | Where-Object { $_.Message -like '*could not be evaluated*' } | Should -BeNullOrEmpty
        }

        It 'gives Error findings, never Passed, for every resource the rules that needed the denied calls judge' {
            $Allowed.Count | Should -BeGreaterThan 10
            $judged = $Denied | Where-Object RuleId -In $DeniedRules
            $judged | Where-Object Status -NE 'Error' | ForEach-Object { "$($_.RuleId) $($_.ResourceArn) $($_.Status)" } | Should -BeNullOrEmpty
            foreach ($finding in $Allowed) {
                $match = $judged | Where-Object { $_.RuleId -eq $finding.RuleId -and $_.ResourceArn -eq $finding.ResourceArn }
                $match | Should -Not -BeNullOrEmpty -Because "$($finding.RuleId) judged $($finding.ResourceArn) when allowed"
            }
        }

        It 'names the error code and the IAM action in the Error findings' {
            $lambda = $Denied | Where-Object { $_.RuleId -eq 'SEC2.Lambda.PublicInvoke' } | Select-Object -First 1
            $lambda.Reason | Should -Match 'AccessDenied'
            $lambda.Reason | Should -Match 'lambda:GetPolicy'
            $secret = $Denied | Where-Object { $_.RuleId -eq 'SEC3.Secrets.PublicPolicy' } | Select-Object -First 1
            $secret.Reason | Should -Match 'AccessDenied'
            $secret.Reason | Should -Match 'secretsmanager:GetResourcePolicy'
        }

        It 'still passes and fails the rules that did not need the denied calls' {
            ($Denied | Where-Object { $_.RuleId -eq 'SEC2.DynamoDB.PITR' -and $_.Status -in 'Passed', 'Failed' }).Count | Should -Be 6
        }
    }

    Context 'Stopping a live audit (Ctrl+C)' {
        BeforeAll {
            $script:Scenario = New-MotoScenario
            # Every request takes 3 s at the proxy: the audit is certainly running when it is stopped.
            $script:Proxy = Start-FakeAws -Scenario $Scenario -Plan @{ latencyMs = 3000 }
            $script:Live = Get-LiveParameters $Scenario $Proxy
        }
        AfterAll { Stop-FakeAws $Proxy }

        It 'returns promptly from Stop and writes nothing' -ForEach @(@{ Command = 'Export-WafInventory' }, @{ Command = 'Get-WafFinding' }) {
            $out = Join-Path $TestDrive "stopped-$Command"
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddCommand('Import-Module').AddParameter('Name', (Join-Path $ModulePath 'WafSecurity.psd1')).AddStatement()
                $null = $ps.AddCommand($Command)
                if ($Command -eq 'Export-WafInventory') { $null = $ps.AddParameter('Path', $out) }
                foreach ($p in $Live.GetEnumerator()) { $null = $ps.AddParameter($p.Key, $p.Value) }
                Reset-FakeAwsStats $Proxy
                $handle = $ps.BeginInvoke()
                $until = [datetime]::UtcNow.AddSeconds(60)
                while ((Get-FakeAwsStats $Proxy).total.requests -lt 3 -and [datetime]::UtcNow -lt $until) { Start-Sleep -Milliseconds 200 }
                (Get-FakeAwsStats $Proxy).total.requests | Should -BeGreaterOrEqual 3 -Because 'the audit must be collecting when it is stopped'
                $watch = [System.Diagnostics.Stopwatch]::StartNew()
                $ps.Stop()
                $watch.Stop()
                $watch.Elapsed.TotalSeconds | Should -BeLessThan 2
                $ps.InvocationStateInfo.State | Should -Be 'Stopped'
                # The async result is signalled just after Stop returns: allow it a moment, not the 3 s a request takes.
                $handle.AsyncWaitHandle.WaitOne(1000) | Should -BeTrue
                Test-Path $out | Should -BeFalse
            }
            finally { $ps.Dispose() }
        }
    }
}
