/**
 * Malformed dumps: every kind of damage gives one warning with the stream offset of the bad
 * instruction (or of the garbage), a message naming what and where, and parsing goes on with the
 * next good instruction. Expected offsets are counted by hand from the inputs.
 */
import { describe, expect, it } from 'vitest';
import { createGuacParser } from '../../../../shared/formats/guacamole/parser';
import type { Warning } from '../../../../shared/model';
import { runGuacText, utf8 } from './helpers';

const summary = (text: string, opts?: { maxElementCodePoints?: number; maxWarnings?: number }) => {
  const run = runGuacText(text, opts);
  return { instructions: run.instructions.map((i) => `${i.offsetBytes}:${i.opcode}(${i.args.join('|')})`), warnings: run.warnings };
};

describe('bad instructions', () => {
  it('a length with a non-digit', () => {
    const got = summary('4.sync,1.0;4.sync,1x5;4.sync,1.2;');
    expect(got.instructions).toEqual(['0:sync(0)', '22:sync(2)']);
    expect(got.warnings).toMatchObject([{ code: 'BAD_INSTRUCTION', offsetBytes: 11 }]);
    expect(got.warnings[0]!.message).toMatch(/^byte 19: .*element 1 of 'sync' at byte 11.*'x'.*resumed .*byte 22/);
  });

  it("a length without its '.'", () => {
    const got = summary('4.sync,1.0;4sync,1.1;4.sync,1.2;');
    expect(got.instructions).toEqual(['0:sync(0)', '21:sync(2)']);
    expect(got.warnings).toMatchObject([{ code: 'BAD_INSTRUCTION', offsetBytes: 11 }]);
    expect(got.warnings[0]!.message).toMatch(/^byte 12: the length of the opcode .*not followed by '\.'.*'s'/);
  });

  it('an element without a length', () => {
    const got = summary('4.sync,.5;4.sync,1.2;');
    expect(got.instructions).toEqual(['10:sync(2)']);
    expect(got.warnings).toMatchObject([{ code: 'BAD_INSTRUCTION', offsetBytes: 0 }]);
    expect(got.warnings[0]!.message).toMatch(/^byte 7: expected the length of element 1 of 'sync'.*'\.'/);
  });

  it('a value followed by something other than , or ;', () => {
    const got = summary('4.sync,1.0;4.sync,1.12;4.sync,1.3;');
    expect(got.instructions).toEqual(['0:sync(0)', '23:sync(3)']);
    expect(got.warnings).toMatchObject([{ code: 'BAD_INSTRUCTION', offsetBytes: 11 }]);
    expect(got.warnings[0]!.message).toMatch(/^byte 21: element 1 of 'sync' at byte 11 \(declared length 1\) is followed by '2'/);
  });

  it("a length too long runs over the ';': only that instruction is lost", () => {
    const got = summary('4.sync,1.0;4.sync,9.5;3.key,2.65,1.1;4.sync,1.3;');
    expect(got.instructions).toEqual(['0:sync(0)', '22:key(65|1)', '37:sync(3)']);
    expect(got.warnings).toMatchObject([{ code: 'BAD_INSTRUCTION', offsetBytes: 11 }]);
    expect(got.warnings[0]!.message).toMatch(/^byte 29: .*declared length 9.*resumed at the next instruction, byte 22$/);
  });

  it('garbage between instructions, at the start and at the end', () => {
    expect(summary('4.sync,1.0;GARBAGE;4.sync,1.1;')).toMatchObject({
      instructions: ['0:sync(0)', '19:sync(1)'],
      warnings: [{ code: 'BAD_INSTRUCTION', offsetBytes: 11, message: expect.stringMatching(/^byte 11: expected an instruction .*'G'.*byte 19$/) }],
    });
    expect(summary('hello;4.sync,1.0;')).toMatchObject({ instructions: ['6:sync(0)'], warnings: [{ offsetBytes: 0 }] });
    expect(summary('4.sync,1.0;#!&*(%$')).toMatchObject({
      instructions: ['0:sync(0)'],
      warnings: [{ code: 'BAD_INSTRUCTION', offsetBytes: 11, message: expect.stringMatching(/'#'.*no instruction follows .*byte 18\)$/) }],
    });
  });

  it('garbage that looks like instructions for a while costs one warning', () => {
    const got = summary('4.sync,1.0;x;y;1.;2.ab;4.sync,1.1;');
    expect(got.instructions).toEqual(['0:sync(0)', '23:sync(1)']);
    expect(got.warnings).toHaveLength(1);
  });

  it('whitespace and a BOM between instructions are not warned about', () => {
    expect(summary('\ufeff 4.sync,1.0;\r\n4.sync,1.1;\t')).toEqual({ instructions: ['4:sync(0)', '17:sync(1)'], warnings: [] });
  });
});

