<#
.SYNOPSIS
    Builds the module's help: MAML (WafSecurity.dll-Help.xml) from docs/cmdlets/<Cmdlet>.md and about_WafSecurity.help.txt
    from docs/about_WafSecurity.md.
.DESCRIPTION
    The Markdown format is defined in docs/cmdlets/README.md. Before writing anything the docs are checked against the
    compiled cmdlets (reflection over the built WafSecurity.dll): an undocumented cmdlet or parameter, a documented
    parameter the cmdlet does not have, or a yaml fact (type, required, position, pipeline input, wildcards, aliases,
    accepted values) that disagrees with the code fails the build with a message naming the file to fix.

    The MAML goes to <ModulePath>/en-US (found through the module base: the .psm1 loader imports the dll as a nested
    module, whose ModuleBase is the root) and to <ModulePath>/<framework>/en-US (next to the dll, where Windows
    PowerShell 5.1 and a direct Import-Module of the dll look). The about topic goes to <ModulePath>/en-US.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$DocsPath,
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string[]]$Frameworks
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$RequiredYamlKeys = 'Type', 'Required', 'Position', 'Default', 'Pipeline input', 'Wildcards'
$KnownYamlKeys = $RequiredYamlKeys + 'Aliases', 'Accepted values', 'Parameter Sets'
$KnownSections = 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS'

#region Markdown

# Markdown blocks: fenced code (Kind 'code', Lang, Text) and text (a paragraph or one list item, joined into one line).
function Get-MarkdownBlock([string[]]$Lines) {
    $blocks = [System.Collections.Generic.List[object]]::new()
    $text = $null; $code = $null; $lang = ''
    foreach ($line in $Lines) {
        if ($null -ne $code) {
            if ($line -match '^\s*```\s*$') { $blocks.Add([pscustomobject]@{ Kind = 'code'; Lang = $lang; Text = ($code -join "`n") }); $code = $null }
            else { $code.Add($line) }
            continue
        }
        if ($line -match '^\s*```\s*(\S*)') {
            if ($text) { $blocks.Add([pscustomobject]@{ Kind = 'text'; Text = $text }); $text = $null }
            $code = [System.Collections.Generic.List[string]]::new(); $lang = $Matches[1]
            continue
        }
        if ($line -match '^\s*$') {
            if ($text) { $blocks.Add([pscustomobject]@{ Kind = 'text'; Text = $text }); $text = $null }
            continue
        }
        # A list item or table row starts a block of its own; other lines continue the paragraph (or the item).
        if ($text -and ($line -match '^\s{0,3}([-*]|\d+\.)\s' -or $line -match '^\s*\|')) {
            $blocks.Add([pscustomobject]@{ Kind = 'text'; Text = $text }); $text = $null
        }
        $text = if ($text) { "$text $($line.Trim())" } else { $line.Trim() }
    }
    if ($null -ne $code) { throw "an unterminated ``````$lang code block" }
    if ($text) { $blocks.Add([pscustomobject]@{ Kind = 'text'; Text = $text }) }
    $blocks
}

# Inline Markdown that plain-text help cannot show: links become their text (plus the address when it is absolute),
# bold markers go. Backticks stay: they mark code in help text as well.
function ConvertTo-PlainText([string]$Text) {
    $Text = [regex]::Replace($Text, '\[([^\]]+)\]\(([^)\s]+)\)', { param($m)
            if ($m.Groups[2].Value -match '^https?://') { "$($m.Groups[1].Value) ($($m.Groups[2].Value))" } else { $m.Groups[1].Value } })
    # Only bold: a single '*' is far more often a wildcard ('SEC2.*') than emphasis.
    $Text -replace '\*\*([^*]+)\*\*', '$1'
}

# Splits lines at headings of the given level ('## ', '### '): an ordered map of heading -> lines, '' for lines before the first.
function Split-Heading([string[]]$Lines, [string]$Marker) {
    $sections = [ordered]@{ '' = [System.Collections.Generic.List[string]]::new() }
    $current = ''; $inCode = $false
    foreach ($line in $Lines) {
        if ($line -match '^\s*```') { $inCode = -not $inCode }
        if (-not $inCode -and $line.StartsWith($Marker)) {
            $current = $line.Substring($Marker.Length).Trim()
            if ($sections.Contains($current)) { throw "the heading '$Marker$current' appears twice" }
            $sections[$current] = [System.Collections.Generic.List[string]]::new()
            continue
        }
        $sections[$current].Add($line)
    }
    $sections
}

