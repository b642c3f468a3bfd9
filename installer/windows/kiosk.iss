; Inno Setup script for the Windows kiosk. Build after PyInstaller (see kiosk.spec):
;   iscc installer\windows\kiosk.iss        -> dist\kiosk-setup-<version>.exe
; Installs dist\kiosk\ into Program Files, a config in ProgramData, and Start-menu entries.
; Lockdown (Assigned Access + Keyboard Filter) is set up by the IT person: docs/deploy.md.

#define AppName "Kiosk"
#define AppVersion "0.1.0"
#define AppPublisher "The kiosk team"

[Setup]
AppId={{6F7B5C2E-4D1A-4C47-9E0B-6A2E1B7F3C10}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher={#AppPublisher}
DefaultDirName={autopf}\Kiosk
DefaultGroupName=Kiosk
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=kiosk-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
WizardStyle=modern
UninstallDisplayIcon={app}\kiosk.exe


[Languages]
Name: "nl"; MessagesFile: "compiler:Languages\Dutch.isl"
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Dirs]
; KIOSK_HOME for the kiosk account: config, database, logs. The token is in the Windows
; Credential Manager of the kiosk account, not here.
Name: "{commonappdata}\Kiosk"; Permissions: users-modify

[Files]
Source: "..\..\dist\kiosk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; The location's settings: installed once, never overwritten by an update (like the Debian conffile).
Source: "..\..\resources\config.example.toml"; DestDir: "{commonappdata}\Kiosk"; DestName: "config.toml"; Flags: onlyifdoesntexist uninsneveruninstall

[Registry]
; Every user of this PC (the kiosk account) finds the same home.
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: string; ValueName: "KIOSK_HOME"; ValueData: "{commonappdata}\Kiosk"; Flags: uninsdeletevalue

[Icons]
Name: "{group}\Kiosk"; Filename: "{app}\kiosk.exe"; Parameters: "run"
Name: "{group}\Kiosk status"; Filename: "{cmd}"; Parameters: "/k ""{app}\kiosk-cli.exe"" status"

[Run]
Filename: "{app}\kiosk-cli.exe"; Parameters: "--version"; Flags: runhidden waituntilterminated

[UninstallDelete]
; The database and logs stay on uninstall (like 'apt remove'); delete them by hand to purge.
