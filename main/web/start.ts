/**
 * `startWebHost`: browser mode in one call, for `npm run web`, `trailview web`, the e2e tests and the
 * bench. Creates the core unless one is given, and finds the built renderer next to the code.
 */
import { createCore } from '../core/core';
import type { Core, CoreOptions } from '../core/types';
import { appVersion } from '../host/app-version';
import { findAppRoot, rendererDirOf } from '../host/app-root';
import { resolveDataDir } from '../host/data-dir';
import { builtWorkerPath } from '../host/worker-path';
import { createWebHost, type WebHost, type WebHostOptions } from './server';

export interface StartWebHostOptions {
  dataDir?: string;
  port?: number;
  rendererDir?: string;
  /** Use this core instead of creating one (it is then not disposed on close). */
  core?: Core;
  worker?: CoreOptions['worker'];
  maxUploadBytes?: number;
  privateApi?: WebHostOptions['privateApi'];
}

export async function startWebHost(opts: StartWebHostOptions = {}): Promise<WebHost> {
  const appRoot = findAppRoot(import.meta.dirname);
  const dataDir = opts.dataDir ?? resolveDataDir(undefined);
  const core = opts.core ?? createCore({ dataDir, worker: opts.worker ?? 'thread', workerPath: builtWorkerPath(appRoot) });
  try {
    return await createWebHost({
      core,
      dataDir,
      rendererDir: opts.rendererDir ?? rendererDirOf(appRoot),
      port: opts.port,
      version: appVersion(appRoot),
      maxUploadBytes: opts.maxUploadBytes,
      ownsCore: !opts.core,
      privateApi: opts.privateApi,
    });
  } catch (err) {
    if (!opts.core) await core.dispose();
    throw err;
  }
}