describe('truncated dumps', () => {
  it('cut inside a value', () => {
    const got = summary('4.sync,1.0;4.blob,1.1,10.abcd');
    expect(got.instructions).toEqual(['0:sync(0)']);
    expect(got.warnings).toEqual([
      { code: 'TRUNCATED', offsetBytes: 11, message: "the stream ends inside 'blob' at byte 11: it is cut off after 18 bytes, in element 2 (6 of its 10 code points missing)" },
    ]);
  });

  it('cut inside the opcode, and inside a length', () => {
    expect(summary('4.sync,1.0;4.sy').warnings).toMatchObject([{ code: 'TRUNCATED', offsetBytes: 11, message: expect.stringMatching(/after 4 bytes, in the opcode \(2 of its 4 code points missing\)$/) }]);
    expect(summary('4.sync,1.0;4.sync,12').warnings).toMatchObject([{ code: 'TRUNCATED', offsetBytes: 11, message: expect.stringMatching(/in the length of element 1$/) }]);
  });

  it("a wrong length that runs to the end: the instructions it ran over are still read", () => {
    const got = summary('4.sync,1.0;4.sync,99.5;3.key,2.65,1.1;4.sync,1.3;');
    expect(got.instructions).toEqual(['0:sync(0)', '23:key(65|1)', '38:sync(3)']);
    expect(got.warnings).toMatchObject([{ code: 'TRUNCATED', offsetBytes: 11, message: expect.stringMatching(/'sync' at byte 11.*after 38 bytes, in element 1 \(71 of its 99 code points missing\)$/) }]);
  });

  it('cut just before the separator', () => {
    expect(summary('4.sync,1.0;4.sync,1.1').warnings).toMatchObject([{ code: 'TRUNCATED', offsetBytes: 11, message: expect.stringMatching(/after element 1 \(no ',' or ';'\)$/) }]);
  });

  it('nothing after the last ; is fine', () => {
    expect(summary('4.sync,1.0;').warnings).toEqual([]);
    expect(summary('').warnings).toEqual([]);
  });
});

describe('oversized elements', () => {
  it('are skipped with their instruction, and what follows is read', () => {
    const got = summary('4.sync,1.0;4.blob,1.1,20.aaaaaaaaaaaaaaaaaaaa;3.end,1.1;', { maxElementCodePoints: 10 });
    expect(got.instructions).toEqual(['0:sync(0)', '46:end(1)']);
    expect(got.warnings).toMatchObject([{ code: 'OVERSIZED', offsetBytes: 22 }]);
    expect(got.warnings[0]!.message).toMatch(/element 2 of 'blob' at byte 11 declares 20 code points, more than the 10 accepted/);
  });

  it('a length of 20 digits is oversized, not a crash', () => {
    const got = summary('4.blob,1.1,99999999999999999999.aaa;', { maxElementCodePoints: 10 });
    expect(got.warnings.map((w) => w.code)).toEqual(['OVERSIZED', 'TRUNCATED']);
    expect(got.warnings[0]!.message).toMatch(/a 20-digit number of code points/);
  });

  it('an instruction with more than 65536 elements is skipped, and what follows is read', () => {
    const many = `3.arg,${'1.a,'.repeat(70_000)}1.a;4.sync,1.5;`;
    const got = summary(many);
    expect(got.instructions).toEqual([`${many.length - 11}:sync(5)`]);
    // Element 65536 is the 65537th (the opcode is element 0): its length starts 6 + 4 * 65535 bytes in.
    expect(got.warnings).toMatchObject([{ code: 'OVERSIZED', offsetBytes: 6 + 4 * 65535, message: expect.stringMatching(/^element 65536 of 'arg' at byte 0 is beyond the 65536 elements/) }]);
  });

  it('are streamed past without being held: 256 MiB of one element leaves memory flat', () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x41);
    const warnings: Warning[] = [];
    const opcodes: string[] = [];
    const parser = createGuacParser({ instruction: (i) => opcodes.push(i.opcode), warning: (w) => warnings.push(w) }, { maxElementCodePoints: 1024 });
    const elementBytes = 256 * 1024 * 1024;
    parser.push(utf8(`4.blob,1.1,${elementBytes}.`));
    const before = process.memoryUsage().arrayBuffers;
    for (let sent = 0; sent < elementBytes; sent += chunk.length) parser.push(chunk);
    const grownBytes = process.memoryUsage().arrayBuffers - before;
    parser.push(utf8(';4.sync,1.5;'));
    parser.end();
    expect(grownBytes).toBeLessThan(16 * 1024 * 1024);
    expect(opcodes).toEqual(['sync']);
    expect(warnings).toMatchObject([{ code: 'OVERSIZED', offsetBytes: 11 }]);
  });
});

describe('warning limit', () => {
  it('after maxWarnings, one TOO_MANY_WARNINGS and then silence; instructions keep coming', () => {
    const got = summary('x;4.sync,1.0;'.repeat(10), { maxWarnings: 3 });
    expect(got.instructions).toHaveLength(10);
    expect(got.warnings.map((w) => w.code)).toEqual(['BAD_INSTRUCTION', 'BAD_INSTRUCTION', 'BAD_INSTRUCTION', 'TOO_MANY_WARNINGS']);
    expect(got.warnings[3]).toMatchObject({ offsetBytes: 39, message: 'more than 3 warnings; the rest are not reported' });
  });
});
