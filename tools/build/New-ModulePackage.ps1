<#
.SYNOPSIS
    Packs the built module (out/WafSecurity) into a .nupkg that the PowerShell Gallery accepts, and checks it.
.DESCRIPTION
    The package container comes from PSResourceGet's Compress-PSResource (shipped with PowerShell 7.4+), which writes
    the OPC parts NuGet expects. Its nuspec lacks the tags the Gallery indexes commands by (PSIncludes_Cmdlet,
    PSCmdlet_<Name>, PSCommand_<Name>; Publish-Module adds them, Compress-PSResource 1.2 does not), so the nuspec is
    ours, written from the module manifest and put in place of PSResourceGet's. Where Compress-PSResource is missing
    or fails, the same nuspec is zipped with the module files here.

    The result is then checked as the Gallery would see it: the package is extracted, the root manifest must pass
    Test-ModuleManifest and match the nuspec (id, version, tags per exported cmdlet), and every module file must be in it.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string]$DestinationPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem

$ModulePath = (Resolve-Path -LiteralPath $ModulePath).Path
New-Item -ItemType Directory -Path $DestinationPath -Force | Out-Null
$DestinationPath = (Resolve-Path -LiteralPath $DestinationPath).Path
$name = 'WafSecurity'
$manifestPath = Join-Path $ModulePath "$name.psd1"
$manifest = Import-PowerShellDataFile -LiteralPath $manifestPath
$psData = $manifest.PrivateData.PSData

function Get-Entry($Table, [string]$Key) { if ($Table -and $Table.ContainsKey($Key)) { $Table[$Key] } }

function New-Nuspec {
    $cmdlets = @($manifest.CmdletsToExport)
    $tags = @('PSModule') + @($psData.Tags) + @($manifest.CompatiblePSEditions | ForEach-Object { "PSEdition_$_" }) +
        @(if ($cmdlets) { 'PSIncludes_Cmdlet' }) + @($cmdlets | ForEach-Object { "PSCmdlet_$_"; "PSCommand_$_" })
    $ns = 'http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd'
    $doc = [System.Xml.XmlDocument]::new()
    $doc.AppendChild($doc.CreateXmlDeclaration('1.0', 'utf-8', $null)) | Out-Null
    $package = $doc.AppendChild($doc.CreateElement('package', $ns))
    $metadata = $package.AppendChild($doc.CreateElement('metadata', $ns))
    $fields = [ordered]@{
        id                       = $name
        version                  = $manifest.ModuleVersion
        authors                  = $manifest.Author
        owners                   = $manifest.CompanyName
        requireLicenseAcceptance = 'false'
        licenseUrl               = Get-Entry $psData 'LicenseUri'
        projectUrl               = Get-Entry $psData 'ProjectUri'
        iconUrl                  = Get-Entry $psData 'IconUri'
        description              = $manifest.Description
        releaseNotes             = Get-Entry $psData 'ReleaseNotes'
        copyright                = $manifest.Copyright
        tags                     = ($tags | Where-Object { $_ } | Select-Object -Unique) -join ' '
    }
    foreach ($field in $fields.GetEnumerator() | Where-Object Value) {
        $metadata.AppendChild($doc.CreateElement($field.Key, $ns)).InnerText = $field.Value
    }
    # RequiredModules become NuGet dependencies so Install-PSResource brings them along.
    $required = @(Get-Entry $manifest 'RequiredModules')
    if ($required) {
        $dependencies = $metadata.AppendChild($doc.CreateElement('dependencies', $ns))
        foreach ($module in $required) {
            $dependency = $dependencies.AppendChild($doc.CreateElement('dependency', $ns))
            if ($module -is [string]) { $dependency.SetAttribute('id', $module); continue }
            $dependency.SetAttribute('id', $module.ModuleName)
            $version = if ($module.ContainsKey('RequiredVersion')) { "[$($module.RequiredVersion)]" }
            elseif ($module.ContainsKey('ModuleVersion')) {
                if ($module.ContainsKey('MaximumVersion')) { "[$($module.ModuleVersion),$($module.MaximumVersion)]" } else { $module.ModuleVersion }
            }
            if ($version) { $dependency.SetAttribute('version', $version) }
        }
    }
    $doc
}

function Save-Entry([System.IO.Compression.ZipArchive]$Zip, [string]$EntryName, [string]$Text) {
    $entry = $Zip.CreateEntry($EntryName)
    $writer = [System.IO.StreamWriter]::new($entry.Open(), [System.Text.UTF8Encoding]::new($false))
    try { $writer.Write($Text) } finally { $writer.Dispose() }
}

