/**
 * The person's preferences, persisted by the host (electron-store in the desktop app, a JSON file in
 * browser mode) and read by the renderer through `settingsGet` / `settingsSet`. Pure: defaults, the
 * allowed values, and the checks a patch must pass before it is stored.
 */
import { DEFAULT_RISK_RULES, loadRiskRules, type RiskRule } from './risk-rules';

export type ThemeSetting = 'light' | 'dark' | 'system';
export type LanguageSetting = 'en' | 'zh-CN' | 'system';
/** What the time readouts show: time since the recording's start, or the wall clock (start + offset). */
export type TimeDisplayMode = 'elapsed' | 'wallclock';

export interface Settings {
  theme: ThemeSetting;
  language: LanguageSetting;
  /** Playback speed a recording starts at, one of SPEED_CHOICES. */
  defaultSpeed: number;
  /** Whether skip-idle is on when a recording opens. */
  skipIdle: boolean;
  /** Pauses longer than this play in this long when skip-idle is on. */
  idleCapMs: number;
  /** The terminal's font size at 100 % (fitted mode scales from the window size). */
  terminalFontPx: number;
  /** How far the arrow keys (and the menu's Back / Forward) seek. */
  seekStepMs: number;
  timeDisplay: TimeDisplayMode;
  /** The risk rules commands are flagged with; null means the built-in defaults (DEFAULT_RISK_RULES). */
  riskRules: RiskRule[] | null;
}

export const THEMES: readonly ThemeSetting[] = ['system', 'light', 'dark'];
export const LANGUAGES: readonly LanguageSetting[] = ['system', 'en', 'zh-CN'];
export const TIME_DISPLAYS: readonly TimeDisplayMode[] = ['elapsed', 'wallclock'];
/** The speeds the player offers (renderer/player/clock.ts SPEEDS holds the same list). */
export const SPEED_CHOICES: readonly number[] = [0.25, 0.5, 1, 1.5, 2, 4, 8, 16];

export const IDLE_CAP_RANGE_MS = { min: 100, max: 60_000 } as const;
export const FONT_PX_RANGE = { min: 8, max: 40 } as const;
export const SEEK_STEP_RANGE_MS = { min: 100, max: 600_000 } as const;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  theme: 'system',
  language: 'system',
  defaultSpeed: 1,
  skipIdle: false,
  idleCapMs: 2000,
  terminalFontPx: 13,
  seekStepMs: 5000,
  timeDisplay: 'elapsed',
  riskRules: null,
});

/** More rules than anyone writes by hand; each is a regular expression run on every command. */
export const MAX_RISK_RULES = 500;

/** The rules in force: the person's list, or the defaults. */
export function effectiveRiskRules(settings: Pick<Settings, 'riskRules'>): readonly RiskRule[] {
  return settings.riskRules ?? DEFAULT_RISK_RULES;
}

type Check = (v: unknown) => string | null;

const oneOf =
  <T>(choices: readonly T[]): Check =>
  (v) =>
    choices.includes(v as T) ? null : `must be one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`;

const intIn =
  (min: number, max: number, unit: string): Check =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? null : `must be a whole number of ${unit} from ${min} to ${max}`;

const CHECKS: { [K in keyof Settings]: Check } = {
  theme: oneOf(THEMES),
  language: oneOf(LANGUAGES),
  defaultSpeed: oneOf(SPEED_CHOICES),
  skipIdle: (v) => (typeof v === 'boolean' ? null : 'must be true or false'),
  idleCapMs: intIn(IDLE_CAP_RANGE_MS.min, IDLE_CAP_RANGE_MS.max, 'milliseconds'),
  terminalFontPx: intIn(FONT_PX_RANGE.min, FONT_PX_RANGE.max, 'pixels'),
  seekStepMs: intIn(SEEK_STEP_RANGE_MS.min, SEEK_STEP_RANGE_MS.max, 'milliseconds'),
  timeDisplay: oneOf(TIME_DISPLAYS),
  riskRules: (v) => {
    if (v === null) return null;
    if (!Array.isArray(v)) return 'must be a list of rules, or null for the defaults';
    if (v.length > MAX_RISK_RULES) return `may hold at most ${MAX_RISK_RULES} rules`;
    const { errors } = loadRiskRules(v);
    return errors[0] ? `has a bad rule: ${errors[0].message}` : null;
  },
};

export const SETTING_KEYS = Object.keys(CHECKS) as (keyof Settings)[];

function isSettingKey(k: string): k is keyof Settings {
  return Object.prototype.hasOwnProperty.call(CHECKS, k);
}

/** A value for a message: short, quoted like JSON so `"2"` and `2` read differently. */
function shown(v: unknown): string {
  let text: string;
  try {
    text = v === undefined ? 'undefined' : (JSON.stringify(v) ?? String(v));
  } catch {
    text = String(v);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Checks a patch from a request: every key must be a setting and every value allowed. The message names
 * the first bad field and its value (it becomes the BAD_REQUEST message).
 */
export function checkSettingsPatch(patch: unknown): { ok: true; patch: Partial<Settings> } | { ok: false; message: string } {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return { ok: false, message: '"patch" must be an object of settings' };
  const out: Partial<Settings> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (!isSettingKey(k)) return { ok: false, message: `"${k.slice(0, 40)}" is not a setting (known: ${SETTING_KEYS.join(', ')})` };
    const problem = CHECKS[k](v);
    if (problem) return { ok: false, message: `setting "${k}" ${problem}; got ${shown(v)}` };
    (out as Record<string, unknown>)[k] = v;
  }
  return { ok: true, patch: out };
}

/**
 * Settings from whatever the store held: each valid field is kept, anything else (missing, from an older
 * version, hand-edited wrong) takes its default. A broken file never stops the app from starting.
 */
export function normaliseSettings(stored: unknown): Settings {
  const out: Settings = { ...DEFAULT_SETTINGS };
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return out;
  for (const [k, v] of Object.entries(stored)) {
    if (isSettingKey(k) && CHECKS[k](v) === null) (out as unknown as Record<string, unknown>)[k] = v;
  }
  return out;
}

/**
 * The language to use: the setting, or for 'system' the system's locale when it is Chinese (any script:
 * Simplified is the only Chinese we have, and closer for a Traditional reader than English), else English.
 */
export function effectiveLanguage(setting: LanguageSetting, systemLocale: string | undefined): 'en' | 'zh-CN' {
  if (setting !== 'system') return setting;
  return /^zh(\b|_)/i.test(systemLocale ?? '') ? 'zh-CN' : 'en';
}
