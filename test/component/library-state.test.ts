import { describe, expect, it } from 'vitest';
import { emptyLibrary, libraryReducer } from '../../renderer/state/library';
import { buildRecording } from './fake-api';

const a = buildRecording({ id: 'a', events: [[1, 'o', 'x']] }).summary;
const b = buildRecording({ id: 'b', events: [[2, 'o', 'y']] }).summary;

describe('libraryReducer', () => {
  it('adds opened recordings once, selecting the first of a user-opened batch', () => {
    let s = libraryReducer(emptyLibrary, { type: 'opened', summaries: [a], select: false });
    expect(s.order).toEqual(['a']);
    expect(s.selectedId).toBe('a'); // nothing was selected yet
    s = libraryReducer(s, { type: 'opened', summaries: [b], select: false });
    expect(s.selectedId).toBe('a');
    s = libraryReducer(s, { type: 'opened', summaries: [a, b], select: true });
    expect(s.order).toEqual(['a', 'b']);
    expect(s.selectedId).toBe('a');
  });

  it('applies progress to the right recording and never shrinks the duration', () => {
    let s = libraryReducer(emptyLibrary, { type: 'opened', summaries: [a], select: true });
    s = libraryReducer(s, { type: 'progress', progress: { id: 'a', progress: 0.4, indexedUntilMs: 500, durationMs: 5000 } });
    expect(s.byId.a!.index.progress).toBe(0.4);
    expect(s.byId.a!.durationMs).toBe(5000);
    s = libraryReducer(s, { type: 'progress', progress: { id: 'zzz', progress: 1, indexedUntilMs: 1, durationMs: 1 } });
    expect(Object.keys(s.byId)).toEqual(['a']);
  });

  it('adds a recording first heard of through a summary event, without selecting it', () => {
    let s = libraryReducer(emptyLibrary, { type: 'opened', summaries: [a], select: true });
    s = libraryReducer(s, { type: 'summary', summary: b });
    expect(s.order).toEqual(['a', 'b']);
    expect(s.selectedId).toBe('a');
    s = libraryReducer(s, { type: 'summary', summary: { ...b, durationMs: 9 } });
    expect(s.order).toEqual(['a', 'b']);
    expect(s.byId.b!.durationMs).toBe(9);
  });

  it('keeps a short list of open errors, dismissable one by one', () => {
    let s = emptyLibrary;
    for (let i = 0; i < 9; i++) s = libraryReducer(s, { type: 'openFailed', fileName: `f${i}`, error: { code: 'EMPTY_FILE', message: 'empty' } });
    expect(s.errors.map((e) => e.fileName)).toEqual(['f3', 'f4', 'f5', 'f6', 'f7', 'f8']);
    s = libraryReducer(s, { type: 'dismissError', key: s.errors[0]!.key });
    expect(s.errors).toHaveLength(5);
    s = libraryReducer(s, { type: 'dismissAllErrors' });
    expect(s.errors).toHaveLength(0);
  });

  it('selects a neighbour when the selected recording closes', () => {
    let s = libraryReducer(emptyLibrary, { type: 'opened', summaries: [a, b], select: true });
    s = libraryReducer(s, { type: 'select', id: 'b' });
    s = libraryReducer(s, { type: 'closed', id: 'b' });
    expect(s.selectedId).toBe('a');
    s = libraryReducer(s, { type: 'closed', id: 'a' });
    expect(s.selectedId).toBeNull();
  });
});