# The fallback container: the parts NuGet needs besides the nuspec and the files.
function New-Zip([string]$Path, [string]$NuspecXml) {
    $zip = [System.IO.Compression.ZipFile]::Open($Path, 'Create')
    try {
        Save-Entry $zip "$name.nuspec" $NuspecXml
        foreach ($file in Get-ChildItem -LiteralPath $ModulePath -File -Recurse) {
            $relative = [System.IO.Path]::GetRelativePath($ModulePath, $file.FullName) -replace '\\', '/'
            [System.IO.Compression.ZipFileExtensions]::CreateEntryFromFile($zip, $file.FullName, $relative) | Out-Null
        }
        Save-Entry $zip '[Content_Types].xml' ('<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />' +
            '<Default Extension="nuspec" ContentType="application/octet" /><Default Extension="*" ContentType="application/octet" /></Types>')
        Save-Entry $zip '_rels/.rels' ('<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
            "<Relationship Type=`"http://schemas.microsoft.com/packaging/2010/07/manifest`" Target=`"/$name.nuspec`" Id=`"R0`" /></Relationships>")
    }
    finally { $zip.Dispose() }
}

function Set-Nuspec([string]$Path, [string]$NuspecXml) {
    $zip = [System.IO.Compression.ZipFile]::Open($Path, 'Update')
    try {
        @($zip.Entries | Where-Object FullName -EQ "$name.nuspec") | ForEach-Object { $_.Delete() }
        Save-Entry $zip "$name.nuspec" $NuspecXml
    }
    finally { $zip.Dispose() }
}

$nuspec = (New-Nuspec).OuterXml
$package = Join-Path $DestinationPath "$name.$($manifest.ModuleVersion).nupkg"
Remove-Item -LiteralPath $package -ErrorAction Ignore
$packer = 'the fallback zip'
if (Get-Command Compress-PSResource -ErrorAction Ignore) {
    try {
        Compress-PSResource -Path $ModulePath -DestinationPath $DestinationPath
        if (Test-Path -LiteralPath $package) { $packer = 'Compress-PSResource' }
    }
    catch { Write-Warning "Compress-PSResource failed ($($_.Exception.Message)); packing the module files directly." }
}
if ($packer -eq 'Compress-PSResource') { Set-Nuspec $package $nuspec }
else {
    Remove-Item -LiteralPath $package -ErrorAction Ignore
    New-Zip $package $nuspec
}

# Check the package as the Gallery sees it.
$check = Join-Path ([System.IO.Path]::GetTempPath()) "$name-package-$([guid]::NewGuid().ToString('n'))"
try {
    [System.IO.Compression.ZipFile]::ExtractToDirectory($package, $check)
    $problems = [System.Collections.Generic.List[string]]::new()
    $tested = Test-ModuleManifest -Path (Join-Path $check "$name.psd1") -ErrorAction SilentlyContinue -ErrorVariable manifestErrors
    foreach ($manifestError in $manifestErrors) { $problems.Add("Test-ModuleManifest: $manifestError") }
    $packed = [xml](Get-Content -Raw -LiteralPath (Join-Path $check "$name.nuspec"))
    $tags = $packed.package.metadata.tags -split ' '
    if ($packed.package.metadata.id -ne $name) { $problems.Add("nuspec id is '$($packed.package.metadata.id)'") }
    if ($tested -and $packed.package.metadata.version -ne $tested.Version.ToString()) { $problems.Add("nuspec version $($packed.package.metadata.version) is not the manifest's $($tested.Version)") }
    foreach ($tag in @('PSModule', 'PSIncludes_Cmdlet') + @($manifest.CmdletsToExport | ForEach-Object { "PSCmdlet_$_" })) {
        if ($tag -notin $tags) { $problems.Add("nuspec tags lack $tag") }
    }
    foreach ($file in Get-ChildItem -LiteralPath $ModulePath -File -Recurse) {
        $relative = [System.IO.Path]::GetRelativePath($ModulePath, $file.FullName)
        if (-not (Test-Path -LiteralPath (Join-Path $check $relative))) { $problems.Add("the package lacks $relative") }
    }
    if ($problems) { throw "The package $package is not publishable:`n  - $($problems -join "`n  - ")" }
}
finally { Remove-Item -LiteralPath $check -Recurse -Force -ErrorAction Ignore }
Write-Host "::: Package $package (packed by $packer; manifest, nuspec and files checked)"
