# The Package task is not part of Test; this keeps it working (about 5 s). New-ModulePackage.ps1 checks the package
# itself; these tests assert the result as the PowerShell Gallery reads it.
BeforeAll {
    $modulePath = if ($env:WAFSECURITY_MODULE) { $env:WAFSECURITY_MODULE } else { Join-Path $PSScriptRoot '../../out/WafSecurity' }
    $manifest = Import-PowerShellDataFile (Join-Path $modulePath 'WafSecurity.psd1')
    $destination = Join-Path $TestDrive 'package'
    & (Join-Path $PSScriptRoot '../../tools/build/New-ModulePackage.ps1') -ModulePath $modulePath -DestinationPath $destination 6> $null
    $package = Join-Path $destination "WafSecurity.$($manifest.ModuleVersion).nupkg"
    $extracted = Join-Path $TestDrive 'extracted'
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    [System.IO.Compression.ZipFile]::ExtractToDirectory($package, $extracted)
    $nuspec = ([xml](Get-Content -Raw (Join-Path $extracted 'WafSecurity.nuspec'))).package.metadata
}

Describe 'Package' {
    Context 'Module manifest' {
        It 'is at the package root and passes Test-ModuleManifest' {
            { Test-ModuleManifest -Path (Join-Path $extracted 'WafSecurity.psd1') -ErrorAction Stop } | Should -Not -Throw
        }

        It 'carries the help' {
            Join-Path $extracted 'en-US/WafSecurity.dll-Help.xml' | Should -Exist
            Join-Path $extracted 'en-US/about_WafSecurity.help.txt' | Should -Exist
        }
    }

    Context 'nuspec' {
        It 'names the module, its version, authors and description' {
            $nuspec.id | Should -Be 'WafSecurity'
            $nuspec.version | Should -Be $manifest.ModuleVersion
            $nuspec.authors | Should -Be $manifest.Author
            $nuspec.description | Should -Be $manifest.Description
        }

        It 'takes the license and project URLs from PSData' {
            $nuspec.licenseUrl | Should -Be $manifest.PrivateData.PSData.LicenseUri
            $nuspec.projectUrl | Should -Be $manifest.PrivateData.PSData.ProjectUri
        }

        It 'has the Gallery tag <_>' -ForEach @('PSModule', 'PSIncludes_Cmdlet', 'PSEdition_Core', 'PSEdition_Desktop') {
            $nuspec.tags -split ' ' | Should -Contain $_
        }

        It 'has PSCmdlet_ and PSCommand_ tags for every exported cmdlet' {
            $tags = $nuspec.tags -split ' '
            foreach ($cmdlet in $manifest.CmdletsToExport) {
                $tags | Should -Contain "PSCmdlet_$cmdlet"
                $tags | Should -Contain "PSCommand_$cmdlet"
            }
        }
    }
}
