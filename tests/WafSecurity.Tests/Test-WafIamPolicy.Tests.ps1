BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module (Join-Path $ModulePath 'WafSecurity.psd1') -Force
    $script:ManagedPolicies = Join-Path $FixturesPath 'iam/managed-policies'
    $script:S3Read = '{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::reports/*"}]}'
}

Describe 'Test-WafIamPolicy' {
    Context 'Decisions' {
        It 'emits one WafSecurity.IamEvaluationResult per action and resource' {
            $results = Test-WafIamPolicy -PolicyDocument $S3Read -Action 's3:GetObject', 's3:PutObject' -ResourceArn 'arn:aws:s3:::reports/a', 'arn:aws:s3:::other/a'
            $results.Count | Should -Be 4
            $results[0].PSObject.TypeNames[0] | Should -Be 'WafSecurity.IamEvaluationResult'
            ($results | Where-Object EvalDecision -eq 'allowed').Count | Should -Be 1
        }

        It 'names the statement that allowed the request' {
            $result = Test-WafIamPolicy -PolicyDocument $S3Read -Action 's3:GetObject' -ResourceArn 'arn:aws:s3:::reports/q3.csv'
            $result.EvalDecision | Should -Be 'allowed'
            $result.MatchedStatements[0].Sid | Should -Be 'Read'
            $result.MatchedStatements[0].SourcePolicyId | Should -Be 'PolicyInputList.1'
        }

        It 'reports explicitDeny when a Deny applies, and implicitDeny when nothing allows' {
            $deny = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}'
            (Test-WafIamPolicy -PolicyDocument $S3Read, $deny -Action 's3:GetObject' -ResourceArn 'arn:aws:s3:::reports/a').EvalDecision | Should -Be 'explicitDeny'
            (Test-WafIamPolicy -PolicyDocument $S3Read -Action 'iam:CreateUser' -ResourceArn '*').EvalDecision | Should -Be 'implicitDeny'
        }

        It 'applies a permissions boundary' {
            $admin = Get-Content -Raw (Join-Path $ManagedPolicies 'AdministratorAccess.json')
            $result = Test-WafIamPolicy -PolicyDocument $admin -PermissionsBoundary $S3Read -Action 'iam:CreateUser' -ResourceArn '*'
            $result.EvalDecision | Should -Be 'implicitDeny'
        }

        It 'uses context entries for conditions, including lists and booleans' {
            $policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"},"ForAllValues:StringEquals":{"aws:TagKeys":["team","env"]}}}]}'
            (Test-WafIamPolicy -PolicyDocument $policy -Action 'ec2:CreateTags' -ResourceArn '*' -ContextEntry @{ 'aws:SecureTransport' = $true; 'aws:TagKeys' = 'team', 'env' }).EvalDecision | Should -Be 'allowed'
            (Test-WafIamPolicy -PolicyDocument $policy -Action 'ec2:CreateTags' -ResourceArn '*' -ContextEntry @{ 'aws:SecureTransport' = $true; 'aws:TagKeys' = 'team', 'owner' }).EvalDecision | Should -Be 'implicitDeny'
        }

        It 'lets a same-account resource policy allow the caller' {
            $bucketPolicy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::reports/*"}]}'
            $result = Test-WafIamPolicy -PolicyDocument $S3Read -ResourcePolicy $bucketPolicy -CallerArn 'arn:aws:iam::111122223333:user/alice' -ResourceOwner '111122223333' -Action 's3:PutObject' -ResourceArn 'arn:aws:s3:::reports/a'
            $result.EvalDecision | Should -Be 'allowed'
            $result.MatchedStatements[0].SourcePolicyType | Should -Be 'Resource Policy'
        }
    }

    Context 'Invalid policies' {
        It 'writes a non-terminating WafSecurity.InvalidPolicy error that says where and why, and decides nothing' {
            $bad = '{"Version":"2012-10-17","Statement":[{"Effect":"Alow","Action":"s3:*","Resource":"*"}]}'
            $results = Test-WafIamPolicy -PolicyDocument $S3Read, $bad -Action 's3:GetObject' -ResourceArn '*' -ErrorVariable problems -ErrorAction SilentlyContinue
            $results | Should -BeNullOrEmpty
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'WafSecurity.InvalidPolicy*'
            $problems[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $problems[0].TargetObject | Should -Be 'PolicyDocument[1]'
            $problems[0].Exception.Message | Should -Match 'Statement\[0\]\.Effect'
            $problems[0].Exception.Message | Should -Match 'Allow or Deny'
        }
    }
}
