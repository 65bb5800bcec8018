/**
 * Settings section: the risk rules commands are flagged with. Each rule can be switched off, its risk and
 * pattern edited (taken on Enter or leaving the field, only when the pattern compiles), deleted; rules can
 * be added, reset to the built-in ones, imported from and exported to a JSON rules file. Every change goes
 * to the host as the whole list (`riskRules`), which checks it again (a refused list keeps the old one).
 */
import { useEffect, useRef, useState } from 'react';
import { DEFAULT_RISK_RULES, loadRiskRules, type RiskRule } from '../../shared/risk-rules';
import { effectiveRiskRules } from '../../shared/settings';
import { useT } from '../i18n';
import { useSettings } from '../state/settings';
import '../styles/risk-rules.css';

function compileError(pattern: string, flags: string | undefined): string | null {
  try {
    new RegExp(pattern, flags ?? '');
    return pattern ? null : 'empty';
  } catch (e) {
    return (e as Error).message;
  }
}

/** A text box that keeps what is typed and hands it on when Enter is pressed or it loses focus. */
function CommitInput({ value, label, testId, invalid, onCommit }: { value: string; label: string; testId: string; invalid?(text: string): string | null; onCommit(text: string): void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const problem = invalid?.(text) ?? null;
  const commit = (): void => {
    if (text === value) return;
    if (problem) return;
    onCommit(text);
  };
  return (
    <input
      type="text"
      value={text}
      aria-label={label}
      aria-invalid={problem !== null}
      title={problem ?? undefined}
      data-testid={testId}
      spellCheck={false}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
      }}
    />
  );
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function RiskRulesEditor() {
  const t = useT('risk');
  const { settings, update } = useSettings();
  const rules = effectiveRiskRules(settings);
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [draft, setDraft] = useState({ id: '', risk: 'destructive', pattern: '' });
  const file = useRef<HTMLInputElement>(null);

  const save = (next: readonly RiskRule[] | null): void => {
    setNote(null);
    void update({ riskRules: next === null ? null : next.map((r) => ({ ...r })) });
  };
  const change = (index: number, patch: Partial<RiskRule>): void => save(rules.map((r, i) => (i === index ? { ...r, ...patch } : r)));

  const draftProblem = !draft.id ? 'id' : rules.some((r) => r.id === draft.id) ? t('idTaken', { id: draft.id }) : compileError(draft.pattern, undefined);
  const add = (): void => {
    if (draftProblem) return;
    save([...rules, { id: draft.id, risk: draft.risk || 'destructive', pattern: draft.pattern }]);
    setDraft({ id: '', risk: draft.risk, pattern: '' });
  };

  const importFile = async (f: File): Promise<void> => {
    const { rules: loaded, errors } = loadRiskRules(await f.text());
    if (errors[0]) {
      setNote({ kind: 'error', text: t('importFailed', { file: f.name, message: errors[0].message }) });
      return;
    }
    const r = await update({ riskRules: loaded });
    setNote(r.ok ? { kind: 'ok', text: t('imported', { file: f.name, count: loaded.length }) } : { kind: 'error', text: t('importFailed', { file: f.name, message: r.error.message }) });
  };

  return (
    <fieldset className="risk-rules" data-testid="risk-rules">
      <legend>{t('title')}</legend>
      <p className="muted small">
        {t('intro')} {settings.riskRules === null ? t('defaultsInUse') : t('customInUse', { count: rules.length })}
      </p>
      <ul className="risk-rule-list">
        {rules.map((r, i) => (
          <li key={r.id} className="risk-rule" data-testid="risk-rule" data-rule-id={r.id} data-enabled={r.enabled !== false}>
            <input type="checkbox" checked={r.enabled !== false} aria-label={t('enabled', { id: r.id })} data-testid="risk-rule-enabled" onChange={(e) => change(i, { enabled: e.target.checked })} />
            <code className="risk-rule-id" title={r.description}>
              {r.id}
            </code>
            <CommitInput value={r.risk} label={t('risk', { id: r.id })} testId="risk-rule-risk" invalid={(v) => (/^[\w-]{1,64}$/.test(v) ? null : v)} onCommit={(v) => change(i, { risk: v })} />
            <CommitInput value={r.pattern} label={t('pattern', { id: r.id })} testId="risk-rule-pattern" invalid={(v) => (compileError(v, r.flags) === null ? null : t('badPattern', { message: compileError(v, r.flags) }))} onCommit={(v) => change(i, { pattern: v })} />
            <button type="button" className="tool-button" title={t('deleteTitle', { id: r.id })} aria-label={t('deleteTitle', { id: r.id })} data-testid="risk-rule-delete" onClick={() => save(rules.filter((_, j) => j !== i))}>
              {t('delete')}
            </button>
          </li>
        ))}
      </ul>
      <div className="risk-rule risk-rule-new">
        <input type="text" aria-label={t('newId')} placeholder={t('newId')} data-testid="risk-new-id" value={draft.id} spellCheck={false} onChange={(e) => setDraft({ ...draft, id: e.target.value.trim() })} />
        <input type="text" aria-label={t('newRisk')} placeholder={t('newRisk')} data-testid="risk-new-risk" value={draft.risk} spellCheck={false} onChange={(e) => setDraft({ ...draft, risk: e.target.value.trim() })} />
        <input
          type="text"
          aria-label={t('newPattern')}
          placeholder={t('newPattern')}
          data-testid="risk-new-pattern"
          value={draft.pattern}
          spellCheck={false}
          onChange={(e) => setDraft({ ...draft, pattern: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Enter') add();
          }}
        />
        <button type="button" className="tool-button" data-testid="risk-add" disabled={draftProblem !== null} title={draftProblem && draftProblem !== 'id' ? draftProblem : undefined} onClick={add}>
          {t('add')}
        </button>
      </div>
      <div className="risk-rule-actions">
        {/* Before the buttons: the dialog's Tab trap takes the last input or button as the last stop. */}
        <input
          ref={file}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="risk-import-input"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void importFile(f);
          }}
        />
        <button type="button" className="tool-button" data-testid="risk-reset" disabled={settings.riskRules === null} onClick={() => save(null)}>
          {t('reset')}
        </button>
        <button type="button" className="tool-button" data-testid="risk-import" onClick={() => file.current?.click()}>
          {t('import')}
        </button>
        <button type="button" className="tool-button" data-testid="risk-export" onClick={() => download('trailview-risk-rules.json', `${JSON.stringify({ version: 1, rules: settings.riskRules ?? DEFAULT_RISK_RULES }, null, 2)}\n`)}>
          {t('export')}
        </button>
      </div>
      {note && (
        <p className={note.kind === 'error' ? 'settings-error' : 'muted small'} role={note.kind === 'error' ? 'alert' : 'status'} data-testid="risk-note">
          {note.text}
        </p>
      )}
    </fieldset>
  );
}
