/**
 * The translations are complete and consistent: every namespace file is bundled, English and Simplified
 * Chinese hold the same keys (plural forms as each language needs them), the same {{variables}}, and the
 * Chinese is Chinese. Covers namespaces others add later: it reads the locale folders from disk.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en, zhCN } from '../../../renderer/i18n/resources';
import { LANGUAGES } from '../../../renderer/i18n/language';

const dir = join(import.meta.dirname, '../../../renderer/i18n/locales');
const langs = LANGUAGES.map((l) => l.id);
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Values that read the same in both languages: names, symbols, units. Add to it only for such values. */
const SAME_IN_ALL = new Set(['Trailview', 'SHA-256', 'TERM', 'Shell', '{{speed}}x', '{{time}} UTC']);

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

function load(lang: string, ns: string): Map<string, string> {
  return flatten(JSON.parse(readFileSync(join(dir, lang, `${ns}.json`), 'utf8')) as Tree);
}

/** Interpolation variables ({{name}} or {{name, format}}) and nested keys ($t(key)). */
function variables(text: string): string[] {
  const vars = [...text.matchAll(/\{\{\s*([^,}\s]+)[^}]*\}\}/g)].map((m) => m[1]!);
  const nested = [...text.matchAll(/\$t\(([^),]+)/g)].map((m) => `$t:${m[1]}`);
  return [...vars, ...nested];
}

/** key without plural suffix -> { forms present, variables used in any form, values }. */
function byBase(keys: Map<string, string>): Map<string, { forms: Set<string>; vars: Set<string>; values: string[] }> {
  const out = new Map<string, { forms: Set<string>; vars: Set<string>; values: string[] }>();
  for (const [key, value] of keys) {
    const m = PLURAL.exec(key);
    const base = m ? key.slice(0, m.index) : key;
    const e = out.get(base) ?? { forms: new Set<string>(), vars: new Set<string>(), values: [] };
    if (m) e.forms.add(m[1]!);
    variables(value).forEach((v) => e.vars.add(v));
    e.values.push(value);
    out.set(base, e);
  }
  return out;
}

const namespacesOnDisk = (lang: string): string[] =>
  readdirSync(join(dir, lang))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();

describe('translations', () => {
  it('bundles every namespace file there is, the same set in every language', () => {
    for (const lang of langs) expect(namespacesOnDisk(lang), `locales/${lang}`).toEqual(Object.keys(en).sort());
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(en).length).toBeGreaterThanOrEqual(10);
  });

  for (const ns of namespacesOnDisk('en')) {
    describe(ns, () => {
      const per = Object.fromEntries(langs.map((l) => [l, byBase(load(l, ns))]));
      const enKeys = per.en!;
      const zhKeys = per['zh-CN']!;

      it('has the same keys in every language', () => {
        expect([...zhKeys.keys()].sort(), `keys of zh-CN/${ns}.json vs en/${ns}.json`).toEqual([...enKeys.keys()].sort());
      });

      it('has each plural form the language needs, and a count for it', () => {
        for (const lang of langs) {
          const needed = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
          for (const [base, e] of per[lang]!) {
            const plural = e.forms.size > 0 || [...langs].some((l) => (per[l]!.get(base)?.forms.size ?? 0) > 0);
            if (!plural) continue;
            for (const form of needed) expect(e.forms.has(form), `${lang}/${ns}.json: ${base}_${form}`).toBe(true);
            expect(e.vars.has('count'), `${lang}/${ns}.json: ${base} is plural but never shows {{count}}`).toBe(true);
          }
        }
      });

      it('uses the same variables in every language', () => {
        for (const [base, e] of enKeys) {
          const zh = zhKeys.get(base);
          if (!zh) continue;
          expect([...zh.vars].sort(), `${ns}:${base}`).toEqual([...e.vars].sort());
        }
      });

      it('has no empty text, and the Chinese is Chinese', () => {
        for (const lang of langs) for (const [base, e] of per[lang]!) for (const v of e.values) expect(v.trim(), `${lang}/${ns}.json: ${base}`).not.toBe('');
        for (const [base, e] of zhKeys) {
          for (const v of e.values) {
            const hasLetters = /\p{L}/u.test(v.replace(/\{\{[^}]*\}\}/g, ''));
            if (!hasLetters || SAME_IN_ALL.has(v)) continue;
            expect(/\p{Script=Han}/u.test(v), `zh-CN/${ns}.json: ${base} = ${JSON.stringify(v)} has no Chinese`).toBe(true);
          }
        }
      });
    });
  }
});

describe('the checks themselves', () => {
  it('see plural forms and variables', () => {
    const m = byBase(new Map([['n_one', '{{count, number}} file'], ['n_other', '{{count}} files in {{dir}}'], ['t', '$t(common:close) now']]));
    expect([...m.get('n')!.forms].sort()).toEqual(['one', 'other']);
    expect([...m.get('n')!.vars].sort()).toEqual(['count', 'dir']);
    expect([...m.get('t')!.vars]).toEqual(['$t:common:close']);
  });
});
