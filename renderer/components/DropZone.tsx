import { Icon } from './Icon';

/** Shown in the centre while nothing is open. */
export function DropZone({ canBrowse, onBrowse }: { canBrowse: boolean; onBrowse(): void }) {
  return (
    <div className="drop-zone" data-testid="drop-zone">
      <div className="drop-zone-box">
        <Icon name="open" size={28} />
        <div className="drop-zone-title">Drop session recordings here</div>
        <div className="muted">asciicast v1, v2, v3 (.cast, .json, .gz) and JumpServer koko replays</div>
        {canBrowse && (
          <button type="button" className="tool-button" onClick={onBrowse}>
            Choose files…
          </button>
        )}
        <div className="muted small">Files are opened read-only; nothing is changed on disk.</div>
      </div>
    </div>
  );
}
