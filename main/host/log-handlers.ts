/**
 * The requests around commands and transfers that involve more than the core: attached logs (log-store)
 * merged in, and the person's risk rules (settings) applied to every `commands` answer. Here, in the host,
 * because both live in the host's data folder; the core's extraction stays cached per content hash.
 */
import { basename } from 'node:path';
import type { Handlers, OpenSource } from '../../shared/api';
import { TrailviewError } from '../../shared/errors';
import { compileRiskRules, type CompiledRiskRule } from '../../shared/risk-rules';
import { effectiveRiskRules } from '../../shared/settings';
import { applyCommandLogs, applyTransferLogs, sessionClock } from '../core/commands/apply-logs';
import type { Core } from '../core/types';
import type { DisplayNames } from './display-names';
import type { EventSink } from './events';
import type { LogStore } from './log-store';
import type { SettingsStore } from './settings-store';

type LogMethods = 'commands' | 'transfers' | 'attachLog' | 'logs' | 'detachLog';

export interface LogHandlerParts {
  logs: LogStore;
  settings: SettingsStore;
  names: DisplayNames;
  emit?: EventSink;
  /** The host's own source resolution (paths, uploads). */
  resolveSource(source: OpenSource): Promise<{ path: string; fileName?: string }>;
}

export function createLogHandlers(core: Core, parts: LogHandlerParts): Pick<Handlers, LogMethods> {
  // Compiled once per rule set: settings are read on every answer, regular expressions are not rebuilt.
  let cached: { key: string; rules: CompiledRiskRule[] } | undefined;
  const riskRules = (): CompiledRiskRule[] => {
    const rules = effectiveRiskRules(parts.settings.get());
    const key = JSON.stringify(rules);
    if (cached?.key !== key) cached = { key, rules: compileRiskRules(rules).rules };
    return cached.rules;
  };
  const changed = (id: string): void => parts.emit?.('summary', parts.names.apply(core.summary(id)));

  return {
    commands: async ({ id }) => {
      const r = await core.commands(id);
      const s = core.summary(id);
      return { commands: applyCommandLogs(r.commands, await parts.logs.rows(s.sha256), sessionClock(s), riskRules()), partial: r.partial };
    },
    transfers: async ({ id }) => {
      const r = await core.transfers(id);
      const s = core.summary(id);
      return { transfers: applyTransferLogs(r.transfers, await parts.logs.rows(s.sha256), sessionClock(s)), partial: r.partial };
    },
    attachLog: async ({ id, source, onlyIfMatching }) => {
      if (source.kind !== 'path' && source.kind !== 'upload') throw new TrailviewError('BAD_REQUEST', 'attachLog: a log comes from a path or an upload');
      const s = core.summary(id);
      const { path, fileName } = await parts.resolveSource(source);
      const name = fileName ?? basename(path);
      const { log, attached } = await parts.logs.attach(s.sha256, sessionClock(s), { path, fileName: name, ...(source.kind === 'path' ? { originalPath: path } : {}) }, { onlyIfMatching: onlyIfMatching === true });
      if (attached) changed(id);
      return { kind: log.kind, rows: log.rows, matched: log.matched, fileName: log.fileName, logId: log.logId, attached };
    },
    logs: async ({ id }) => parts.logs.list(core.summary(id).sha256),
    detachLog: async ({ id, logId }) => {
      const detached = parts.logs.detach(core.summary(id).sha256, logId);
      if (detached) changed(id);
      return { detached };
    },
  };
}
