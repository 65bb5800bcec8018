/**
 * Detection by content: real guacd dumps (plain, gunzipped, cut anywhere after the first opcode) say
 * yes; asciicast recordings, gzip bytes, text and random bytes say no, with a reason naming the place.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectGuacamole } from '../../../../shared/formats/guacamole/detect';
import { DETECT_HEAD_BYTES, detectTerminalFormat } from '../../../../shared/formats/detect';
import { ASCIICAST_CORPUS_DIR, GUAC_CORPUS_DIR, GUAC_CORPUS_SKIP_REASON, guacCorpusBytes, guacCorpusFiles, guacCorpusPresent, prng, utf8 } from './helpers';

const head = (bytes: Uint8Array) => bytes.subarray(0, DETECT_HEAD_BYTES);

describe.skipIf(!guacCorpusPresent)(guacCorpusPresent ? 'corpus files' : GUAC_CORPUS_SKIP_REASON, () => {
  it('every dump, and the gunzipped .replay.gz, is Guacamole; the terminal detector says no to them', () => {
    for (const name of [...guacCorpusFiles(), 'guacd160-vnc-xterm-keys.replay.gz']) {
      const bytes = guacCorpusBytes(name);
      expect(detectGuacamole(head(bytes)), name).toEqual({ ok: true, format: 'guacamole' });
      expect(detectTerminalFormat(head(bytes)).ok, name).toBe(false);
    }
  });

  it('the .replay.gz as stored (compressed) is not', () => {
    const raw = new Uint8Array(readFileSync(resolve(GUAC_CORPUS_DIR, 'guacd160-vnc-xterm-keys.replay.gz')));
    expect(detectGuacamole(raw)).toEqual({ ok: false, reason: expect.stringMatching(/^starts with bytes 1f 8b: gzip/) });
  });

  it('a head cut anywhere after the first opcode is still a dump', () => {
    const bytes = guacCorpusBytes('guacd160-ssh-unicode-name.guac');
    for (let cut = 7; cut < 3000; cut++) expect(detectGuacamole(bytes.subarray(0, cut)), `cut at ${cut}`).toEqual({ ok: true, format: 'guacamole' });
    expect(detectGuacamole(bytes.subarray(0, 4))).toMatchObject({ ok: false, reason: 'ends inside the opcode of the first instruction (byte 0)' });
  });

  it('asciicast recordings (and the READMEs) are not', () => {
    const dir = ASCIICAST_CORPUS_DIR;
    const names = readdirSync(dir).filter((f) => f !== 'README.md');
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) {
      const raw = new Uint8Array(readFileSync(resolve(dir, name)));
      const bytes = name.endsWith('.gz') ? new Uint8Array(gunzipSync(raw)) : raw;
      const got = detectGuacamole(head(bytes));
      expect(got.ok, name).toBe(false);
      if (bytes[0] === 0x7b) expect(got, name).toMatchObject({ reason: "starts with '{' at byte 0 (JSON, such as an asciicast recording), not the length of a Guacamole instruction" });
    }
    expect(detectGuacamole(new Uint8Array(readFileSync(resolve(GUAC_CORPUS_DIR, 'README.md')))).ok).toBe(false);
    expect(detectGuacamole(new Uint8Array(readFileSync(resolve(GUAC_CORPUS_DIR, 'guacd160-vnc-xterm-keys.guaclog.txt')))).ok).toBe(false);
  });
});

describe('synthetic heads', () => {
  const no = (text: string) => detectGuacamole(utf8(text));

  it('says yes after a BOM and whitespace, and for a head cut inside a later instruction', () => {
    expect(no('\ufeff\r\n 4.size,1.0,4.1024,3.768;4.sync,1.0;').ok).toBe(true);
    expect(no('4.size,1.0,4.10').ok).toBe(true);
    expect(no('4.name,12.Tést 😀 title;').ok).toBe(true);
  });

  it('gives the reason and the place', () => {
    expect(no('')).toEqual({ ok: false, reason: 'is empty' });
    expect(no(' \n ')).toEqual({ ok: false, reason: 'holds only whitespace' });
    expect(no('3.foo,1.a;')).toEqual({ ok: false, reason: 'the first instruction\'s opcode "foo" (byte 2) is not a Guacamole opcode' });
    expect(no('4.size,1.0x')).toEqual({ ok: false, reason: "element 1 of the first instruction (length 1 at byte 7) is followed by 'x' at byte 10, not ',' or ';'" });
    expect(no('4size')).toEqual({ ok: false, reason: "the length of the opcode of the first instruction is followed by 's' at byte 1, not '.'" });
    expect(no('4.sync,1.0;4.sync,x')).toEqual({ ok: false, reason: "element 1 of the instruction at byte 11 has no length: found 'x' at byte 18" });
    expect(no('12345678901.sync;')).toMatchObject({ ok: false, reason: 'the opcode of the first instruction has a 11-digit length at byte 0' });
    expect(no('hello world')).toEqual({ ok: false, reason: "starts with 'h' at byte 0, not the length of a Guacamole instruction" });
    expect(no('4.name,13.Tést 😀 title;4.sync,1.0;')).toEqual({ ok: false, reason: "element 1 of the first instruction (length 13 at byte 7) is followed by '4' at byte 27, not ',' or ';'" });
  });

  it('random bytes and random text are not dumps', () => {
    const rnd = prng(99);
    for (let k = 0; k < 2000; k++) {
      const bytes = new Uint8Array(64 + Math.floor(rnd() * 2000)).map(() => Math.floor(rnd() * 256));
      expect(detectGuacamole(bytes).ok).toBe(false);
      const text = Array.from({ length: 200 }, () => '0123456789.,;abcdefghijklmnopqrstuvwxyz '[Math.floor(rnd() * 41)]).join('');
      expect(detectGuacamole(utf8(text)).ok, text).toBe(false);
    }
  });
});
