// Where the data file lives when nobody says otherwise — the same folder Electron's
// app.getPath('userData') gives for "Kartoteka", so the CLI, the browser host and the desktop
// app share one file.
import os from 'node:os';
import path from 'node:path';

export function appDataDir(env = process.env, platform = process.platform): string {
  if (env.KARTOTEKA_HOME) return env.KARTOTEKA_HOME;
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Kartoteka');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Kartoteka');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Kartoteka');
}

export function defaultDbPath(): string {
  return path.join(appDataDir(), 'kartoteka.sqlite');
}
