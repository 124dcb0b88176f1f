; Inno Setup 6 recipe for the per-user Windows installer of ICS Tracker.
;
; Built by .github/workflows/bundles.yml after PyInstaller has made dist\icstracker:
;   iscc /DAppVersion=0.1.0 packaging\windows\icstracker.iss
; Output: dist\ICS-Tracker-<version>-setup.exe.
;
; Why each setting (see packaging/README.md):
; - PrivilegesRequired=lowest: LPC officers' managed laptops give no admin rights, so the app
;   installs into %LOCALAPPDATA%\Programs\ICS Tracker ({autopf} for a per-user install) and
;   its shortcuts into the user's own Start menu. No UAC prompt.
; - The database, settings and backups are NOT in {app}: they live in
;   %LOCALAPPDATA%\ICS Tracker (or ICSTRACKER_HOME), so uninstalling or upgrading never
;   touches a record. Nothing here deletes them.
; - The Start-menu shortcut opens icstracker-gui.exe (no console window); icstracker.exe is
;   the command line, for scripts.
; - Signing is a separate, documented step (packaging/README.md, "Signing"): SignTool below
;   is used only when the build defines it.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{9A545C9D-3806-410F-B68C-0567CB160C15}
AppName=ICS Tracker
AppVersion={#AppVersion}
AppVerName=ICS Tracker {#AppVersion}
AppPublisher=The ICS Tracker contributors
DefaultDirName={autopf}\ICS Tracker
DefaultGroupName=ICS Tracker
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
LicenseFile=..\..\LICENSE
OutputDir=..\..\dist
OutputBaseFilename=ICS-Tracker-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayName=ICS Tracker
UninstallDisplayIcon={app}\icstracker-gui.exe
; An open window holds its files: ask the user to close it before an upgrade replaces them.
CloseApplications=yes
#ifdef SignTool
SignTool={#SignTool}
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "Put a shortcut on the desktop"; Flags: unchecked

[Files]
Source: "..\..\dist\icstracker\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\ICS Tracker"; Filename: "{app}\icstracker-gui.exe"; Comment: "Log and report your LPC's NHS engagement"
Name: "{autodesktop}\ICS Tracker"; Filename: "{app}\icstracker-gui.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\icstracker-gui.exe"; Description: "Open ICS Tracker now"; Flags: nowait postinstall skipifsilent
