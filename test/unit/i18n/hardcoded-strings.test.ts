/** No UI text is written straight into the renderer's JSX: it goes through t() (renderer/i18n). */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanSource } from './hardcoded-scan';

const root = join(import.meta.dirname, '../../..');

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsxFiles(join(dir, e.name)) : e.name.endsWith('.tsx') ? [join(dir, e.name)] : [],
  );
}

describe('hard-coded UI strings', () => {
  it('finds text, string children and visible attributes, and lets symbols, numbers and keys pass', () => {
    const src = `
      const LABEL = { a: 'Light theme' };
      export const X = ({ on, mode }) => (
        <div title="Open recordings" className="not-text" data-testid="open">
          Skip idle
          {'Loading…'}
          {on ? 'On' : '100 %'}
          <span aria-label={on ? t('pause') : 'Play'}>·</span>
          <b title={\`Skip \${n} s\`} aria-label={LABEL[mode]}>{t('skip', { n: 3 })}</b>
          <i title={mode === 'fit' ? t('fitted') : t('actual')}>{' '}/{formatNumber(3)}</i>
          <p>Trailview</p>
        </div>
      );`;
    const found = scanSource('x.tsx', src).map((f) => `${f.where}:${f.text}`);
    expect(found.sort()).toEqual(['child:Loading…', 'child:On', 'aria-label:Play', 'text:Skip idle', 'title:Open recordings', 'title:Skip', 'title:s'].sort());
  });

  it('renderer JSX has none', () => {
    const files = tsxFiles(join(root, 'renderer'));
    expect(files.length).toBeGreaterThan(10);
    const problems = files.flatMap((f) =>
      scanSource(f, readFileSync(f, 'utf8')).map((x) => `${relative(root, f)}:${x.line} ${x.where}: ${JSON.stringify(x.text)}`),
    );
    expect(problems, 'put these through t() from renderer/i18n (keys in renderer/i18n/locales/*/<ns>.json)').toEqual([]);
  });
});
