/** Where the web host and the CLI keep caches, uploads and the recent list (Electron uses userData). */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Trailview');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Trailview');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'trailview');
}

/** `--data-dir` wins, then TRAILVIEW_DATA_DIR, then the platform default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.TRAILVIEW_DATA_DIR || defaultDataDir(env);
}
