/**
 * Settings (Ctrl+, or the menu): every control reachable with Tab, changes applied and saved as they are
 * made, Esc or the close button to leave. Numbers are taken when they are in range (Enter or leaving the
 * field); a value the host refuses is shown with its message and the old one kept.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import {
  FONT_PX_RANGE,
  IDLE_CAP_RANGE_MS,
  SEEK_STEP_RANGE_MS,
  SPEED_CHOICES,
  type LanguageSetting,
  type Settings,
  type ThemeSetting,
  type TimeDisplayMode,
} from '../../shared/settings';
import { LANGUAGES, useT } from '../i18n';
import { useSettings } from '../state/settings';
import { Icon } from './Icon';
import { RiskRulesEditor } from './RiskRulesEditor';

interface NumberFieldProps {
  id: string;
  label: string;
  /** The stored value, in the field's own unit (seconds or pixels). */
  value: number;
  min: number;
  max: number;
  step: number;
  onCommit(value: number): void;
}

/** A number box that commits on Enter or blur, only when the value is in range. */
function NumberField({ id, label, value, min, max, step, onCommit }: NumberFieldProps) {
  const t = useT('settings');
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const n = Number(text);
  const valid = text.trim() !== '' && Number.isFinite(n) && n >= min && n <= max;
  const commit = (): void => {
    if (valid && n !== value) onCommit(n);
    else if (!valid) setText(String(value));
  };
  return (
    <Field id={id} label={label}>
      <input
        id={id}
        data-testid={id}
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={step}
        value={text}
        aria-invalid={!valid}
        title={t('outOfRange', { min, max })}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
    </Field>
  );
}

function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="settings-field">
      <label htmlFor={id}>{label}</label>
      {children}
    </div>
  );
}

const toSeconds = (ms: number): number => Number((ms / 1000).toFixed(3));
const toMs = (s: number): number => Math.round(s * 1000);

export function SettingsDialog({ onClose }: { onClose(): void }) {
  const t = useT('settings');
  const { settings, update, error } = useSettings();
  const box = useRef<HTMLDivElement>(null);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  const set = (patch: Partial<Settings>): void => void update(patch);

  // Keeps Tab inside the dialog and lets Esc close it from any control.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
      return;
    }
    if (e.key !== 'Tab' || !box.current) return;
    const focusable = [...box.current.querySelectorAll<HTMLElement>('select, input, button')].filter((el) => !el.hasAttribute('disabled'));
    const firstEl = focusable[0];
    const lastEl = focusable[focusable.length - 1];
    if (!firstEl || !lastEl) return;
    if (e.shiftKey && document.activeElement === firstEl) {
      e.preventDefault();
      lastEl.focus();
    } else if (!e.shiftKey && document.activeElement === lastEl) {
      e.preventDefault();
      firstEl.focus();
    }
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal settings" data-testid="settings-dialog" role="dialog" aria-modal="true" aria-label={t('title')} ref={box} onKeyDown={onKeyDown}>
        <div className="modal-head">
          <h2>{t('title')}</h2>
          <button type="button" className="icon-button" data-testid="settings-close" aria-label={t('common:close')} onClick={onClose}>
            <Icon name="close" />
          </button>
        </div>
        <fieldset>
          <legend>{t('appearance')}</legend>
          <Field id="settings-theme" label={t('theme')}>
            <select id="settings-theme" data-testid="settings-theme" ref={first} value={settings.theme} onChange={(e) => set({ theme: e.target.value as ThemeSetting })}>
              <option value="system">{t('themeSystem')}</option>
              <option value="light">{t('themeLight')}</option>
              <option value="dark">{t('themeDark')}</option>
            </select>
          </Field>
          <Field id="settings-language" label={t('language')}>
            <select id="settings-language" data-testid="settings-language" value={settings.language} onChange={(e) => set({ language: e.target.value as LanguageSetting })}>
              <option value="system">{t('languageSystem')}</option>
              {LANGUAGES.map((l) => (
                <option key={l.id} value={l.id} lang={l.id}>
                  {l.nativeName}
                </option>
              ))}
            </select>
          </Field>
          <Field id="settings-time-display" label={t('timeDisplay')}>
            <select id="settings-time-display" data-testid="settings-time-display" value={settings.timeDisplay} onChange={(e) => set({ timeDisplay: e.target.value as TimeDisplayMode })}>
              <option value="elapsed">{t('timeElapsed')}</option>
              <option value="wallclock">{t('timeWallClock')}</option>
            </select>
          </Field>
          <NumberField
            id="settings-terminal-font"
            label={t('terminalFont')}
            value={settings.terminalFontPx}
            min={FONT_PX_RANGE.min}
            max={FONT_PX_RANGE.max}
            step={1}
            onCommit={(v) => set({ terminalFontPx: Math.round(v) })}
          />
        </fieldset>
        <fieldset>
          <legend>{t('playback')}</legend>
          <Field id="settings-speed" label={t('defaultSpeed')}>
            <select id="settings-speed" data-testid="settings-speed" value={String(settings.defaultSpeed)} onChange={(e) => set({ defaultSpeed: Number(e.target.value) })}>
              {SPEED_CHOICES.map((s) => (
                <option key={s} value={String(s)}>
                  {s}×
                </option>
              ))}
            </select>
          </Field>
          <div className="settings-field settings-check">
            <input id="settings-skip-idle" data-testid="settings-skip-idle" type="checkbox" checked={settings.skipIdle} onChange={(e) => set({ skipIdle: e.target.checked })} />
            <label htmlFor="settings-skip-idle">{t('skipIdle')}</label>
          </div>
          <NumberField
            id="settings-idle-cap"
            label={t('idleCap')}
            value={toSeconds(settings.idleCapMs)}
            min={IDLE_CAP_RANGE_MS.min / 1000}
            max={IDLE_CAP_RANGE_MS.max / 1000}
            step={0.1}
            onCommit={(v) => set({ idleCapMs: toMs(v) })}
          />
          <NumberField
            id="settings-seek-step"
            label={t('seekStep')}
            value={toSeconds(settings.seekStepMs)}
            min={SEEK_STEP_RANGE_MS.min / 1000}
            max={SEEK_STEP_RANGE_MS.max / 1000}
            step={1}
            onCommit={(v) => set({ seekStepMs: toMs(v) })}
          />
        </fieldset>
        <RiskRulesEditor />
        {error && (
          <p className="settings-error" role="alert" data-testid="settings-error">
            {t('refused', { message: error.message })}
          </p>
        )}
        <p className="muted small">{t('hint')}</p>
      </div>
    </div>
  );
}
