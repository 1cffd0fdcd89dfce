<#
.SYNOPSIS
    The quick start: audits a snapshot (by default examples/demo-account) with the built module and prints the findings.
#>
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string]$InventoryPath
)
$ErrorActionPreference = 'Stop'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
Import-Module (Join-Path $ModulePath 'WafSecurity.psd1')

Write-Host "Auditing $InventoryPath (an offline snapshot; no AWS credentials are used)."
$findings = Get-WafFinding -InventoryPath $InventoryPath -IncludePassed -ErrorAction Continue
$findings | Where-Object Status -ne 'Passed' |
    Sort-Object @{ Expression = { @{ Critical = 0; High = 1; Medium = 2; Low = 3; Informational = 4 }[$_.Severity] } }, RuleId, ResourceName |
    Format-Table -Property Status, Severity, RuleId, Region, ResourceName, Reason -AutoSize |
    # A fixed width: redirected or CI output would otherwise wrap every row at 80 columns.
    Out-String -Width 250 | Out-Host

$summary = $findings | Group-Object Status | ForEach-Object { '{0} {1}' -f $_.Count, $_.Name }
Write-Host ("Findings: {0} ({1} rules over {2} resources)." -f ($summary -join ', '),
    ($findings.RuleId | Sort-Object -Unique).Count, ($findings.ResourceArn | Sort-Object -Unique).Count)
Write-Host "Details of one finding: Get-WafFinding -InventoryPath '$InventoryPath' | Select-Object -First 1 | Format-List"
