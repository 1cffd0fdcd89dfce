<#
.SYNOPSIS
    One coexistence scenario, run by Coexistence.Tests.ps1 in a FRESH pwsh process (binary modules cannot unload, and
    only one AWSSDK.Core per load context can ever be loaded in a process).
.DESCRIPTION
    Loads another AWSSDK.Core 4.x (as AWS Tools for PowerShell does) before or after Import-Module WafSecurity, or not
    at all (the baseline), then uses both: an offline audit, Test-WafIamPolicy, and live collection through
    Export-WafInventory against a local HTTP listener in this process that verifies the SigV4 signature of every request
    (and, when MOTO_ENDPOINT is set, against moto_server too). Credentials come from the other AWSSDK.Core's own objects
    (-Credential, $StoredAWSCredentials). Writes what it saw to <OutDir>/result.json; asserts nothing itself.
#>
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][ValidateSet('None', 'Before', 'After')][string]$Order,
    [string]$OtherCorePath,
    [Parameter(Mandatory)][string]$InventoryPath,
    [Parameter(Mandatory)][string]$OutDir
)
$ErrorActionPreference = 'Stop'
$env:AWS_EC2_METADATA_DISABLED = 'true'
foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_ENDPOINT_URL') {
    Remove-Item "env:$name" -ErrorAction SilentlyContinue
}
# No profile of the machine may answer instead of the credentials under test.
$env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $OutDir 'no-credentials'
$env:AWS_CONFIG_FILE = Join-Path $OutDir 'no-config'
New-Item -ItemType Directory -Path $OutDir -Force | Out-Null
$result = [ordered]@{ Order = $Order; Errors = @() }

function Get-FileVersion([System.Reflection.Assembly]$Assembly) {
    $Assembly.GetCustomAttributes([System.Reflection.AssemblyFileVersionAttribute], $false)[0].Version
}

