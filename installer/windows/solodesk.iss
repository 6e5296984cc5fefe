; Inno Setup script of SOLO Desk for Windows 10/11 (x64).
;
; Built by installer\windows\build_windows.ps1, which first runs PyInstaller (dist\solodesk\) and
; then: ISCC.exe /DAppVersion=<version from solodesk\__init__.py> installer\windows\solodesk.iss
; Output: dist\SOLO-Desk-<version>-setup.exe
;
; The one-folder bundle holds two executables (see installer\solodesk.spec):
;   "SOLO Desk.exe"  windowed: the Start menu / desktop shortcuts start it;
;   solodesk.exe     console: the headless commands (solodesk.exe check --store ...).
;
; Installs per user by default (no administrator rights on a council laptop); an administrator
; may choose "all users". The case store is NOT in the install folder: it lives in the user's data
; folder (%LOCALAPPDATA%\solodesk\store) and is never removed by the uninstaller.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "SOLO Desk"
#define AppExe "SOLO Desk.exe"
#define SourceDir "..\..\dist\solodesk"

[Setup]
AppId={{2318D3C5-D7AC-4698-A533-E93A8DBF155B}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=SOLO Desk
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=SOLO-Desk-{#AppVersion}-setup
SetupIconFile=solodesk.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Adds {app} to the user's PATH only when the task below is ticked.
ChangesEnvironment=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add solodesk.exe to PATH (for the command line)"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; \
    ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
function NeedsAddPath(Dir: string): Boolean;
var
  Current: string;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Current) then
  begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Current) + ';') = 0;
end;
