import { describe, expect, it, vi } from 'vitest';
import { runAction, type ActionContext } from '../../renderer/keyboard/actions';
import { isTypingTarget, keyToAction, type Action } from '../../renderer/keyboard/keymap';
import type { PlayerSnapshot } from '../../renderer/player/engine';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('keyToAction', () => {
  const table: [ReturnType<typeof key>, Action][] = [
    [key(' '), { type: 'togglePlay' }],
    [key('k'), { type: 'togglePlay' }],
    [key('K', { shiftKey: true }), { type: 'togglePlay' }],
    [key('ArrowLeft'), { type: 'seekBy', ms: -5000 }],
    [key('ArrowRight'), { type: 'seekBy', ms: 5000 }],
    [key('j'), { type: 'seekBy', ms: -10000 }],
    [key('l'), { type: 'seekBy', ms: 10000 }],
    [key('ArrowLeft', { shiftKey: true }), { type: 'seekByFraction', fraction: -0.1 }],
    [key('ArrowRight', { shiftKey: true }), { type: 'seekByFraction', fraction: 0.1 }],
    [key('0'), { type: 'seekToFraction', fraction: 0 }],
    [key('5'), { type: 'seekToFraction', fraction: 0.5 }],
    [key('9'), { type: 'seekToFraction', fraction: 0.9 }],
    [key(','), { type: 'step', dir: -1 }],
    [key('.'), { type: 'step', dir: 1 }],
    [key('<', { shiftKey: true }), { type: 'speed', dir: -1 }],
    [key('>', { shiftKey: true }), { type: 'speed', dir: 1 }],
    [key('['), { type: 'marker', dir: -1 }],
    [key(']'), { type: 'marker', dir: 1 }],
    [key('f'), { type: 'fullscreen' }],
    [key('/'), { type: 'focusSearch' }],
    [key('f', { ctrlKey: true }), { type: 'focusSearch' }],
    [key('f', { metaKey: true }), { type: 'focusSearch' }],
    [key('?', { shiftKey: true }), { type: 'shortcuts' }],
    [key('Escape'), { type: 'escape' }],
    [key('F3'), { type: 'hit', dir: 1 }],
    [key('F3', { shiftKey: true }), { type: 'hit', dir: -1 }],
  ];
  it.each(table)('%o -> %o', (k, action) => {
    expect(keyToAction(k, false)).toEqual(action);
  });

  it('leaves keys to text fields, except Escape, F3 and Ctrl+F', () => {
    for (const k of [' ', 'k', 'ArrowLeft', '5', ',', '/', '?', 'f']) expect(keyToAction(key(k), true)).toBeNull();
    expect(keyToAction(key('Escape'), true)).toEqual({ type: 'escape' });
    expect(keyToAction(key('F3'), true)).toEqual({ type: 'hit', dir: 1 });
    expect(keyToAction(key('f', { ctrlKey: true }), true)).toEqual({ type: 'focusSearch' });
  });

  it('ignores other modified keys (browser and OS shortcuts stay theirs)', () => {
    expect(keyToAction(key('l', { ctrlKey: true }), false)).toBeNull();
    expect(keyToAction(key('5', { altKey: true }), false)).toBeNull();
    expect(keyToAction(key('ArrowLeft', { metaKey: true }), false)).toBeNull();
    expect(keyToAction(key('x'), false)).toBeNull();
  });
});

describe('isTypingTarget', () => {
  it('treats text inputs as typing, but not buttons, checkboxes or xterm’s helper textarea', () => {
    const input = document.createElement('input');
    const search = Object.assign(document.createElement('input'), { type: 'search' });
    const checkbox = Object.assign(document.createElement('input'), { type: 'checkbox' });
    const button = document.createElement('button');
    const textarea = document.createElement('textarea');
    const xtermTa = document.createElement('textarea');
    xtermTa.className = 'xterm-helper-textarea';
    expect(isTypingTarget(input)).toBe(true);
    expect(isTypingTarget(search)).toBe(true);
    expect(isTypingTarget(textarea)).toBe(true);
    expect(isTypingTarget(checkbox)).toBe(false);
    expect(isTypingTarget(button)).toBe(false);
    expect(isTypingTarget(xtermTa)).toBe(false);
    expect(isTypingTarget(window)).toBe(false);
  });
});

