# Build the SOLO Desk installer for Windows 10/11 (x64).
#
#   powershell -ExecutionPolicy Bypass -File installer\windows\build_windows.ps1
#
# Needs: Python 3.11+ from python.org (the "py" launcher) and Inno Setup 6 (ISCC.exe on PATH or in
# its default folder). Creates build\venv with SOLO Desk's run-time dependencies and PyInstaller,
# runs installer\solodesk.spec (dist\solodesk\ with "SOLO Desk.exe" and solodesk.exe), smoke-tests
# the console exe, then compiles installer\windows\solodesk.iss into dist\SOLO-Desk-<version>-setup.exe.
# Sign both executables and the setup with signtool before distributing (see the end of this file).
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
$Root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $Root
$Started = Get-Date

$Venv = if ($env:SOLODESK_BUILD_VENV) { $env:SOLODESK_BUILD_VENV } else { "build\venv" }
$Python = Join-Path $Venv "Scripts\python.exe"
if (-not (Test-Path $Python)) {
    Write-Host "Creating the build virtualenv in $Venv"
    py -3.11 -m venv $Venv
    if ($LASTEXITCODE -ne 0) { throw "Python 3.11 is needed (py -3.11)." }
}
& $Python -m pip install -q --upgrade pip
& $Python -m pip install -q -e ".[build]"
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }

# The version is single-sourced in solodesk\__init__.py.
$Version = (Select-String -Path "solodesk\__init__.py" -Pattern '^__version__ = "(.+)"').Matches[0].Groups[1].Value
Write-Host "Building SOLO Desk $Version"

& $Python -m PyInstaller --noconfirm --clean --log-level WARN `
    --distpath dist --workpath build\pyinstaller installer\solodesk.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

# Smoke test: the console exe prints its version and creates a demo store in a temporary folder.
$Tmp = Join-Path ([System.IO.Path]::GetTempPath()) ("solodesk-check-" + [guid]::NewGuid())
$env:SOLODESK_PASSPHRASE = "bundle check passphrase"
try {
    $Out = & "dist\solodesk\solodesk.exe" --version
    if ($Out -ne "SOLO Desk $Version") { throw "unexpected --version output: $Out" }
    & "dist\solodesk\solodesk.exe" demo --store (Join-Path $Tmp "store")
    if ($LASTEXITCODE -ne 0) { throw "demo failed" }
    & "dist\solodesk\solodesk.exe" check --store (Join-Path $Tmp "store")
    if ($LASTEXITCODE -ne 0) { throw "check failed" }
} finally {
    Remove-Item Env:\SOLODESK_PASSPHRASE
    Remove-Item -Recurse -Force $Tmp -ErrorAction SilentlyContinue
}

$Iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) { $Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
if (-not (Test-Path $Iscc)) { throw "Inno Setup 6 (ISCC.exe) not found" }
& $Iscc "/DAppVersion=$Version" "installer\windows\solodesk.iss"
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }

$Size = "{0:N0} MB" -f ((Get-ChildItem -Recurse "dist\solodesk" | Measure-Object -Sum Length).Sum / 1MB)
$Minutes = "{0:N1}" -f ((Get-Date) - $Started).TotalMinutes
Write-Host "Built dist\SOLO-Desk-$Version-setup.exe (bundle $Size) in $Minutes min."

# Signing (with the organisation's code-signing certificate, before distribution):
#   signtool sign /fd SHA256 /tr http://timestamp.example /td SHA256 /a "dist\solodesk\SOLO Desk.exe" "dist\solodesk\solodesk.exe"
#   then rebuild the setup (ISCC) and sign dist\SOLO-Desk-<version>-setup.exe the same way.
