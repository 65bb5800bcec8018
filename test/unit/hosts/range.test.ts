import { describe, expect, it } from 'vitest';
import { rangeHeaders, resolveRange } from '../../../main/host/range';

describe('resolveRange', () => {
  const size = 1000;
  it('answers 200 with the whole body without a Range header', () => {
    expect(resolveRange(undefined, size)).toEqual({ status: 200, start: 0, endInclusive: 999, lengthBytes: 1000 });
  });
  it('answers 206 for a closed range', () => {
    expect(resolveRange('bytes=10-19', size)).toEqual({ status: 206, start: 10, endInclusive: 19, lengthBytes: 10 });
  });
  it('answers 206 for an open range up to the end', () => {
    expect(resolveRange('bytes=990-', size)).toEqual({ status: 206, start: 990, endInclusive: 999, lengthBytes: 10 });
  });
  it('answers a suffix range with the last bytes', () => {
    expect(resolveRange('bytes=-100', size)).toEqual({ status: 206, start: 900, endInclusive: 999, lengthBytes: 100 });
    expect(resolveRange('bytes=-5000', size)).toEqual({ status: 206, start: 0, endInclusive: 999, lengthBytes: 1000 });
  });
  it('clamps an end past the size', () => {
    expect(resolveRange('bytes=500-5000', size)).toMatchObject({ status: 206, start: 500, endInclusive: 999 });
  });
  it('answers 416 for ranges that start past the end', () => {
    expect(resolveRange('bytes=1000-', size)).toEqual({ status: 416 });
    expect(resolveRange('bytes=2000-3000', size)).toEqual({ status: 416 });
    expect(resolveRange('bytes=-0', size)).toEqual({ status: 416 });
    expect(resolveRange('bytes=0-', 0)).toEqual({ status: 416 });
  });
  it('ignores malformed and multi-range headers (whole body)', () => {
    for (const h of ['items=0-1', 'bytes=abc', 'bytes=0-1,5-6', 'bytes=9-3', 'bytes=-']) {
      expect(resolveRange(h, size).status, h).toBe(200);
    }
  });
  it('builds Content-Range headers', () => {
    expect(rangeHeaders(resolveRange('bytes=10-19', size), size, 'video/mp4')).toMatchObject({
      'Content-Range': 'bytes 10-19/1000',
      'Content-Length': '10',
      'Content-Type': 'video/mp4',
      'Accept-Ranges': 'bytes',
    });
    expect(rangeHeaders({ status: 416 }, size, 'video/mp4')).toMatchObject({ 'Content-Range': 'bytes */1000' });
    expect(rangeHeaders(resolveRange(undefined, size), size, 'video/mp4')).not.toHaveProperty('Content-Range');
  });
});
