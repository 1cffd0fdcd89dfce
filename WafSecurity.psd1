@{
    RootModule           = 'WafSecurity.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = 'f1c4decf-6b9f-476d-b09c-a984fd5694c1'
    Author               = 'WafSecurity contributors'
    CompanyName          = 'WafSecurity'
    Copyright            = '(c) WafSecurity contributors. All rights reserved.'
    Description          = 'Audits AWS serverless workloads against the AWS Well-Architected Serverless Application Lens, Security pillar (SEC1-SEC3), from a live account or an offline snapshot of AWS CLI outputs.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('WafSecurity.format.ps1xml')
    CmdletsToExport      = @('Get-WafSecurityRule', 'Get-WafFinding', 'Export-WafInventory', 'Test-WafIamPolicy', 'Expand-WafIamAction', 'Test-LambdaLeastPrivilege')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('AWS', 'Security', 'WellArchitected', 'Serverless', 'Lambda', 'APIGateway', 'DynamoDB', 'Audit', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://github.com/wafsecurity/WafSecurity/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/wafsecurity/WafSecurity'
            ReleaseNotes = 'Offline audits of the core Serverless Lens security rules.'
        }
    }
}