# --- A local AWS endpoint: answers sts:GetCallerIdentity, denies everything else in each protocol's shape, and checks
# --- every request's SigV4 signature with the secret of the access key it names.
$listenerScript = {
    param($Listener, $Requests, $Secrets)
    function Hex([byte[]]$Bytes) { ([System.BitConverter]::ToString($Bytes) -replace '-', '').ToLowerInvariant() }
    function Sha256([byte[]]$Bytes) { Hex ([System.Security.Cryptography.SHA256]::HashData($Bytes)) }
    function Hmac([byte[]]$Key, [string]$Text) { [System.Security.Cryptography.HMACSHA256]::HashData($Key, [System.Text.Encoding]::UTF8.GetBytes($Text)) }
    function Test-SigV4($Request, [byte[]]$Body) {
        $auth = $Request.Headers['Authorization']
        if ($auth -notmatch '^AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$') {
            return "unsigned or malformed Authorization: $auth"
        }
        $accessKey, $date, $region, $service, $signedHeaders, $signature = $Matches[1..6]
        if (-not $Secrets.ContainsKey($accessKey)) { return "unknown access key $accessKey" }
        $path, $query = $Request.RawUrl.Split('?', 2)
        # Services other than S3 sign the path URI-encoded once more than it is sent.
        $canonicalPath = ($path.Split('/') | ForEach-Object { [System.Uri]::EscapeDataString($_) }) -join '/'
        $pairs = [string[]]@(if ($query) {
                foreach ($pair in $query.Split('&')) {
                    $k, $v = $pair.Split('=', 2)
                    [System.Uri]::EscapeDataString([System.Uri]::UnescapeDataString($k)) + '=' + [System.Uri]::EscapeDataString([System.Uri]::UnescapeDataString([string]$v))
                }
            })
        [System.Array]::Sort($pairs, [System.StringComparer]::Ordinal)
        $headerLines = foreach ($name in $signedHeaders.Split(';')) { "${name}:" + (([string]$Request.Headers[$name]).Trim() -replace '\s+', ' ') }
        $bodyHash = Sha256 $Body
        $payloadHash = $Request.Headers['X-Amz-Content-SHA256']
        if ($payloadHash -and $payloadHash -ne 'UNSIGNED-PAYLOAD' -and $payloadHash -ne $bodyHash) { return 'x-amz-content-sha256 does not match the body' }
        if (-not $payloadHash) { $payloadHash = $bodyHash }
        $canonical = ($Request.HttpMethod, $canonicalPath, ($pairs -join '&'), (($headerLines -join "`n") + "`n"), $signedHeaders, $payloadHash) -join "`n"
        $stringToSign = "AWS4-HMAC-SHA256`n$($Request.Headers['X-Amz-Date'])`n$date/$region/$service/aws4_request`n" + (Sha256 ([System.Text.Encoding]::UTF8.GetBytes($canonical)))
        $key = [System.Text.Encoding]::UTF8.GetBytes('AWS4' + $Secrets[$accessKey])
        foreach ($part in $date, $region, $service, 'aws4_request') { $key = Hmac $key $part }
        if ((Hex (Hmac $key $stringToSign)) -ne $signature) { return "signature mismatch for $service in $region" }
        ''
    }
    while ($Listener.IsListening) {
        try { $context = $Listener.GetContext() } catch { break }
        try {
            $request = $context.Request
            $stream = [System.IO.MemoryStream]::new()
            $request.InputStream.CopyTo($stream)
            $body = $stream.ToArray()
            $text = [System.Text.Encoding]::UTF8.GetString($body)
            $problem = Test-SigV4 $request $body
            $target = $request.Headers['X-Amz-Target']
            $operation = if ($text -match '(?:^|&)Action=([A-Za-z]+)') { $Matches[1] } elseif ($target) { $target } else { "$($request.HttpMethod) $($request.Url.AbsolutePath)" }
            $Requests.Enqueue([pscustomobject]@{
                    Operation = $operation; Signature = $(if ($problem) { $problem } else { 'valid' })
                    Region = $(if ($request.Headers['Authorization'] -match '/\d{8}/([^/]+)/') { $Matches[1] } else { '' })
                    SecurityToken = [string]$request.Headers['X-Amz-Security-Token']
                })
            $response = $context.Response
            $contentType = [string]$request.ContentType
            if ($problem) {
                $response.StatusCode = 403
                $response.Headers['x-amzn-ErrorType'] = 'InvalidSignatureException'
                $payload = '{"__type":"InvalidSignatureException","message":"' + $problem + '"}'
            }
            elseif ($operation -eq 'GetCallerIdentity') {
                $response.ContentType = 'text/xml'
                $payload = '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
                '<Arn>arn:aws:iam::210987654321:user/coexistence</Arn><UserId>AIDACOEXISTENCE</UserId><Account>210987654321</Account>' +
                '</GetCallerIdentityResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000001</RequestId></ResponseMetadata></GetCallerIdentityResponse>'
            }
            elseif ($contentType -like '*x-www-form-urlencoded*') {
                $response.StatusCode = 403
                $response.ContentType = 'text/xml'
                $payload = '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>denied by the coexistence test</Message></Error><RequestId>1</RequestId></ErrorResponse>'
            }
            elseif ($contentType -like '*amz-json*') {
                $response.StatusCode = 400
                $response.ContentType = $contentType
                $payload = '{"__type":"AccessDeniedException","message":"denied by the coexistence test"}'
            }
            else {
                $response.StatusCode = 403
                $response.ContentType = 'application/json'
                $response.Headers['x-amzn-ErrorType'] = 'AccessDeniedException'
                $payload = '{"message":"denied by the coexistence test"}'
            }
            $bytes = [System.Text.Encoding]::UTF8.GetBytes($payload)
            $response.ContentLength64 = $bytes.Length
            $response.OutputStream.Write($bytes, 0, $bytes.Length)
            $response.Close()
        }
        catch { try { $context.Response.Abort() } catch { } }
    }
}

$probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
$probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
$listener = [System.Net.HttpListener]::new()
$listener.Prefixes.Add("http://127.0.0.1:$port/")
$listener.Start()
$requests = [System.Collections.Concurrent.ConcurrentQueue[object]]::new()
$secrets = @{ AKIDCOEXISTENCE = 'coexistence-secret'; ASIACOEXISTENCE = 'coexistence-session-secret' }
$server = [powershell]::Create().AddScript($listenerScript).AddArgument($listener).AddArgument($requests).AddArgument($secrets)
$serverRun = $server.BeginInvoke()
$endpoint = "http://127.0.0.1:$port"

try {
    # --- 1. The other AWSSDK.Core before us, as a session that imported AWS Tools first.
    if ($Order -eq 'Before') { Add-Type -Path $OtherCorePath }

    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    Import-Module (Join-Path $ModulePath 'WafSecurity.psd1')
    $result.ImportMs = $watch.ElapsedMilliseconds

    # --- 2. Or after us, as a session that imports AWS Tools later: it must still load (one AWSSDK.Core 4.0.0.0 per
    # --- load context: without isolation this Add-Type fails with 'Assembly with same name is already loaded').
    if ($Order -eq 'After') {
        try { Add-Type -Path $OtherCorePath; $result.OtherLoadedAfter = $true }
        catch { $result.OtherLoadedAfter = $false; $result.Errors += "Add-Type after import: $($_.Exception.Message)" }
    }

    $ours = (Get-Command Get-WafFinding).Parameters['Credential'].ParameterType.Assembly
    $result.OurCoreFileVersion = Get-FileVersion $ours
    $sessionType = 'Amazon.Runtime.AWSCredentials' -as [type]
    $result.SessionCoreFileVersion = if ($sessionType) { Get-FileVersion $sessionType.Assembly } else { $null }
    $result.SessionCorePath = if ($sessionType) { $sessionType.Assembly.Location } else { $null }

    # --- Offline audit of the demo account.
    $findings = Get-WafFinding -InventoryPath $InventoryPath -IncludePassed -WarningAction SilentlyContinue
    $result.OfflineFindings = @($findings | ForEach-Object { "$($_.RuleId)|$($_.ResourceArn)|$($_.Status)" } | Sort-Object)

    # --- Test-WafIamPolicy.
    $policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:us-east-1:210987654321:table/orders"}]}'
    $result.IamDecisions = @(Test-WafIamPolicy -PolicyDocument $policy -Action dynamodb:GetItem, dynamodb:DeleteItem `
            -ResourceArn 'arn:aws:dynamodb:us-east-1:210987654321:table/orders' | ForEach-Object { "$($_.EvalActionName)=$($_.EvalDecision)" })

    # --- Live collection, signed with credentials from the other AWSSDK.Core (or -AccessKey/-SecretKey without one).
    function Invoke-Live([string]$Name, [hashtable]$Parameters) {
        $path = Join-Path $OutDir $Name
        $errors = @()
        try {
            Export-WafInventory -Path $path -Region eu-west-1 -EndpointUrl $endpoint @Parameters -ErrorAction SilentlyContinue -ErrorVariable +errors `
                -WarningAction SilentlyContinue | Out-Null
        }
        catch { $errors += $_ }
        $account = Join-Path $path 'account.json'
        [ordered]@{
            AccountId  = if (Test-Path $account) { (Get-Content -Raw $account | ConvertFrom-Json).AccountId } else { $null }
            Errors     = @($errors | ForEach-Object { "$_" })
        }
    }
    function Get-Requests { $list = @(); $item = $null; while ($requests.TryDequeue([ref]$item)) { $list += $item }; , $list }

    if ($Order -eq 'None') {
        # The listener's verifier must reject a bad signature, or 'valid' below would prove nothing.
        $headers = @{ 'X-Amz-Date' = '20260101T000000Z'
            Authorization = 'AWS4-HMAC-SHA256 Credential=AKIDCOEXISTENCE/20260101/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=' + ('0' * 64) }
        $null = Invoke-WebRequest -Uri "$endpoint/" -Method Post -Headers $headers -Body 'Action=GetCallerIdentity&Version=2011-06-15' `
            -ContentType 'application/x-www-form-urlencoded' -SkipHttpErrorCheck -SkipHeaderValidation
        $item = $null
        $result.VerifierSelfCheck = if ($requests.TryDequeue([ref]$item)) { $item.Signature } else { $null }
        $live = Invoke-Live 'live-keys' @{ AccessKey = 'AKIDCOEXISTENCE'; SecretKey = 'coexistence-secret' }
    }
    else {
        $other = [Amazon.Runtime.BasicAWSCredentials]::new('AKIDCOEXISTENCE', 'coexistence-secret')
        $result.CredentialObjectCoreFileVersion = Get-FileVersion $other.GetType().Assembly
        $live = Invoke-Live 'live-credential' @{ Credential = $other }
    }
    $live.Requests = Get-Requests
    $result.Live = $live

    # $StoredAWSCredentials (Set-AWSCredential's shell default) with session credentials: the token must be sent.
    if ($Order -ne 'None') {
        $StoredAWSCredentials = [Amazon.Runtime.SessionAWSCredentials]::new('ASIACOEXISTENCE', 'coexistence-session-secret', 'coexistence-token')
        $stored = Invoke-Live 'live-stored' @{}
        Remove-Variable StoredAWSCredentials
        $stored.Requests = Get-Requests
        $result.Stored = $stored
    }

    # moto_server, when the machine has it: the full collection against a real emulator.
    if ($env:MOTO_ENDPOINT) {
        $motoParameters = @{ Path = (Join-Path $OutDir 'live-moto'); Region = 'us-east-1'; EndpointUrl = $env:MOTO_ENDPOINT }
        if ($Order -eq 'None') { $motoParameters += @{ AccessKey = 'testing'; SecretKey = 'testing' } }
        else { $motoParameters.Credential = [Amazon.Runtime.BasicAWSCredentials]::new('testing', 'testing') }
        $motoErrors = @()
        try { Export-WafInventory @motoParameters -ErrorAction SilentlyContinue -ErrorVariable +motoErrors -WarningAction SilentlyContinue | Out-Null }
        catch { $motoErrors += $_ }
        $motoAccount = Join-Path $motoParameters.Path 'account.json'
        $result.Moto = [ordered]@{
            AccountId = if (Test-Path $motoAccount) { (Get-Content -Raw $motoAccount | ConvertFrom-Json).AccountId } else { $null }
            Files     = @(if (Test-Path $motoParameters.Path) {
                    Get-ChildItem $motoParameters.Path -Recurse -File | ForEach-Object { [System.IO.Path]::GetRelativePath($motoParameters.Path, $_.FullName) } | Sort-Object
                })
            Errors    = @($motoErrors | ForEach-Object { "$_" })
        }
    }

    # --- The other AWSSDK.Core still works after all of ours ran: its own credentials, regions and profile files.
    if ($Order -ne 'None') {
        $profiles = Join-Path $OutDir 'other-credentials'
        Set-Content -Path $profiles -Value "[other]`naws_access_key_id = AKIDOTHER`naws_secret_access_key = other-secret`nregion = ap-south-1"
        $file = [Amazon.Runtime.CredentialManagement.SharedCredentialsFile]::new($profiles)
        $profile = $null
        $found = $file.TryGetProfile('other', [ref]$profile)
        $result.OtherStillWorks = [ordered]@{
            Keys    = $other.GetCredentials().AccessKey
            Region  = [Amazon.RegionEndpoint]::GetBySystemName('eu-central-1').SystemName
            Profile = if ($found) { "$($profile.Options.AccessKey)/$($profile.Region.SystemName)" } else { $null }
        }
    }
}
catch {
    $result.Errors += "$($_.Exception.GetType().FullName): $($_.Exception.Message) at $($_.InvocationInfo.PositionMessage)"
}
finally {
    $listener.Stop()
    $null = $serverRun.AsyncWaitHandle.WaitOne(5000)
    $server.Dispose()
    $result | ConvertTo-Json -Depth 6 | Set-Content -Path (Join-Path $OutDir 'result.json')
}
