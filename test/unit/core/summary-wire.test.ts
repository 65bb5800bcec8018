import { describe, expect, it } from 'vitest';
import { SummaryReceiver, SummarySender, type WireSummary } from '../../../main/core/summary-wire';
import { summaryJsonParts } from '../../../main/host/summary-json';
import type { IdleStretch, RecordingSummary } from '../../../shared/model';
import { fakeSummary } from '../hosts/fake-core';

const stretches = (n: number, from = 0): IdleStretch[] => Array.from({ length: n }, (_, i) => ({ startMs: from + i * 1000, endMs: from + i * 1000 + 600 }));
const summary = (idle: IdleStretch[], progress: number): RecordingSummary => ({ ...fakeSummary('abc', 'a.guac', 10, 'f'.repeat(64)), idle, index: { state: 'indexing', progress, indexedUntilMs: 0, fromCache: false } });

describe('summaries from a worker to the core', () => {
  /** Through a structured clone, as postMessage sends it. */
  const send = (sender: SummarySender, receiver: SummaryReceiver, s: RecordingSummary): { wire: WireSummary; got: RecordingSummary } => {
    const wire = structuredClone(sender.pack(s));
    return { wire, got: receiver.unpack(wire) };
  };

  it('idle stretches cross once while they stay the same; the core keeps one array for them', () => {
    const sender = new SummarySender();
    const receiver = new SummaryReceiver();
    const idle = stretches(7500);
    const first = send(sender, receiver, summary(idle, 0.1));
    expect(first.got).toEqual(summary(idle, 0.1));
    const second = send(sender, receiver, summary([...idle], 0.2));
    expect('sameIdle' in second.wire && JSON.stringify(second.wire).length).toBeLessThan(2000);
    expect(second.got).toEqual(summary(idle, 0.2));
    expect(second.got.idle).toBe(first.got.idle);
  });

  it('sends them again when they changed, also when the session changed its array in place', () => {
    const sender = new SummarySender();
    const receiver = new SummaryReceiver();
    const idle = stretches(3);
    send(sender, receiver, summary(idle, 0.1));
    idle.push({ startMs: 9000, endMs: 9900 });
    const grown = send(sender, receiver, summary(idle, 0.2));
    expect('sameIdle' in grown.wire).toBe(false);
    expect(grown.got.idle).toEqual(stretches(3).concat({ startMs: 9000, endMs: 9900 }));
    idle[1] = { startMs: 1000, endMs: 1700 };
    expect(send(sender, receiver, summary(idle, 0.3)).got.idle[1]).toEqual({ startMs: 1000, endMs: 1700 });
    expect(send(sender, receiver, summary([], 0.4)).got.idle).toEqual([]);
  });
});

describe('summaries as JSON for browser mode', () => {
  const json = (s: RecordingSummary): unknown => JSON.parse(Buffer.concat(summaryJsonParts('{"value":', s, '}')).toString('utf8'));

  it('is the summary; its idle stretches are serialized once per array while they stay the same', () => {
    const idle = stretches(500);
    const a = summaryJsonParts('', summary(idle, 0.1), '');
    const b = summaryJsonParts('', summary(idle, 0.2), '');
    expect(b[1]).toBe(a[1]);
    expect(json(summary(idle, 0.2))).toEqual({ value: JSON.parse(JSON.stringify(summary(idle, 0.2))) });
    // Changed in place: serialized again.
    idle.push({ startMs: 1e6, endMs: 1e6 + 5000 });
    expect(json(summary(idle, 0.3))).toEqual({ value: JSON.parse(JSON.stringify(summary(idle, 0.3))) });
    expect(json(summary([], 1))).toEqual({ value: JSON.parse(JSON.stringify(summary([], 1))) });
  });
});
