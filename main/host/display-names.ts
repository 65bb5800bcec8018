/**
 * Names to show for recordings whose file on disk is not named like the original: browser uploads are
 * stored as `<sha256>`, but people should see the name of the file they dropped. The core only knows
 * the stored file, so hosts pass summaries through `apply` before they cross the contract.
 */
import type { RecordingId, RecordingSummary } from '../../shared/model';

export class DisplayNames {
  private readonly names = new Map<RecordingId, string>();
  /** The renamed copy of each summary, made once: the same summary in gives the same object out. */
  private readonly renamed = new WeakMap<RecordingSummary, RecordingSummary>();

  set(id: RecordingId, fileName: string): void {
    this.names.set(id, fileName);
  }

  apply(summary: RecordingSummary): RecordingSummary {
    const name = this.names.get(summary.id);
    if (name === undefined || name === summary.fileName) return summary;
    const made = this.renamed.get(summary);
    if (made?.fileName === name) return made;
    const copy = { ...summary, fileName: name };
    this.renamed.set(summary, copy);
    return copy;
  }
}
