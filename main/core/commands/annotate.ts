/** Risk flags are applied when commands are answered (not stored), so edited rules apply at once. */
import type { CommandEntry } from '../../../shared/model';
import { defaultRiskRules, matchRisks, type CompiledRiskRule } from '../../../shared/risk-rules';

export function withRisks(commands: readonly CommandEntry[], rules: readonly CompiledRiskRule[] = defaultRiskRules()): CommandEntry[] {
  return commands.map((c) => {
    const { risk: _old, ...rest } = c;
    const found = matchRisks(c.command, rules);
    // A log may have flagged it already (risk_level): keep those and add ours.
    const merged = [...new Set([...(c.source === 'log' || c.risk?.includes('log-flagged') ? (c.risk ?? []) : []), ...found])];
    return merged.length > 0 ? { ...rest, risk: merged } : rest;
  });
}