describe('runAction', () => {
  function ctx(timeMs: number, speed = 1): ActionContext & { engine: Record<string, ReturnType<typeof vi.fn>> } {
    const snapshot = { timeMs, durationMs: 100_000, speed } as PlayerSnapshot;
    const engine = {
      snapshot: vi.fn(() => snapshot),
      currentTimeMs: timeMs,
      seek: vi.fn(async () => undefined),
      toggle: vi.fn(),
      step: vi.fn(async () => undefined),
      setSpeed: vi.fn(),
    };
    return {
      engine,
      markers: [
        { timeMs: 10_000, label: 'one' },
        { timeMs: 50_000, label: 'two' },
      ],
      jumpHit: vi.fn(),
      toggleFullscreen: vi.fn(),
      focusSearch: vi.fn(),
      toggleShortcuts: vi.fn(),
      escape: vi.fn(),
    } as unknown as ActionContext & { engine: Record<string, ReturnType<typeof vi.fn>> };
  }

  it('dispatches each action to the right engine call, clamped to the recording', () => {
    let c = ctx(30_000);
    runAction({ type: 'seekBy', ms: 5000 }, c);
    expect(c.engine.seek).toHaveBeenCalledWith(35_000);
    c = ctx(3000);
    runAction({ type: 'seekBy', ms: -5000 }, c);
    expect(c.engine.seek).toHaveBeenCalledWith(0);
    c = ctx(95_000);
    runAction({ type: 'seekByFraction', fraction: 0.1 }, c);
    expect(c.engine.seek).toHaveBeenCalledWith(100_000);
    c = ctx(0);
    runAction({ type: 'seekToFraction', fraction: 0.7 }, c);
    expect(c.engine.seek).toHaveBeenCalledWith(70_000);
    runAction({ type: 'togglePlay' }, c);
    expect(c.engine.toggle).toHaveBeenCalledOnce();
    runAction({ type: 'step', dir: -1 }, c);
    expect(c.engine.step).toHaveBeenCalledWith(-1);
    c = ctx(0, 2);
    runAction({ type: 'speed', dir: 1 }, c);
    expect(c.engine.setSpeed).toHaveBeenCalledWith(4);
    runAction({ type: 'speed', dir: -1 }, c);
    expect(c.engine.setSpeed).toHaveBeenLastCalledWith(1.5);
  });

  it('jumps between markers, going further back when just past one', () => {
    let c = ctx(30_000);
    runAction({ type: 'marker', dir: 1 }, c);
    expect(c.engine.seek).toHaveBeenCalledWith(50_000);
    runAction({ type: 'marker', dir: -1 }, c);
    expect(c.engine.seek).toHaveBeenLastCalledWith(10_000);
    c = ctx(50_100);
    runAction({ type: 'marker', dir: -1 }, c);
    expect(c.engine.seek).toHaveBeenCalledWith(10_000);
    c = ctx(60_000);
    runAction({ type: 'marker', dir: 1 }, c);
    expect(c.engine.seek).not.toHaveBeenCalled();
  });

  it('routes shell actions to the shell and ignores player actions when nothing is open', () => {
    const c = { ...ctx(0), markers: null };
    runAction({ type: 'fullscreen' }, c);
    runAction({ type: 'focusSearch' }, c);
    runAction({ type: 'shortcuts' }, c);
    runAction({ type: 'escape' }, c);
    runAction({ type: 'hit', dir: -1 }, c);
    runAction({ type: 'togglePlay' }, c);
    runAction({ type: 'seekBy', ms: 5000 }, c);
    expect(c.toggleFullscreen).toHaveBeenCalledOnce();
    expect(c.focusSearch).toHaveBeenCalledOnce();
    expect(c.toggleShortcuts).toHaveBeenCalledOnce();
    expect(c.escape).toHaveBeenCalledOnce();
    expect(c.jumpHit).toHaveBeenCalledWith(-1);
    expect(c.engine.toggle).not.toHaveBeenCalled();
    expect(c.engine.seek).not.toHaveBeenCalled();
  });
});
