/** React view of a PlayerEngine: a throttled snapshot, so 60 fps playback does not re-render 60 times. */
import { useEffect, useState } from 'react';
import type { PlayerEngine, PlayerSnapshot } from '../player/engine';

/** Time readouts and the seek bar update this often while playing; state changes show at once. */
const UI_INTERVAL_MS = 100;

export function usePlayerSnapshot(engine: PlayerEngine): PlayerSnapshot {
  const [snap, setSnap] = useState<PlayerSnapshot>(() => engine.snapshot());
  useEffect(() => {
    let last = engine.snapshot();
    let lastAt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setSnap(last);
    const unsubscribe = engine.subscribe((s) => {
      const important =
        s.state !== last.state ||
        s.seeking !== last.seeking ||
        s.speed !== last.speed ||
        s.skipIdle !== last.skipIdle ||
        s.fitMode !== last.fitMode ||
        s.id !== last.id ||
        s.error !== last.error ||
        s.buffering !== last.buffering ||
        s.durationMs !== last.durationMs ||
        (s.state !== 'playing' && s.timeMs !== last.timeMs);
      last = s;
      const now = Date.now();
      if (important || now - lastAt >= UI_INTERVAL_MS) {
        clearTimeout(timer);
        timer = undefined;
        lastAt = now;
        setSnap(s);
      } else if (!timer) {
        timer = setTimeout(() => {
          timer = undefined;
          lastAt = Date.now();
          setSnap(last);
        }, UI_INTERVAL_MS);
      }
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [engine]);
  return snap;
}
