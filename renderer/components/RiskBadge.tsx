/** A command's risk flag as a small coloured badge; ids without a translation show as they are. */
import type { RiskId } from '../../shared/model';
import { useT, type T } from '../i18n';

const KEYS = {
  privilege: 'riskPrivilege',
  destructive: 'riskDestructive',
  permissions: 'riskPermissions',
  credentials: 'riskCredentials',
  'data-movement': 'riskDataMovement',
  'history-tampering': 'riskHistoryTampering',
} as const;

export function RiskBadge({ risk }: { risk: RiskId }) {
  return <RiskBadgeText risk={risk} t={useT('commands')} />;
}

/** The badge with the caller's t: for rows of a long list, where a hook per badge makes mounting slow. */
export function RiskBadgeText({ risk, t }: { risk: RiskId; t: T<'commands'> }) {
  const key = (KEYS as Record<string, (typeof KEYS)[keyof typeof KEYS]>)[risk];
  return (
    <span className={`risk-badge risk-${risk}`} data-testid="risk-badge" data-risk={risk}>
      {key ? t(key) : risk}
    </span>
  );
}