function Get-Paragraph([string[]]$Lines) {
    @(Get-MarkdownBlock $Lines | Where-Object Kind -EQ 'text' | ForEach-Object { ConvertTo-PlainText $_.Text })
}

function Read-CommandDoc([System.IO.FileInfo]$File) {
    $lines = (Get-Content -LiteralPath $File.FullName -Encoding utf8) -replace '\r$', ''
    $doc = [ordered]@{ Name = $File.BaseName; OnlineUri = ''; Synopsis = @(); Description = @(); Examples = @()
        Parameters = @(); Inputs = @(); Outputs = @(); Notes = @(); Links = @() }

    if ($lines.Count -gt 0 -and $lines[0] -eq '---') {
        $end = [array]::IndexOf($lines, '---', 1)
        if ($end -lt 0) { throw 'the front matter has no closing ---' }
        foreach ($entry in $lines[1..($end - 1)]) {
            if ($entry -match '^online version:\s*(\S*)') { $doc.OnlineUri = $Matches[1] }
        }
        $lines = if ($end + 1 -lt $lines.Count) { $lines[($end + 1)..($lines.Count - 1)] } else { @() }
    }

    $top = Split-Heading $lines '## '
    if (-not ($top[''] -match "^# $([regex]::Escape($doc.Name))\s*$")) { throw "the title must be '# $($doc.Name)' (the file name)" }
    foreach ($name in $top.Keys) { if ($name -and $name -notin $KnownSections) { throw "unknown section '## $name' (sections: $($KnownSections -join ', '))" } }
    foreach ($name in 'SYNOPSIS', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS') { if (-not $top.Contains($name)) { throw "the section '## $name' is missing" } }

    $doc.Synopsis = Get-Paragraph $top['SYNOPSIS']
    $doc.Description = Get-Paragraph $top['DESCRIPTION']
    # SYNTAX is for readers of the Markdown: the MAML syntax is built from the parameters.
    if ($top.Contains('NOTES')) { $doc.Notes = Get-Paragraph $top['NOTES'] }

    $examples = Split-Heading $top['EXAMPLES'] '### '
    $doc.Examples = @(foreach ($title in @($examples.Keys | Where-Object { $_ })) {
            $blocks = @(Get-MarkdownBlock $examples[$title])
            $code = @($blocks | Where-Object Kind -EQ 'code' | ForEach-Object Text)
            if ($code.Count -eq 0) { throw "'### $title' has no ``````powershell code block" }
            [pscustomobject]@{ Title = $title; Code = $code -join "`n`n"
                Remarks = @($blocks | Where-Object Kind -EQ 'text' | ForEach-Object { ConvertTo-PlainText $_.Text }) }
        })

    $parameters = Split-Heading $top['PARAMETERS'] '### '
    # '### CommonParameters' is allowed for readers on GitHub; Get-Help adds that paragraph by itself.
    $doc.Parameters = @(foreach ($heading in @($parameters.Keys | Where-Object { $_ -and $_ -ne 'CommonParameters' })) {
            if ($heading -notmatch '^-(\w+)$') { throw "'### $heading' under PARAMETERS must be '### -ParameterName'" }
            $name = $Matches[1]
            $blocks = @(Get-MarkdownBlock $parameters[$heading])
            $yaml = @($blocks | Where-Object { $_.Kind -eq 'code' -and $_.Lang -eq 'yaml' })
            if ($yaml.Count -ne 1) { throw "-$name needs exactly one ``````yaml block" }
            $meta = @{}
            foreach ($entry in $yaml[0].Text -split "`n" | Where-Object { $_.Trim() }) {
                if ($entry -notmatch '^([^:]+):\s*(.*)$') { throw "-${name}: '$entry' is not 'Key: Value'" }
                $key = $Matches[1].Trim()
                if ($key -notin $KnownYamlKeys) { throw "-${name}: unknown key '$key' (keys: $($KnownYamlKeys -join ', '))" }
                $meta[$key] = $Matches[2].Trim()
            }
            foreach ($key in $RequiredYamlKeys) { if (-not $meta.ContainsKey($key)) { throw "-${name}: the yaml block lacks '$key'" } }
            [pscustomobject]@{
                Name = $name; Meta = $meta
                Description = @($blocks | Where-Object Kind -EQ 'text' | ForEach-Object { ConvertTo-PlainText $_.Text })
            }
        })

    foreach ($kind in 'INPUTS', 'OUTPUTS') {
        if (-not $top.Contains($kind)) { continue }
        $types = Split-Heading $top[$kind] '### '
        $doc[$(if ($kind -eq 'INPUTS') { 'Inputs' } else { 'Outputs' })] = @(foreach ($type in @($types.Keys | Where-Object { $_ })) {
                [pscustomobject]@{ Type = $type; Description = Get-Paragraph $types[$type] }
            })
    }

    if ($top.Contains('RELATED LINKS')) {
        $doc.Links = @(foreach ($line in $top['RELATED LINKS']) {
                if ($line -match '\[([^\]]+)\]\(([^)\s]*)\)') {
                    # A link to another doc of ours is a help topic name for Get-Help; only absolute addresses are URIs.
                    [pscustomobject]@{ Text = $Matches[1]; Uri = $(if ($Matches[2] -match '^https?://') { $Matches[2] } else { '' }) }
                }
            })
    }
    [pscustomobject]$doc
}

#endregion

#region Checks against the compiled cmdlets

function Format-PipelineInput($ParameterAttributes) {
    $kinds = @(if ($ParameterAttributes.ValueFromPipeline -contains $true) { 'ByValue' }
        if ($ParameterAttributes.ValueFromPipelineByPropertyName -contains $true) { 'ByPropertyName' })
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}

# Reads [Cmdlet] classes and their [Parameter] properties from the built dll in a collectible load context: the build
# process does not keep the dll loaded (or locked, on Windows) and never imports the module it is building.
function Get-CompiledCmdlet([string]$Folder) {
    $context = [System.Runtime.Loader.AssemblyLoadContext]::new('WafSecurity.HelpCheck', $true)
    try {
        $assemblies = foreach ($dll in Get-ChildItem -LiteralPath $Folder -Filter '*.dll') {
            $stream = [System.IO.File]::OpenRead($dll.FullName)
            try { $context.LoadFromStream($stream) } finally { $stream.Dispose() }
        }
        $module = $assemblies | Where-Object { $_.GetName().Name -eq 'WafSecurity' }
        foreach ($type in $module.GetExportedTypes()) {
            $cmdlet = $type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) | Select-Object -First 1
            if (-not $cmdlet) { continue }
            $parameters = foreach ($property in $type.GetProperties()) {
                $attributes = $property.GetCustomAttributes($true)
                $parameter = @($attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
                if (-not $parameter) { continue }
                $position = $parameter.Position | Where-Object { $_ -ge 0 } | Select-Object -First 1
                [pscustomobject]@{
                    Name                = $property.Name
                    Facts               = [ordered]@{
                        'Type'            = $property.PropertyType.Name
                        'Required'        = [string]($parameter.Mandatory -contains $true)
                        'Position'        = $(if ($null -ne $position) { [string]$position } else { 'Named' })
                        'Pipeline input'  = Format-PipelineInput $parameter
                        'Wildcards'       = [string][bool]($attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
                        'Aliases'         = (@($attributes | Where-Object { $_ -is [System.Management.Automation.AliasAttribute] } | ForEach-Object AliasNames) -join ', ')
                        'Accepted values' = (@($attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | ForEach-Object ValidValues) -join ', ')
                    }
                }
            }
            [pscustomobject]@{ Name = "$($cmdlet.VerbName)-$($cmdlet.NounName)"; Parameters = @($parameters) }
        }
    }
    finally { $context.Unload() }
}

function Test-CommandDoc($Compiled, $Docs) {
    foreach ($cmdlet in $Compiled) {
        $file = "docs/cmdlets/$($cmdlet.Name).md"
        $doc = $Docs | Where-Object Name -EQ $cmdlet.Name
        if (-not $doc) { "$($cmdlet.Name) has no help: write $file (format: docs/cmdlets/README.md)."; continue }
        foreach ($parameter in $cmdlet.Parameters) {
            $documented = $doc.Parameters | Where-Object Name -EQ $parameter.Name
            if (-not $documented) {
                "$($cmdlet.Name) -$($parameter.Name) is a parameter of the compiled cmdlet but $file does not describe it: add '### -$($parameter.Name)' with a description and a yaml block."
                continue
            }
            foreach ($fact in $parameter.Facts.GetEnumerator()) {
                $written = if ($documented.Meta.ContainsKey($fact.Key)) { $documented.Meta[$fact.Key] } else { '' }
                if ($written -eq 'None' -and $fact.Key -in 'Aliases', 'Accepted values') { $written = '' }
                if ($written -ne $fact.Value) {
                    "$file -$($parameter.Name): '$($fact.Key): $written' disagrees with the code, which says '$($fact.Value)'."
                }
            }
        }
        foreach ($extra in $doc.Parameters | Where-Object { $_.Name -notin $cmdlet.Parameters.Name }) {
            "$file describes -$($extra.Name), which $($cmdlet.Name) does not have."
        }
    }
    foreach ($orphan in $Docs | Where-Object { $_.Name -notin $Compiled.Name }) {
        "docs/cmdlets/$($orphan.Name).md documents a cmdlet that WafSecurity.dll does not contain."
    }
}

#endregion

#region MAML

$Ns = @{
    msh     = 'http://msh'
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

function Write-Element([System.Xml.XmlWriter]$Writer, [string]$Name, [string]$Value) {
    $prefix, $local = $Name -split ':'
    $Writer.WriteElementString($prefix, $local, $Ns[$prefix], $Value)
}

function Start-Element([System.Xml.XmlWriter]$Writer, [string]$Name, [hashtable]$Attributes = @{}) {
    $prefix, $local = $Name -split ':'
    $Writer.WriteStartElement($prefix, $local, $Ns[$prefix])
    foreach ($key in $Attributes.Keys | Sort-Object) { $Writer.WriteAttributeString($key, [string]$Attributes[$key]) }
}

function Write-Paragraph([System.Xml.XmlWriter]$Writer, [string]$Element, [string[]]$Paragraphs) {
    Start-Element $Writer $Element
    foreach ($para in $Paragraphs) { Write-Element $Writer 'maml:para' $para }
    $Writer.WriteEndElement()
}

function Write-Parameter([System.Xml.XmlWriter]$Writer, $Parameter, [switch]$InSyntax) {
    $meta = $Parameter.Meta
    $position = if ($meta['Position'] -match '^\d+$') { $meta['Position'] } else { 'named' }
    $aliases = if ($meta.ContainsKey('Aliases') -and $meta['Aliases']) { $meta['Aliases'] } else { 'none' }
    $isSwitch = $meta['Type'] -eq 'SwitchParameter'
    Start-Element $Writer 'command:parameter' @{
        required = $meta['Required'].ToLowerInvariant(); variableLength = 'true'; globbing = $meta['Wildcards'].ToLowerInvariant()
        pipelineInput = $meta['Pipeline input']; position = $position; aliases = $aliases
    }
    Write-Element $Writer 'maml:name' $Parameter.Name
    Write-Paragraph $Writer 'maml:description' $Parameter.Description
    if ($meta.ContainsKey('Accepted values') -and $meta['Accepted values']) {
        Start-Element $Writer 'command:parameterValueGroup'
        foreach ($value in $meta['Accepted values'] -split '\s*,\s*') {
            Start-Element $Writer 'command:parameterValue' @{ required = 'false'; 'variableLength' = 'false' }
            $Writer.WriteString($value); $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    # Get-Help shows a switch in SYNTAX as [-Name] only when its syntax entry carries no value.
    if (-not ($isSwitch -and $InSyntax)) {
        Start-Element $Writer 'command:parameterValue' @{ required = (-not $isSwitch).ToString().ToLowerInvariant(); variableLength = 'false' }
        $Writer.WriteString($meta['Type']); $Writer.WriteEndElement()
    }
    Start-Element $Writer 'dev:type'
    Write-Element $Writer 'maml:name' $meta['Type']
    $Writer.WriteEndElement()
    Write-Element $Writer 'dev:defaultValue' $meta['Default']
    $Writer.WriteEndElement()
}

function Get-ParameterSetName($Parameter) {
    if ($Parameter.Meta.ContainsKey('Parameter Sets') -and $Parameter.Meta['Parameter Sets'] -ne '(All)') { @($Parameter.Meta['Parameter Sets'] -split '\s*,\s*') }
    else { @() }
}

function Write-Command([System.Xml.XmlWriter]$Writer, $Doc) {
    Start-Element $Writer 'command:command'
    $verb, $noun = $Doc.Name -split '-', 2

    Start-Element $Writer 'command:details'
    Write-Element $Writer 'command:name' $Doc.Name
    Write-Element $Writer 'command:verb' $verb
    Write-Element $Writer 'command:noun' $noun
    Write-Paragraph $Writer 'maml:description' $Doc.Synopsis
    $Writer.WriteEndElement()
    Write-Paragraph $Writer 'maml:description' $Doc.Description

    # One syntax entry per parameter set (parameters named in it or in all sets), positional parameters first.
    $setNames = @($Doc.Parameters | ForEach-Object { Get-ParameterSetName $_ } | Select-Object -Unique)
    if (-not $setNames) { $setNames = @('(All)') }
    Start-Element $Writer 'command:syntax'
    foreach ($set in $setNames) {
        Start-Element $Writer 'command:syntaxItem'
        Write-Element $Writer 'maml:name' $Doc.Name
        $members = $Doc.Parameters | Where-Object { $sets = Get-ParameterSetName $_; -not $sets -or $set -in $sets }
        $ordered = @($members | Where-Object { $_.Meta['Position'] -match '^\d+$' } | Sort-Object { [int]$_.Meta['Position'] }) +
            @($members | Where-Object { $_.Meta['Position'] -notmatch '^\d+$' })
        foreach ($parameter in $ordered) { Write-Parameter $Writer $parameter -InSyntax }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    Start-Element $Writer 'command:parameters'
    foreach ($parameter in $Doc.Parameters) { Write-Parameter $Writer $parameter }
    $Writer.WriteEndElement()

    foreach ($kind in @(@('command:inputTypes', 'command:inputType', $Doc.Inputs), @('command:returnValues', 'command:returnValue', $Doc.Outputs))) {
        Start-Element $Writer $kind[0]
        foreach ($type in $kind[2]) {
            Start-Element $Writer $kind[1]
            Start-Element $Writer 'dev:type'
            Write-Element $Writer 'maml:name' $type.Type
            $Writer.WriteEndElement()
            Write-Paragraph $Writer 'maml:description' $type.Description
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }

    if ($Doc.Notes) {
        Start-Element $Writer 'maml:alertSet'
        Write-Paragraph $Writer 'maml:alert' $Doc.Notes
        $Writer.WriteEndElement()
    }

    Start-Element $Writer 'command:examples'
    foreach ($example in $Doc.Examples) {
        Start-Element $Writer 'command:example'
        Write-Element $Writer 'maml:title' "---------- $($example.Title) ----------"
        Write-Element $Writer 'dev:code' $example.Code
        Write-Paragraph $Writer 'dev:remarks' $example.Remarks
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    Start-Element $Writer 'command:relatedLinks'
    # Get-Help -Online opens the first link that has a URI.
    $links = @(if ($Doc.OnlineUri) { [pscustomobject]@{ Text = 'Online Version:'; Uri = $Doc.OnlineUri } }) + @($Doc.Links)
    foreach ($link in $links) {
        Start-Element $Writer 'maml:navigationLink'
        Write-Element $Writer 'maml:linkText' $link.Text
        Write-Element $Writer 'maml:uri' $link.Uri
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

function Write-Maml([string]$Path, $Docs) {
    $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
    $writer = [System.Xml.XmlWriter]::Create($Path, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', $Ns.msh)
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($prefix in 'maml', 'command', 'dev') { $writer.WriteAttributeString('xmlns', $prefix, $null, $Ns[$prefix]) }
        foreach ($doc in $Docs) { Write-Command $writer $doc }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally { $writer.Dispose() }
}

#endregion

#region about topic

function Format-Wrapped([string]$Text, [int]$Indent, [int]$Hanging = $Indent, [int]$Width = 80) {
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = ' ' * $Indent
    foreach ($word in $Text -split '\s+' | Where-Object { $_ }) {
        if ($line.Trim() -and $line.Length + 1 + $word.Length -gt $Width) { $lines.Add($line.TrimEnd()); $line = ' ' * $Hanging }
        $line += $(if ($line.Trim()) { " $word" } else { $word })
    }
    if ($line.Trim()) { $lines.Add($line.TrimEnd()) }
    $lines
}

# The classic about-topic layout (TOPIC / SHORT DESCRIPTION / LONG DESCRIPTION): PowerShell takes the fifth line of an
# about file as the topic's synopsis, so the short description stays on that one line.
function ConvertTo-AboutText([string]$Path) {
    $lines = (Get-Content -LiteralPath $Path -Encoding utf8) -replace '\r$', ''
    $name = [System.IO.Path]::GetFileNameWithoutExtension($Path)
    $top = Split-Heading $lines '## '
    if (-not ($top[''] -match "^# $name\s*$")) { throw "${Path}: the title must be '# $name'" }
    $short = @(Get-Paragraph $top["SHORT DESCRIPTION"])
    if (-not $top.Contains('SHORT DESCRIPTION') -or $short.Count -ne 1) { throw "${Path}: '## SHORT DESCRIPTION' must hold one paragraph" }

    $out = [System.Collections.Generic.List[string]]::new()
    $out.AddRange([string[]]@('TOPIC', "    $name", '', 'SHORT DESCRIPTION', "    $($short[0])"))
    foreach ($section in @($top.Keys | Where-Object { $_ -and $_ -ne 'SHORT DESCRIPTION' })) {
        $out.AddRange([string[]]@('', $section.ToUpperInvariant()))
        $previous = 'heading'
        foreach ($sub in (Split-Heading $top[$section] '### ').GetEnumerator()) {
            if ($sub.Key) { $out.AddRange([string[]]@('', "  $($sub.Key)")); $previous = 'heading' }
            foreach ($block in Get-MarkdownBlock $sub.Value) {
                $text = if ($block.Kind -eq 'text') { ConvertTo-PlainText $block.Text } else { '' }
                $kind = if ($block.Kind -eq 'code') { 'code' } elseif ($text -match '^\|') { 'table' } elseif ($text -match '^([-*]|\d+\.)\s') { 'item' } else { 'para' }
                # The separator row of a table is only Markdown syntax.
                if ($kind -eq 'table' -and $text -match '^\|[\s:|-]+\|$') { continue }
                # Text follows its heading directly; list items and table rows stay together, like the Markdown.
                if ($previous -ne 'heading' -and -not ($kind -eq $previous -and $kind -in 'item', 'table')) { $out.Add('') }
                switch ($kind) {
                    'code' { $out.AddRange([string[]]@($block.Text -split "`n" | ForEach-Object { "        $_".TrimEnd() })) }
                    'table' { $out.Add("    $text") }
                    'item' { $out.AddRange([string[]]@(Format-Wrapped $text 4 6)) }
                    'para' { $out.AddRange([string[]]@(Format-Wrapped $text 4)) }
                }
                $previous = $kind
            }
        }
    }
    ($out -join [Environment]::NewLine) + [Environment]::NewLine
}

#endregion

$cmdletDocs = Join-Path $DocsPath 'cmdlets'
$docs = @(foreach ($file in Get-ChildItem -LiteralPath $cmdletDocs -Filter '*-*.md' | Sort-Object Name) {
        try { Read-CommandDoc $file }
        catch { throw "docs/cmdlets/$($file.Name): $($_.Exception.Message)" }
    })

$compiled = @(Get-CompiledCmdlet (Join-Path $ModulePath $Frameworks[0]))
$problems = @(Test-CommandDoc $compiled $docs)
if ($problems) {
    # One line each: an error view would fold a multi-line message into one paragraph.
    $problems | ForEach-Object { Write-Host "  - $_" }
    throw "The cmdlet help does not match the compiled cmdlets: $($problems.Count) problem(s) above (format: docs/cmdlets/README.md)."
}

$targets = @(Join-Path $ModulePath 'en-US') + @($Frameworks | ForEach-Object { Join-Path $ModulePath "$_/en-US" })
foreach ($target in $targets) {
    New-Item -ItemType Directory -Path $target -Force | Out-Null
    Write-Maml (Join-Path $target 'WafSecurity.dll-Help.xml') $docs
}
$about = Join-Path $DocsPath 'about_WafSecurity.md'
[System.IO.File]::WriteAllText((Join-Path $ModulePath 'en-US/about_WafSecurity.help.txt'), (ConvertTo-AboutText $about), [System.Text.UTF8Encoding]::new($false))
Write-Host "::: Help for $($docs.Count) cmdlets and about_WafSecurity in $($targets.Count) en-US folders"
