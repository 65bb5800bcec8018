/** Time and frames for the engine; injectable so tests drive the clock by hand. */
export interface Scheduler {
  now(): number;
  /** Runs `cb` at the next animation frame; returns a cancel function. */
  frame(cb: () => void): () => void;
  delay(ms: number, cb: () => void): () => void;
}

/**
 * Animation frames stop in hidden windows; a timeout backs each frame up so playback (and the time the
 * e2e tests read) keeps moving, just more coarsely.
 */
const FRAME_FALLBACK_MS = 100;

export const browserScheduler: Scheduler = {
  now: () => performance.now(),
  frame(cb) {
    let done = false;
    let raf = 0;
    const run = (): void => {
      if (done) return;
      done = true;
      if (typeof cancelAnimationFrame === 'function') cancelAnimationFrame(raf);
      clearTimeout(timer);
      cb();
    };
    if (typeof requestAnimationFrame === 'function') raf = requestAnimationFrame(run);
    const timer = setTimeout(run, FRAME_FALLBACK_MS);
    return () => {
      done = true;
      if (typeof cancelAnimationFrame === 'function') cancelAnimationFrame(raf);
      clearTimeout(timer);
    };
  },
  delay(ms, cb) {
    const h = setTimeout(cb, ms);
    return () => clearTimeout(h);
  },
};

/** Delays that can be cut short: waiting for more data ends early when new progress arrives. */
export class Wakeable {
  private readonly sleepers = new Set<() => void>();

  constructor(private readonly sched: Scheduler) {}

  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        this.sleepers.delete(wakeUp);
        resolve();
      };
      const cancel = this.sched.delay(ms, done);
      const wakeUp = (): void => {
        cancel();
        done();
      };
      this.sleepers.add(wakeUp);
    });
  }

  /** Ends every current sleep now. */
  wake(): void {
    [...this.sleepers].forEach((w) => w());
  }
}
