import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DETECT_HEAD_BYTES, detectTerminalFormat, isGzip } from '../../../shared/formats/detect';
import { CORPUS_DIR, CORPUS_SKIP_REASON, corpusBytes, corpusFiles, corpusPresent, prng, utf8 } from './helpers';

const detect = (text: string | Uint8Array) => detectTerminalFormat(typeof text === 'string' ? utf8(text) : text);

describe('detectTerminalFormat: recognised content', () => {
  it('reads the version from a v2 and a v3 header line', () => {
    expect(detect('{"version": 2, "width": 80, "height": 24}\n[0.1, "o", "x"]\n')).toEqual({ ok: true, format: 'asciicast', version: 2 });
    expect(detect('{"version": 3, "term": {"cols": 80, "rows": 24}}\n')).toEqual({ ok: true, format: 'asciicast', version: 3 });
  });

  it('finds "version" wherever it is among the header keys', () => {
    expect(detect('{"width": 80, "env": {"version": 9}, "height": 24, "version": 2}\n')).toEqual({ ok: true, format: 'asciicast', version: 2 });
  });

  it('decides from a head that ends inside a long first line', () => {
    const longEnv = 'x'.repeat(200_000);
    const head = utf8(`{"version": 2, "width": 80, "height": 24, "env": {"A": "${longEnv}"}}\n`).subarray(0, DETECT_HEAD_BYTES);
    expect(detectTerminalFormat(head)).toEqual({ ok: true, format: 'asciicast', version: 2 });
    expect(detect('{"version": 3')).toEqual({ ok: false, reason: expect.stringContaining('no "version"') });
    expect(detect('{"version": 3,')).toEqual({ ok: true, format: 'asciicast', version: 3 });
  });

  it('recognises a pretty-printed v1 document, keys in any order, even with "stdout" first', () => {
    expect(detect('{\n  "version": 1,\n  "width": 80,\n  "stdout": []\n}')).toEqual({ ok: true, format: 'asciicast', version: 1 });
    expect(detect('{\n  "width": 80,\n  "height": 24,\n  "version": 1\n}')).toEqual({ ok: true, format: 'asciicast', version: 1 });
    const stdoutFirst = `{"stdout": [${Array.from({ length: 5000 }, () => '[0.1, "abcdefghij"]').join(',')}], "version": 1}`;
    expect(detectTerminalFormat(utf8(stdoutFirst).subarray(0, 4096))).toEqual({ ok: true, format: 'asciicast', version: 1 });
  });

  it('recognises koko by its numeric seconds keys', () => {
    expect(detect('{"0.123456":"$ ","1.500000":"ls\\r\\n"}')).toEqual({ ok: true, format: 'koko' });
    expect(detect('{"10.5": "b", "2.3": "a"}')).toEqual({ ok: true, format: 'koko' });
  });

  it('skips a UTF-8 BOM and leading whitespace', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('\r\n  \t{"version": 2, "width": 1, "height": 1}\n')]);
    expect(detectTerminalFormat(bom)).toEqual({ ok: true, format: 'asciicast', version: 2 });
  });

  it.skipIf(!corpusPresent)('recognises every corpus file by content', () => {
    const expected: Record<string, number> = { '01': 1, '02': 2, '03': 2, '04': 3, '05': 3, '06': 2, '07': 3, '08': 2, '09': 3, '10': 2 };
    for (const [prefix, version] of Object.entries(expected)) {
      const name = corpusFiles().find((n) => n.startsWith(prefix));
      expect(name, `corpus file ${prefix}-*`).toBeDefined();
      const head = corpusBytes(name as string).subarray(0, DETECT_HEAD_BYTES);
      expect(detectTerminalFormat(head), name).toEqual({ ok: true, format: 'asciicast', version });
    }
  });

  it.skipIf(!corpusPresent)('sees the gzip magic on a compressed corpus file', () => {
    const raw = new Uint8Array(readFileSync(resolve(CORPUS_DIR, '10-v2-welcome-bash-output-only.cast.gz')));
    expect(isGzip(raw)).toBe(true);
    expect(detectTerminalFormat(raw)).toEqual({ ok: false, reason: expect.stringContaining('1f 8b') });
  });
});

describe('detectTerminalFormat: everything else, with a specific reason', () => {
  it('says "empty" for no bytes and names whitespace-only input', () => {
    expect(detect('')).toEqual({ ok: false, reason: 'empty' });
    expect(detect('  \n\t ')).toEqual({ ok: false, reason: 'holds only whitespace' });
  });

  it('names well-known binary formats by their magic bytes', () => {
    expect(detect(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]))).toEqual({
      ok: false,
      reason: 'starts with bytes 50 4b 03 04 (a ZIP archive)',
    });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expect(detect(png)).toEqual({ ok: false, reason: 'starts with bytes 89 50 4e 47 (a PNG image)' });
    expect(detect(utf8('%PDF-1.7\n'))).toEqual({ ok: false, reason: expect.stringContaining('(a PDF document)') });
  });

  it('quotes text that is not JSON', () => {
    expect(detect('Script started on 2024-01-01\n')).toEqual({ ok: false, reason: 'starts with text "Script started on 2024-0"' });
    expect(detect('[0.1, "o", "x"]\n')).toEqual({ ok: false, reason: expect.stringContaining('starts with text "[0.1') });
  });

  it('says when the first line is JSON without a version', () => {
    expect(detect('{"width": 80, "height": 24}\n[0.1, "o", "x"]\n')).toEqual({ ok: false, reason: 'first line is JSON but has no "version" field' });
    expect(detect('{\n"width": 80\n}\n')).toEqual({ ok: false, reason: expect.stringContaining('without a "version" field') });
  });

  it('rejects versions it does not read and multi-line v2/v3 headers', () => {
    expect(detect('{"version": 4, "width": 80}\n')).toEqual({ ok: false, reason: expect.stringContaining('"version": 4') });
    expect(detect('{"version": "2"}\n')).toEqual({ ok: false, reason: expect.stringContaining('"version": "2"') });
    expect(detect('{\n  "version": 2,\n  "width": 80,\n  "height": 24\n}\n')).toEqual({
      ok: false,
      reason: expect.stringContaining('must be one line'),
    });
  });

  it('reports where a brace-started head stops being JSON', () => {
    expect(detect('{version: 2}\n')).toEqual({ ok: false, reason: expect.stringMatching(/not JSON: .*at byte 1$/) });
  });

  it('never throws on random bytes', () => {
    const rnd = prng(7);
    for (let k = 0; k < 300; k++) {
      const bytes = new Uint8Array(1 + Math.floor(rnd() * 300)).map(() => Math.floor(rnd() * 256));
      if (k % 3 === 0) bytes[0] = 0x7b; // make some of them look like JSON objects at first glance
      const d = detectTerminalFormat(bytes);
      if (!d.ok) expect(d.reason.length).toBeGreaterThan(3);
    }
  });
});

if (!corpusPresent) it.skip(`corpus detection tests: ${CORPUS_SKIP_REASON}`, () => {});

