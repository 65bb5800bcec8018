/**
 * Requests that wait for the index to grow (a chunk not cut yet, a line not indexed yet): each waits on a
 * condition, re-checked whenever the session says something changed.
 */
export class Waiters {
  private list: (() => void)[] = [];

  /** Calls `then` once `ready()` holds (at once if it already does). */
  waitFor(ready: () => boolean, then: () => void): void {
    if (ready()) return then();
    const check = (): void => {
      if (ready()) {
        this.list = this.list.filter((w) => w !== check);
        then();
      }
    };
    this.list.push(check);
  }

  /** The same as a promise. */
  until(ready: () => boolean): Promise<void> {
    return new Promise((resolve) => this.waitFor(ready, resolve));
  }

  wake(): void {
    for (const w of [...this.list]) w();
  }

  clear(): void {
    this.list = [];
  }
}
