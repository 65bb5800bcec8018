/** Which languages the UI speaks, and which one "system" means on this machine. Pure (reads navigator if given). */

export const LANGUAGES = [
  // Each language is named in itself: someone who cannot read the current UI must still find their own.
  { id: 'en', nativeName: 'English' },
  { id: 'zh-CN', nativeName: '简体中文' },
] as const;

export type Language = (typeof LANGUAGES)[number]['id'];
/** What the settings store: a language, or 'system' (follow the OS / browser). */
export type LanguagePref = Language | 'system';

export const DEFAULT_LANGUAGE: Language = 'en';

export function isLanguage(v: unknown): v is Language {
  return LANGUAGES.some((l) => l.id === v);
}

/**
 * The first of the system's preferred languages that we have. Any Chinese tag counts as Simplified
 * Chinese (we ship no Traditional: 简体 is closer for a zh-TW reader than English is).
 */
export function systemLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
  }
  return DEFAULT_LANGUAGE;
}

export function resolveLanguage(pref: LanguagePref | string | undefined, preferred: readonly string[]): Language {
  if (isLanguage(pref)) return pref;
  return systemLanguage(preferred);
}

/** navigator.languages, or [] where there is no navigator (Node tests). */
export function navigatorLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  if (navigator.languages?.length) return navigator.languages;
  return navigator.language ? [navigator.language] : [];
}
