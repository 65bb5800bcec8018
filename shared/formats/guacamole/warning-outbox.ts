/**
 * The byte parser's warnings: a limit (then one TOO_MANY_WARNINGS and silence), and one warning held
 * back while the parser resynchronises, so it can say where reading resumed.
 */
import type { Warning, WarningCode } from '../../model';
import type { GuacSink } from './types';

export class WarningOutbox {
  private count = 0;
  private held: Warning | undefined;

  constructor(
    private readonly sink: GuacSink,
    private readonly maxWarnings: number,
  ) {}

  send(code: WarningCode, message: string, offsetBytes: number): void {
    if (this.count > this.maxWarnings) return;
    this.count++;
    if (this.count > this.maxWarnings) {
      this.sink.warning({ code: 'TOO_MANY_WARNINGS', message: `more than ${this.maxWarnings} warnings; the rest are not reported`, offsetBytes });
    } else {
      this.sink.warning({ code, message, offsetBytes });
    }
  }

  /** Keep a warning until release(); the parser holds at most one (it replaces nothing). */
  hold(code: WarningCode, message: string, offsetBytes: number): void {
    this.held = { code, message, offsetBytes };
  }

  /** Send the held warning, if any, with `suffix` added to its message. */
  release(suffix: string): void {
    const w = this.held;
    this.held = undefined;
    if (w) this.send(w.code, `${w.message}${suffix}`, w.offsetBytes!);
  }
}
