import { describe, expect, it, vi } from 'vitest';
import { createElectronApi, createWebApi, takeToken, type PreloadBridge } from '../../renderer/api';

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('takeToken', () => {
  it('reads ?token=, keeps it for the tab and removes it from the visible URL', () => {
    const storage = new Map<string, string>();
    const store = { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) } as Storage;
    const replaced: string[] = [];
    const history = { state: null, replaceState: (_s: unknown, _t: string, url: string) => void replaced.push(url) } as unknown as History;
    const loc = { search: '?token=s3cret&x=1', pathname: '/', hash: '#h' } as Location;
    expect(takeToken(loc, history, store)).toBe('s3cret');
    expect(storage.get('trailview.token')).toBe('s3cret');
    expect(replaced).toEqual(['/?x=1#h']);
    // A reload has no token in the URL any more: it comes from session storage.
    expect(takeToken({ search: '', pathname: '/', hash: '' } as Location, history, store)).toBe('s3cret');
    expect(replaced).toHaveLength(1);
  });
});

describe('web api', () => {
  it('POSTs each method as JSON with the token header and returns the envelope', async () => {
    const fetchImpl = vi.fn(async () => jsonResponse({ ok: true, value: { cancelled: true } }));
    const api = createWebApi({ token: 'tok', fetchImpl: fetchImpl as unknown as typeof fetch });
    expect(api.mode).toBe('web');
    expect(api.canShowOpenDialog).toBe(false);
    const r = await api.call('cancel', { id: 'abc' });
    expect(r).toEqual({ ok: true, value: { cancelled: true } });
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/cancel');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['X-Trailview-Token']).toBe('tok');
    expect(JSON.parse(init.body as string)).toEqual({ id: 'abc' });
  });

  it('passes error envelopes through, whatever the HTTP status', async () => {
    const fetchImpl = async () => jsonResponse({ ok: false, error: { code: 'NOT_FOUND', message: 'no recording abc' } }, 404);
    const api = createWebApi({ token: 't', fetchImpl: fetchImpl as unknown as typeof fetch });
    expect(await api.call('summary', { id: 'abc' })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'no recording abc' } });
  });

  it('turns network failures and non-JSON replies into INTERNAL "lost connection" errors', async () => {
    const down = createWebApi({ token: 't', fetchImpl: (async () => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof fetch });
    const r = await down.call('library', {});
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INTERNAL');
      expect(r.error.message).toBe('lost connection to the Trailview host: Failed to fetch');
    }
    const html = createWebApi({ token: 't', fetchImpl: (async () => new Response('<html>', { status: 502 })) as unknown as typeof fetch });
    const r2 = await html.call('library', {});
    expect(!r2.ok && r2.error.message.startsWith('lost connection to the Trailview host: library answered HTTP 502')).toBe(true);
  });

  it('uploads dropped files with PUT, then opens each upload', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const fetchImpl = async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      if (url.startsWith('/api/upload')) return jsonResponse({ ok: true, value: { uploadId: `u${seen.length}` } });
      return jsonResponse({ ok: true, value: { id: 'rec', fileName: 'x' } });
    };
    const api = createWebApi({ token: 'tok', fetchImpl: fetchImpl as unknown as typeof fetch });
    const file = new File(['{"version":2}'], 'my session.cast');
    const results = await api.openFiles([file]);
    expect(results).toHaveLength(1);
    expect(results[0]!.ok).toBe(true);
    expect(seen[0]!.url).toBe('/api/upload?name=my%20session.cast');
    expect(seen[0]!.init.method).toBe('PUT');
    expect(seen[0]!.init.body).toBe(file);
    expect((seen[0]!.init.headers as Record<string, string>)['X-Trailview-Token']).toBe('tok');
    expect(seen[1]!.url).toBe('/api/open');
    expect(JSON.parse(seen[1]!.init.body as string)).toEqual({ source: { kind: 'upload', uploadId: 'u1' } });
  });

  it('delivers server-sent events to subscribers until they unsubscribe', () => {
    const sources: { url: string; onmessage: ((m: MessageEvent) => void) | null }[] = [];
    class FakeES {
      onmessage: ((m: MessageEvent) => void) | null = null;
      constructor(public url: string) {
        sources.push(this);
      }
    }
    const api = createWebApi({ token: 'a b', fetchImpl: vi.fn() as unknown as typeof fetch, eventSourceImpl: FakeES as unknown as typeof EventSource });
    const got: unknown[] = [];
    const off = api.on('progress', (p) => got.push(p));
    api.on('summary', () => got.push('summary?'));
    expect(sources).toHaveLength(1);
    expect(sources[0]!.url).toBe('/api/events?token=a%20b');
    const payload = { id: 'r', progress: 0.5, indexedUntilMs: 10, durationMs: 20 };
    sources[0]!.onmessage!(new MessageEvent('message', { data: JSON.stringify({ event: 'progress', payload }) }));
    expect(got).toEqual([payload]);
    off();
    sources[0]!.onmessage!(new MessageEvent('message', { data: JSON.stringify({ event: 'progress', payload }) }));
    expect(got).toEqual([payload]);
  });
});

describe('electron api', () => {
  function bridge(over: Partial<PreloadBridge> = {}): PreloadBridge {
    return {
      invoke: vi.fn(async (method: string) => ({ ok: true as const, value: { method } })),
      on: vi.fn(() => () => undefined),
      pathForFile: vi.fn((f: File) => `/home/u/${f.name}`),
      ...over,
    };
  }

  it('invokes through the preload and opens dropped files by path', async () => {
    const b = bridge();
    const api = createElectronApi(b);
    expect(api.mode).toBe('electron');
    expect(api.canShowOpenDialog).toBe(true);
    await api.openFiles([new File(['x'], 'a.cast')]);
    expect(b.invoke).toHaveBeenCalledWith('open', { source: { kind: 'path', path: '/home/u/a.cast' } });
  });

  it('reports a file without a path, and a failing bridge, as values', async () => {
    const api = createElectronApi(bridge({ pathForFile: () => '', invoke: async () => Promise.reject(new Error('ipc closed')) }));
    const [r] = await api.openFiles([new File(['x'], 'virtual.cast')]);
    expect(r!.ok).toBe(false);
    const c = await api.call('library', {});
    expect(!c.ok && c.error.code === 'INTERNAL' && c.error.message.includes('ipc closed')).toBe(true);
  });
});
