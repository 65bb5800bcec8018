/**
 * The UI's languages: i18next with bundled resources, one JSON per namespace per language.
 *
 * React: `const t = useT('player'); t('play')`; other namespaces as t('common:close').
 * Outside React: `t('errors:NOT_FOUND')` (does not re-render on a language change; call it at render time).
 * Numbers, dates and sizes: formatNumber / formatDate / formatTime / formatDateTime / formatBytes / formatSpan,
 * in the current language. Components that format without calling useT should call useLanguage() so that
 * they re-render when the language changes.
 *
 * A key missing from every language shows as ⟦ns:key⟧ in development and tests (so it is seen, and
 * test/component/i18n.test.tsx fails on it) and as its English text's key in production; it never throws.
 */
import i18next, { type i18n as I18n, type TFunction } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { en, zhCN, NAMESPACES, type Namespace } from './resources';
import { DEFAULT_LANGUAGE, LANGUAGES, isLanguage, navigatorLanguages, resolveLanguage, type Language, type LanguagePref } from './language';
import { formatBytesIn, formatDateIn, formatDateTimeIn, formatNumberIn, formatSpanIn, formatTimeIn } from './format';

export { LANGUAGES, isLanguage, type Language, type LanguagePref, type Namespace, NAMESPACES };

const DEV = import.meta.env?.DEV ?? false;

/** Keys looked up and not found, as "ns:key", since start (or the last clearMissingKeys): tests read it. */
const missing = new Set<string>();
export function missingKeys(): string[] {
  return [...missing];
}
export function clearMissingKeys(): void {
  missing.clear();
}

export const i18n: I18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { en, 'zh-CN': zhCN },
  lng: resolveLanguage('system', navigatorLanguages()),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: LANGUAGES.map((l) => l.id),
  // zh-CN is its own resource; do not also look for a bare "zh".
  load: 'currentOnly',
  ns: NAMESPACES,
  defaultNS: 'common',
  // Resources are in memory: init at once, so t() works on the first render with no Suspense.
  initAsync: false,
  // React escapes what it renders; escaping here too would show &amp; in file names.
  interpolation: { escapeValue: false },
  returnNull: false,
  react: { useSuspense: false },
  saveMissing: true,
  missingKeyHandler: (_lngs, ns, key) => {
    missing.add(`${ns}:${key}`);
  },
  parseMissingKeyHandler: (key) => (DEV ? `⟦${key}⟧` : key),
  appendNamespaceToMissingKey: true,
});

let pref: LanguagePref = 'system';

function apply(lang: Language): void {
  if (i18n.language !== lang) void i18n.changeLanguage(lang);
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

if (typeof window !== 'undefined') {
  // A system language change (OS settings, browser preferences) reaches a UI that follows the system.
  window.addEventListener('languagechange', () => {
    if (pref === 'system') apply(resolveLanguage('system', navigatorLanguages()));
  });
}
apply(i18n.language as Language);

/** Switch the UI's language; 'system' follows navigator.languages (and its later changes). */
export function setLanguage(next: LanguagePref | string): void {
  pref = isLanguage(next) ? next : 'system';
  apply(resolveLanguage(pref, navigatorLanguages()));
}

export function languagePref(): LanguagePref {
  return pref;
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
}

/** The current language; re-renders the caller when it changes. */
export function useLanguage(): Language {
  const { i18n: inst } = useTranslation();
  return isLanguage(inst.language) ? inst.language : DEFAULT_LANGUAGE;
}

/** A t whose bare keys are in N and which takes any other namespace's keys as 'ns:key'. */
export type T<N extends Namespace = 'common'> = TFunction<readonly [N, ...Namespace[]]>;

/** t for one namespace (keys from others as 'ns:key'); re-renders the caller when the language changes. */
export function useT<N extends Namespace>(ns: N): T<N> {
  return useTranslation(ns).t as unknown as T<N>;
}

export const t: T = i18n.t.bind(i18n) as unknown as T;

type When = number | Date;
export const formatDate = (when: When, opts?: Intl.DateTimeFormatOptions): string => formatDateIn(currentLanguage(), when, opts);
export const formatTime = (when: When, opts?: Intl.DateTimeFormatOptions): string => formatTimeIn(currentLanguage(), when, opts);
export const formatDateTime = (when: When, opts?: Intl.DateTimeFormatOptions): string => formatDateTimeIn(currentLanguage(), when, opts);
export const formatNumber = (n: number, opts?: Intl.NumberFormatOptions): string => formatNumberIn(currentLanguage(), n, opts);
export const formatBytes = (sizeBytes: number): string => formatBytesIn(currentLanguage(), sizeBytes);
export const formatSpan = (durationMs: number): string => formatSpanIn(currentLanguage(), durationMs);
/** The same instant in UTC as ISO 8601 without the T ("2024-01-02 03:04:05"), in every language: audit logs and
 * JumpServer's own metadata write UTC this way, so it can be compared character for character. */
export const formatUtc = (when: When): string => new Date(when).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
/** 2.5 -> "2.5 s" / "2.5 秒" (the unit is the translation's: English UI text here writes "5 s"). */
export const formatSeconds = (seconds: number, opts?: Intl.NumberFormatOptions): string =>
  t('common:seconds', { value: formatNumber(seconds, opts) });
/** 42 -> "42 %" / "42%" (the spacing is the translation's: English UI text here writes "100 %"). */
export const formatPercent = (percent: number, opts?: Intl.NumberFormatOptions): string =>
  t('common:percent', { value: formatNumber(percent, { maximumFractionDigits: 0, ...opts }) });
