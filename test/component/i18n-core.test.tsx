/** The i18n module itself: switching, missing keys, Intl formatting in the current language. */
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { clearMissingKeys, currentLanguage, formatBytes, formatDateTime, formatNumber, formatSpan, missingKeys, setLanguage, t, useT } from '../../renderer/i18n';
import { render } from './helpers';

afterEach(() => {
  act(() => setLanguage('en'));
  clearMissingKeys();
});

function Probe() {
  const tc = useT('common');
  return <span data-testid="probe">{tc('close')}</span>;
}

describe('i18n', () => {
  it('re-renders components in the new language when it is switched', async () => {
    setLanguage('en');
    const r = await render(<Probe />);
    expect(r.container.textContent).toBe('Close');
    act(() => setLanguage('zh-CN'));
    expect(r.container.textContent).toBe('关闭');
    expect(document.documentElement.lang).toBe('zh-CN');
    r.unmount();
  });

  it("'system' follows navigator.languages; an unknown value falls back to it too", () => {
    const langs = navigator.languages;
    setLanguage('system');
    expect(currentLanguage()).toBe(langs.some((l) => l.startsWith('zh')) ? 'zh-CN' : 'en');
    setLanguage('klingon');
    expect(currentLanguage()).toBe(langs.some((l) => l.startsWith('zh')) ? 'zh-CN' : 'en');
  });

  it('shows a missing key visibly and records it, without throwing', () => {
    // Typed keys make this a compile error; a cast stands in for a key computed at run time.
    const shown = t('common:noSuchKey' as 'common:close');
    expect(shown).toBe('⟦common:noSuchKey⟧');
    expect(missingKeys()).toContain('common:noSuchKey');
  });

  it('formats numbers, dates, sizes and spans in the current language', () => {
    const when = Date.UTC(2024, 4, 1, 14, 3, 22);
    setLanguage('en');
    expect(formatNumber(1234567.5)).toBe('1,234,567.5');
    expect(formatDateTime(when, { timeZone: 'UTC' })).toBe('May 1, 2024, 14:03:22');
    expect(formatBytes(1536)).toBe('1.5 kB');
    expect(formatBytes(3)).toBe('3 bytes');
    expect(formatSpan(3_725_000)).toBe('1 hr 2 min');
    setLanguage('zh-CN');
    expect(formatDateTime(when, { timeZone: 'UTC' })).toBe('2024年5月1日 14:03:22');
    expect(formatBytes(3)).toBe('3字节');
    expect(formatSpan(3_725_000)).toBe('1小时2分钟');
    expect(formatSpan(0)).toBe('0秒');
  });
});
