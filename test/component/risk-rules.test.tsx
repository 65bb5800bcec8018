/**
 * The risk-rules section of the Settings dialog against a settings host that checks patches with the real
 * shared/settings.ts rules (so a list the host would refuse is refused here too).
 */
import { act, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../shared/api';
import { DEFAULT_RISK_RULES, loadRiskRules, type RiskRule } from '../../shared/risk-rules';
import { checkSettingsPatch, DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import { RiskRulesEditor } from '../../renderer/components/RiskRulesEditor';
import { SettingsContext } from '../../renderer/state/settings';
import { $, render, waitFor, type Rendered } from './helpers';

let r: Rendered | null = null;
afterEach(() => {
  r?.unmount();
  r = null;
  vi.restoreAllMocks();
});

function Host({ sent }: { sent: Partial<Settings>[] }) {
  const [settings, setSettings] = useState<Settings>({ ...DEFAULT_SETTINGS });
  const update = async (patch: Partial<Settings>): Promise<Result<Settings>> => {
    sent.push(patch);
    const checked = checkSettingsPatch(patch);
    if (!checked.ok) return { ok: false, error: { code: 'BAD_REQUEST', message: checked.message } };
    const next = { ...settings, ...checked.patch };
    setSettings(next);
    return { ok: true, value: next };
  };
  return (
    <SettingsContext.Provider value={{ settings, loaded: true, error: null, update }}>
      <RiskRulesEditor />
    </SettingsContext.Provider>
  );
}

function type(el: HTMLInputElement, value: string): void {
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}
const rows = (c: HTMLElement) => [...c.querySelectorAll<HTMLElement>('[data-testid="risk-rule"]')];
const row = (c: HTMLElement, id: string) => $(c, `[data-rule-id="${id}"]`);
const lastRules = (sent: Partial<Settings>[]) => sent[sent.length - 1]!.riskRules;

async function pickFile(input: HTMLInputElement, file: File): Promise<void> {
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(async () => void input.dispatchEvent(new Event('change', { bubbles: true })));
}

describe('<RiskRulesEditor>', () => {
  it('lists the defaults and switches one off, keeping the others as they were', async () => {
    const sent: Partial<Settings>[] = [];
    r = await render(<Host sent={sent} />);
    expect(rows(r.container).map((e) => e.dataset.ruleId)).toEqual(DEFAULT_RISK_RULES.map((d) => d.id));
    await act(async () => $(row(r!.container, 'sudo'), '[data-testid="risk-rule-enabled"]').click());
    expect(lastRules(sent)).toEqual(DEFAULT_RISK_RULES.map((d) => (d.id === 'sudo' ? { ...d, enabled: false } : d)));
    expect(row(r.container, 'sudo').dataset.enabled).toBe('false');
    expect(($(r.container, '[data-testid="risk-reset"]') as HTMLButtonElement).disabled).toBe(false);
  });

  it('takes an edited pattern on Enter only when it compiles', async () => {
    const sent: Partial<Settings>[] = [];
    r = await render(<Host sent={sent} />);
    const pattern = $(row(r.container, 'chown'), '[data-testid="risk-rule-pattern"]') as HTMLInputElement;
    await act(async () => type(pattern, '\\bchown(oops'));
    expect(pattern.getAttribute('aria-invalid')).toBe('true');
    await act(async () => void pattern.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    expect(sent).toEqual([]);
    await act(async () => type(pattern, '\\bchown\\s+-R'));
    await act(async () => void pattern.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    expect((lastRules(sent) as RiskRule[]).find((x) => x.id === 'chown')!.pattern).toBe('\\bchown\\s+-R');
  });

  it('adds, deletes and resets to the defaults', async () => {
    const sent: Partial<Settings>[] = [];
    r = await render(<Host sent={sent} />);
    const add = $(r.container, '[data-testid="risk-add"]') as HTMLButtonElement;
    expect(add.disabled).toBe(true);
    await act(async () => type($(r!.container, '[data-testid="risk-new-id"]') as HTMLInputElement, 'kubectl-delete'));
    await act(async () => type($(r!.container, '[data-testid="risk-new-risk"]') as HTMLInputElement, 'cluster'));
    await act(async () => type($(r!.container, '[data-testid="risk-new-pattern"]') as HTMLInputElement, '\\bkubectl\\s+delete\\b'));
    expect(add.disabled).toBe(false);
    await act(async () => add.click());
    const added = lastRules(sent) as RiskRule[];
    expect(added).toHaveLength(DEFAULT_RISK_RULES.length + 1);
    expect(added[added.length - 1]).toEqual({ id: 'kubectl-delete', risk: 'cluster', pattern: '\\bkubectl\\s+delete\\b' });
    // A taken id cannot be added twice.
    await act(async () => type($(r!.container, '[data-testid="risk-new-id"]') as HTMLInputElement, 'sudo'));
    await act(async () => type($(r!.container, '[data-testid="risk-new-pattern"]') as HTMLInputElement, 'x'));
    expect(add.disabled).toBe(true);

    await act(async () => $(row(r!.container, 'mkfs'), '[data-testid="risk-rule-delete"]').click());
    expect(rows(r.container).map((e) => e.dataset.ruleId)).not.toContain('mkfs');
    expect(rows(r.container)).toHaveLength(DEFAULT_RISK_RULES.length);
    await act(async () => $(r!.container, '[data-testid="risk-reset"]').click());
    expect(lastRules(sent)).toBeNull();
    expect(rows(r.container).map((e) => e.dataset.ruleId)).toEqual(DEFAULT_RISK_RULES.map((d) => d.id));
  });

  it('imports a rules file (a bad rule named, nothing changed) and exports the rules in force', async () => {
    const sent: Partial<Settings>[] = [];
    r = await render(<Host sent={sent} />);
    const input = $(r.container, '[data-testid="risk-import-input"]') as HTMLInputElement;
    const bad = JSON.stringify({ version: 1, rules: [{ id: 'ok', risk: 'x', pattern: 'a' }, { id: 'broken', risk: 'x', pattern: '[' }] });
    await pickFile(input, new File([bad], 'rules.json', { type: 'application/json' }));
    const note = await waitFor(() => r!.container.querySelector('[data-testid="risk-note"]')?.textContent, 'import note');
    expect(note).toMatch(/^rules\.json was not imported: rule "broken" \(number 2\): "pattern" does not compile/);
    expect(sent).toEqual([]);

    const good = [{ id: 'only', risk: 'destructive', pattern: '\\brm\\b', description: 'any rm' }];
    await pickFile(input, new File([JSON.stringify(good)], 'mine.json'));
    await waitFor(() => rows(r!.container).length === 1, 'imported list shown');
    expect(lastRules(sent)).toEqual(good);

    let blob: Blob | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blob = b as Blob;
      return 'blob:test';
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    await act(async () => $(r!.container, '[data-testid="risk-export"]').click());
    const exported = loadRiskRules(await blob!.text());
    expect(exported.errors).toEqual([]);
    expect(exported.rules).toEqual(good);
  });
});
