/**
 * Names to show for recordings whose file on disk is not named like the original: browser uploads are
 * stored as `<sha256>`, but people should see the name of the file they dropped. The core only knows
 * the stored file, so hosts pass summaries through `apply` before they cross the contract.
 */
import type { RecordingId, RecordingSummary } from '../../shared/model';

export class DisplayNames {
  private readonly names = new Map<RecordingId, string>();

  set(id: RecordingId, fileName: string): void {
    this.names.set(id, fileName);
  }

  apply(summary: RecordingSummary): RecordingSummary {
    const name = this.names.get(summary.id);
    return name === undefined || name === summary.fileName ? summary : { ...summary, fileName: name };
  }
}
