import { describe, expect, it } from 'vitest';
import { FrameTable } from '../../../main/core/guacamole/frame-table';

describe('frame table', () => {
  it('trim drops the spare capacity and keeps every frame; later frames still go in', () => {
    const t = new FrameTable();
    for (let i = 0; i < 5000; i++) t.push(i * 40, (i + 1) * 100);
    expect((Reflect.get(t, 'times') as Float64Array).length).toBe(8192);
    t.trim();
    expect((Reflect.get(t, 'times') as Float64Array).length).toBe(5000);
    expect((Reflect.get(t, 'ends') as Float64Array).length).toBe(5000);
    expect(t.count).toBe(5000);
    expect([t.timeAt(0), t.timeAt(4999), t.endOffsetAt(4999)]).toEqual([0, 4999 * 40, 500_000]);
    expect(t.frameAt(4999 * 40 + 5)).toBe(4999);
    expect(t.frameAt(1234 * 40 - 1)).toBe(1233);
    t.push(5000 * 40, 500_100);
    expect([t.count, t.timeAt(5000), t.frameAt(1e9)]).toEqual([5001, 200_000, 5000]);
    const back = FrameTable.fromBytes(t.toBytes());
    expect(back.slice(0, 5001)).toEqual(t.slice(0, 5001));
  });

  it('an empty table trims to a small one that still grows', () => {
    const t = new FrameTable();
    t.trim();
    expect(t.count).toBe(0);
    expect(t.frameAt(0)).toBe(-1);
    for (let i = 0; i < 100; i++) t.push(i, i);
    expect(t.frameAt(99)).toBe(99);
  });
});
