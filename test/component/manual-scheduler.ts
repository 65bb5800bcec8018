/** A Scheduler driven by the test: time moves only when the test says so. */
import type { Scheduler } from '../../renderer/player/scheduler';

export class ManualScheduler implements Scheduler {
  nowMs = 0;
  private frames = new Map<number, () => void>();
  private timers = new Map<number, { atMs: number; cb: () => void }>();
  private nextId = 1;

  now(): number {
    return this.nowMs;
  }

  frame(cb: () => void): () => void {
    const id = this.nextId++;
    this.frames.set(id, cb);
    return () => this.frames.delete(id);
  }

  delay(ms: number, cb: () => void): () => void {
    const id = this.nextId++;
    this.timers.set(id, { atMs: this.nowMs + ms, cb });
    return () => this.timers.delete(id);
  }

  get pendingFrames(): number {
    return this.frames.size;
  }

  /** Moves time forward by `ms`, one animation frame every `frameMs`, running what becomes due. */
  advance(ms: number, frameMs = 16): void {
    const end = this.nowMs + ms;
    while (this.nowMs < end) {
      this.nowMs = Math.min(end, this.nowMs + frameMs);
      const due = [...this.frames.values()];
      this.frames.clear();
      due.forEach((cb) => cb());
      for (const [id, t] of [...this.timers]) {
        if (t.atMs <= this.nowMs) {
          this.timers.delete(id);
          t.cb();
        }
      }
    }
  }
}
