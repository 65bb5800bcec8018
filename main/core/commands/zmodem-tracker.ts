/**
 * ZMODEM sessions in a terminal recording, as transfers. Output is what the recorded host sent: `sz`
 * there announces files (ZRQINIT, ZFILE) = downloads; `rz` there answers ZRINIT = uploads, whose ZFILE
 * frames travel in the input (recorded only when the recorder kept "i" events).
 */
import type { TransferEntry } from '../../../shared/model';
import { ZmodemScanner, type ZFrame } from '../../../shared/formats/zmodem/scanner';

const NAME_NOT_RECORDED = '(file name not recorded)';

interface Session {
  direction: 'upload' | 'download';
  startMs: number;
  file?: TransferEntry;
  /** The sender reached the end of `file` (ZEOF). */
  eof: boolean;
  files: number;
}

export class ZmodemTracker {
  private readonly out = new ZmodemScanner();
  private readonly in = new ZmodemScanner();
  private session: Session | undefined;
  /** Frames end at ZFIN; the "OO" (over and out) that follows still belongs to the session. */
  private closingUntilMs = -1;

  constructor(private readonly transfers: TransferEntry[]) {}

  /** A session is running: its bytes are not keystrokes or screen text. */
  get active(): boolean {
    return this.session !== undefined;
  }

  output(data: string, timeMs: number): void {
    for (const f of this.out.push(data)) this.frame(f, 'out', timeMs);
  }

  /** Returns true when the input held protocol bytes (not keystrokes). */
  input(data: string, timeMs: number): boolean {
    const frames = this.in.push(data);
    for (const f of frames) this.frame(f, 'in', timeMs);
    if (frames.length > 0 || this.session) return true;
    // The "OO" a sender ends with.
    return timeMs <= this.closingUntilMs && /^O{1,2}$/.test(data);
  }

  finish(endMs: number): void {
    if (this.session) this.end(endMs, false);
  }

  private frame(f: ZFrame, from: 'out' | 'in', timeMs: number): void {
    const s = this.session;
    switch (f.type) {
      case 'ZRQINIT':
        if (!s) this.session = { direction: from === 'out' ? 'download' : 'upload', startMs: timeMs, eof: false, files: 0 };
        return;
      case 'ZRINIT':
        if (!s) {
          // The side answering ZRINIT receives: the host receives (rz) when it comes from the output.
          this.session = { direction: from === 'out' ? 'upload' : 'download', startMs: timeMs, eof: false, files: 0 };
        } else if (s.file && s.eof) {
          // The receiver is ready for the next file: the last one arrived.
          this.complete(s, timeMs, true);
        }
        return;
      case 'ZFILE': {
        const session = (this.session ??= { direction: from === 'out' ? 'download' : 'upload', startMs: timeMs, eof: false, files: 0 });
        if (session.file) this.complete(session, timeMs, session.eof);
        const entry: TransferEntry = { timeMs, name: f.file?.name || NAME_NOT_RECORDED, direction: session.direction, tool: 'zmodem' };
        if (f.file?.sizeBytes !== undefined) entry.sizeBytes = f.file.sizeBytes;
        this.transfers.push(entry);
        session.file = entry;
        session.eof = false;
        session.files++;
        return;
      }
      case 'ZEOF':
        if (s?.file) {
          s.eof = true;
          s.file.endMs = timeMs;
        }
        return;
      case 'ZSKIP':
        if (s?.file) this.complete(s, timeMs, false);
        return;
      case 'ZFIN':
        if (s) this.end(timeMs, true);
        return;
      case 'CANCEL':
      case 'ZABORT':
      case 'ZFERR':
        if (s) this.end(timeMs, false);
        return;
      default:
        return;
    }
  }

  private complete(s: Session, timeMs: number, ok: boolean): void {
    const file = s.file!;
    file.endMs ??= timeMs;
    file.ok = ok;
    s.file = undefined;
    s.eof = false;
  }

  private end(timeMs: number, finished: boolean): void {
    const s = this.session!;
    if (s.file) this.complete(s, timeMs, finished && s.eof);
    if (s.files === 0 && s.direction === 'upload' && finished) {
      // rz ran and finished, but the file names went the other way and were not recorded.
      this.transfers.push({ timeMs: s.startMs, endMs: timeMs, name: NAME_NOT_RECORDED, direction: 'upload', tool: 'zmodem', ok: true });
    }
    this.session = undefined;
    this.closingUntilMs = timeMs + 5000;
  }
}
