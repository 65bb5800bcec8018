/** What the video exporter drives: a recording's screen, stepped through time instead of a clock. */
import type { TimeMs } from '../../shared/model';
import type { PointerSprite } from './mouse-pointer';

export interface FrameSource {
  /** The picture's size in pixels (fixed for the whole clip: the largest the screen gets in the range). */
  readonly width: number;
  readonly height: number;
  /** The current picture (top-left aligned, `width` x `height`). */
  readonly canvas: CanvasImageSource;
  /**
   * The mouse pointer drawn over `canvas` (null: none shown), as of the last picture drawn; absent for
   * sources without one. `nextChange` counts its moves as changes, `advanceTo` and `capture` do not.
   */
  readonly pointer?: PointerSprite | null;
  /** The first time after `afterMs` at which the picture may change, or null when nothing more comes. */
  nextChange(afterMs: TimeMs): Promise<TimeMs | null>;
  /** Applies everything up to and including `t`; true when the picture changed. */
  advanceTo(t: TimeMs): Promise<boolean>;
  /**
   * Pipelined stepping (sources whose pictures are drawn asynchronously): applies everything up to `t`
   * and resolves without waiting for the picture; `drawn` is called once it is on `canvas` (true when it
   * changed), in the order of the calls, and must use `canvas` right away (the next picture replaces it).
   */
  capture?(t: TimeMs, drawn: (changed: boolean) => void): Promise<void>;
  dispose(): void;
}
