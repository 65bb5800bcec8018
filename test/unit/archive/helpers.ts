/** Corpus files and archive-writing helpers for the archive integration tests. */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { REPO_ROOT } from '../core/helpers/corpus';
import { tempDir } from '../core/helpers/temp';

export const CORPUS = resolve(REPO_ROOT, '../shared/corpus');
export const CAST_GZ = resolve(CORPUS, 'asciicast/10-v2-welcome-bash-output-only.cast.gz');
export const CAST = resolve(CORPUS, 'asciicast/02-v2-demo-input.cast');
export const REPLAY_GZ = resolve(CORPUS, 'guacamole/guacd160-vnc-xterm-keys.replay.gz');
export const GUAC_A = resolve(CORPUS, 'guacamole/guacd160-vnc-xterm-keys.guac');
export const GUAC_B = resolve(CORPUS, 'guacamole/guacd160-ssh-keys.guac');
export const M4V = resolve(CORPUS, 'video/guacd160-vnc-xterm-keys.guacenc.m4v');
export const HAVE = [CAST_GZ, CAST, REPLAY_GZ, GUAC_A, GUAC_B, M4V].every((p) => existsSync(p));
export const NO_CORPUS = `corpus files under ${CORPUS} are absent: archive tests skipped`;

export const SID = '5d0a4f3e-8a8c-4d0e-9d3b-0b1b6c0c2a11';

export const read = (p: string): Buffer => readFileSync(p);

/** A koko session JSON as JumpServer writes next to the recording. */
export function sessionJson(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: SID,
    user: 'Alice(alice)',
    asset: 'db-01(10.0.0.5)',
    account: 'root(root)',
    protocol: 'ssh',
    remote_addr: '192.168.1.20',
    login_from: { value: 'WT', label: 'Web Terminal' },
    date_start: '2023/06/01 10:20:30 +0800',
    date_end: '2023/06/01 10:25:37 +0800',
    duration: '0:05:07',
    terminal: { name: 'koko-01', type: 'koko' },
    org_name: 'Default',
    command_amount: 3,
    is_success: true,
    error_reason: '',
    ...extra,
  });
}

/** Writes `bytes` as `name` in a fresh folder (the "downloads" folder the archive sits in). */
export function place(name: string, bytes: Uint8Array): string {
  const path = join(tempDir('tv-archive-'), name);
  writeFileSync(path, bytes);
  return path;
}

/** Every file under `dir` (relative path -> size and mtime), to prove nothing appeared or changed. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out.set(relative(dir, p), `${st.size}:${st.mtimeMs}`);
    }
  };
  walk(dir);
  return out;
}
