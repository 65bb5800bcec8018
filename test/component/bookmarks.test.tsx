/**
 * Bookmarks in the App (fake host keeping them like the real one): B adds one at the current time and
 * opens its note focused; Enter keeps the note, Esc leaves it; edit, delete, click seeks; a new App on
 * the same host finds them; a host error is shown, not swallowed.
 */
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bookmark } from '../../shared/model';
import { renderApp, typeInto, type AppHarness } from './app-harness';
import { buildRecording, createFakeApi, type FakeRecording } from './fake-api';
import { $, press, waitFor } from './helpers';

const rec = (): FakeRecording =>
  buildRecording({
    id: 'bmrk',
    fileName: 'bookmarks.cast',
    events: [
      [0, 'o', 'start\r\n'],
      [30, 'm', 'half way'],
      [60, 'o', 'end\r\n'],
    ],
  });

let app: AppHarness | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

const rows = (h: AppHarness) => [...h.container.querySelectorAll<HTMLElement>('[data-testid="bookmark-row"]')];
const stored = async (h: AppHarness): Promise<Bookmark[]> => {
  const r = await h.api.call('bookmarks', { id: 'bmrk' });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

/** Polls the host's stored list until `ok` holds (waitFor takes sync checks only). */
async function untilStored(h: AppHarness, ok: (list: Bookmark[]) => boolean, what: string): Promise<void> {
  const started = Date.now();
  for (;;) {
    const list = await stored(h);
    if (ok(list)) return;
    if (Date.now() - started > 3000) throw new Error(`${what}: stored ${JSON.stringify(list)}`);
    await act(async () => new Promise((r) => setTimeout(r, 5)));
  }
}

async function ready(h: AppHarness): Promise<void> {
  await waitFor(() => h.player().dataset.state === 'ready' && h.player().dataset.seeking === 'false', 'player ready');
}

describe('bookmarks', () => {
  it('B adds one at the current time with its note focused; Enter keeps the note', async () => {
    app = await renderApp([rec()]);
    await ready(app);
    await press('l');
    await app.waitForTime(10_000);
    await press('b');
    const input = await waitFor(() => app!.container.querySelector<HTMLInputElement>('[data-testid="bookmark-note-input"]'), 'note field');
    expect(document.activeElement).toBe(input);
    expect($(app.container, '[data-testid="tab-bookmarks"]').getAttribute('aria-selected')).toBe('true');
    // Saved at once, before any note: the moment is never lost.
    expect((await stored(app)).map((b) => b.timeMs)).toEqual([10_000]);

    // Keys typed in the note are text, not shortcuts.
    await press('l', {}, input);
    expect(app.timeMs()).toBe(10_000);
    await act(async () => typeInto(input, 'root shell opened'));
    await press('Enter', {}, input);
    await waitFor(() => !app!.container.querySelector('[data-testid="bookmark-note-input"]'), 'editor closed');
    await untilStored(app, (l) => l[0]?.note === 'root shell opened', 'note stored');
    expect(rows(app)[0]!.textContent).toContain('root shell opened');
    expect(rows(app)[0]!.textContent).toContain('0:10');
    // The lane shows it at 10 s of 60 s.
    const flag = $(app.container, '[data-testid="tl-glyph"][data-kind="bookmark"]');
    expect(Number.parseFloat(flag.style.left)).toBeCloseTo((10 / 60) * 100, 2);
  });

  it('gives the note field at once, before the host has answered, and keeps what was typed in it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    app = await renderApp([rec()], {
      patch: (a) => {
        const call = a.call.bind(a);
        a.call = (async (method: string, req: unknown) => {
          if (method === 'bookmarkSave') await gate;
          return call(method as never, req as never);
        }) as typeof a.call;
      },
    });
    await ready(app);
    await press('b');
    // No waiting: the field is there and focused while the save is still on its way.
    const input = app.container.querySelector<HTMLInputElement>('[data-testid="bookmark-note-input"]');
    expect(input).not.toBeNull();
    expect(document.activeElement).toBe(input);
    await act(async () => typeInto(input!, 'typed early'));
    await press('Enter', {}, input!);
    expect(await stored(app)).toEqual([]);
    release();
    await untilStored(app, (l) => l.length === 1 && l[0]!.note === 'typed early' && l[0]!.timeMs === 0, 'draft stored with its note');
    await waitFor(() => rows(app!).length === 1 && /typed early/.test(rows(app!)[0]!.textContent ?? ''), 'one row with the note');
  });

  it('Esc leaves the note as it was; edit changes it; click and Enter seek; Delete removes', async () => {
    app = await renderApp([rec()]);
    await ready(app);
    await press('5'); // 30 s
    await app.waitForTime(30_000);
    await press('b');
    let input = await waitFor(() => app!.container.querySelector<HTMLInputElement>('[data-testid="bookmark-note-input"]'));
    await act(async () => typeInto(input, 'thrown away'));
    await press('Escape', {}, input);
    await waitFor(() => !app!.container.querySelector('[data-testid="bookmark-note-input"]'));
    expect((await stored(app))[0]!.note).toBe('');
    expect(rows(app)[0]!.querySelector('[data-testid="bookmark-note"]')?.textContent).toBe('no note');

    await act(async () => rows(app!)[0]!.querySelector<HTMLElement>('[data-testid="bookmark-edit"]')!.click());
    input = await waitFor(() => app!.container.querySelector<HTMLInputElement>('[data-testid="bookmark-note-input"]'));
    expect(document.activeElement).toBe(input);
    await act(async () => typeInto(input, 'marker reached'));
    await press('Enter', {}, input);
    await untilStored(app, (l) => l[0]?.note === 'marker reached', 'edited note stored');

    await press('0');
    await app.waitForTime(0);
    await act(async () => rows(app!)[0]!.querySelector<HTMLElement>('[data-row]')!.click());
    await app.waitForTime(30_000);

    const row = rows(app)[0]!.querySelector<HTMLElement>('[data-row]')!;
    row.focus();
    await press('Delete', {}, row);
    await waitFor(() => rows(app!).length === 0, 'row gone');
    expect(await stored(app)).toEqual([]);
    expect(app.container.querySelector('[data-testid="tl-glyph"][data-kind="bookmark"]')).toBeNull();
  });

  it('lists several in time order and a new window on the same host finds them', async () => {
    const api = createFakeApi([rec()]);
    await api.call('bookmarkSave', { id: 'bmrk', bookmark: { timeMs: 50_000, note: 'late' } });
    await api.call('bookmarkSave', { id: 'bmrk', bookmark: { timeMs: 5_000, note: 'early' } });
    app = await renderApp([], { patch: (a) => Object.assign(a, { call: api.call, recordings: api.recordings }) });
    await ready(app);
    await act(async () => $(app!.container, '[data-testid="tab-bookmarks"]').click());
    await waitFor(() => rows(app!).length === 2, 'two bookmarks');
    expect(rows(app).map((r) => r.querySelector('[data-testid="bookmark-note"]')?.textContent)).toEqual(['early', 'late']);
  });

  it('shows the host refusing to read the bookmarks', async () => {
    app = await renderApp([rec()], {
      patch: (a) => {
        const call = a.call.bind(a);
        a.call = (async (method: string, req: unknown) =>
          method === 'bookmarks'
            ? { ok: false, error: { code: 'CORRUPT', message: 'The bookmarks file bookmarks/x.json in the data folder is not valid JSON' } }
            : call(method as never, req as never)) as typeof a.call;
      },
    });
    await ready(app);
    await act(async () => $(app!.container, '[data-testid="tab-bookmarks"]').click());
    await waitFor(() => /not valid JSON/.test(app!.container.querySelector('[data-testid="bookmarks-panel"]')?.textContent ?? ''), 'error shown');
  });
});
