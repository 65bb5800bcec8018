/**
 * Runs an async job for the latest value only. Values pushed while a job runs replace each other, so
 * dragging the seek bar queues one restore at a time instead of one per pointer event.
 */
export class LatestWins<T> {
  private pending: { value: T } | null = null;
  private running: Promise<void> | null = null;
  private waiters: (() => void)[] = [];

  constructor(
    /** `superseded()` turns true as soon as a newer value is waiting: the job can skip its work. */
    private readonly job: (value: T, superseded: () => boolean) => Promise<void>,
    /** Runs when the last job is done and nothing is waiting. */
    private readonly idle: () => void,
  ) {}

  get busy(): boolean {
    return this.running !== null;
  }

  /** Resolves once nothing is running (at once when idle). */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** Resolves at the next push: a job stuck waiting (for data not indexed yet) can give up then. */
  nextPush(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Resolves when every value pushed so far is handled (the last one shown). */
  push(value: T): Promise<void> {
    this.pending = { value };
    this.waiters.splice(0).forEach((w) => w());
    this.running ??= this.drain();
    return this.running;
  }

  private async drain(): Promise<void> {
    while (this.pending) {
      const { value } = this.pending;
      this.pending = null;
      await this.job(value, () => this.pending !== null);
    }
    // No await between the loop's last check and here: a push cannot slip in unnoticed.
    this.running = null;
    this.idle();
  }
}
