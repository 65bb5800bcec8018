/**
 * The burned-in strip under the picture: the session caption on the left, the time on the right. Under
 * the picture, not on it, so it never hides what the recording shows.
 */
import { formatClock } from './time-text';

export const STRIP_HEIGHT_PX = 28;
const FONT = '14px "DejaVu Sans", "Segoe UI", Arial, sans-serif';

export interface OverlayOptions {
  /** Burn in the time: wall clock when the recording's start is known, else the recording time. */
  timestamp: boolean;
  /** Text for the left side (session caption), or '' for none. */
  caption: string;
  /** Wall-clock start of the recording (epoch ms), if known. */
  startedAtEpochMs?: number;
}

/** "2024-05-01 09:30:12 UTC" for wall clock, else "0:01:05" of recording time. */
export function stampText(timeMs: number, startedAtEpochMs: number | undefined): string {
  if (startedAtEpochMs !== undefined) {
    const iso = new Date(startedAtEpochMs + timeMs).toISOString();
    return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
  }
  return formatClock(timeMs).slice(0, -4);
}

/** The time shown only changes once a second: that is the granularity the strip needs new frames at. */
export function nextStampChange(timeMs: number, startedAtEpochMs: number | undefined): number {
  const base = startedAtEpochMs ?? 0;
  return Math.floor((base + timeMs) / 1000) * 1000 + 1000 - base;
}

export class Overlay {
  private last = '';

  constructor(
    private readonly opts: OverlayOptions,
    private readonly ctx: CanvasRenderingContext2D,
    private readonly top: number,
    private readonly width: number,
  ) {}

  get active(): boolean {
    return this.opts.timestamp || this.opts.caption !== '';
  }

  /** Draws the strip for `timeMs`; true when it differs from the last one drawn. */
  draw(timeMs: number): boolean {
    if (!this.active) return false;
    const stamp = this.opts.timestamp ? stampText(timeMs, this.opts.startedAtEpochMs) : '';
    if (stamp === this.last) return false;
    this.last = stamp;
    const ctx = this.ctx;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, this.top, this.width, STRIP_HEIGHT_PX);
    ctx.font = FONT;
    ctx.textBaseline = 'middle';
    ctx.fillStyle = '#fff';
    const mid = this.top + STRIP_HEIGHT_PX / 2;
    const stampWidth = stamp ? ctx.measureText(stamp).width : 0;
    if (stamp) ctx.fillText(stamp, this.width - 8 - stampWidth, mid);
    if (this.opts.caption) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(0, this.top, Math.max(0, this.width - stampWidth - 24), STRIP_HEIGHT_PX);
      ctx.clip();
      ctx.fillText(this.opts.caption, 8, mid);
      ctx.restore();
    }
    ctx.textBaseline = 'alphabetic';
    return true;
  }
}
