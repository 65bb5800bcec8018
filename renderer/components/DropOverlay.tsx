import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n';
import type { DropEntry } from '../state/folder-drop';

/** A dropped folder: its entry (for walking it in a browser) and its File (a path in Electron). */
export interface DroppedFolder {
  entry: DropEntry;
  file: File | null;
}

/** Splits a drop into files and folders; entries must be taken during the drop event itself. */
export function splitDrop(dt: DataTransfer | null): { files: File[]; folders: DroppedFolder[] } {
  const files: File[] = [];
  const folders: DroppedFolder[] = [];
  const items = Array.from(dt?.items ?? []).filter((i) => i.kind === 'file');
  if (items.length === 0) return { files: Array.from(dt?.files ?? []), folders };
  for (const item of items) {
    const entry = (item as DataTransferItem & { webkitGetAsEntry?(): DropEntry | null }).webkitGetAsEntry?.() ?? null;
    const file = item.getAsFile();
    if (entry?.isDirectory) folders.push({ entry, file });
    else if (file) files.push(file);
  }
  return { files, folders };
}

function hasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}

/** The whole window takes dropped files; this shows while files are dragged over it. */
export function DropOverlay({ onFiles, onFolders }: { onFiles(files: File[]): void; onFolders?(folders: DroppedFolder[]): void }) {
  const t = useT('library');
  const [visible, setVisible] = useState(false);
  const depth = useRef(0);
  const onFilesRef = useRef(onFiles);
  onFilesRef.current = onFiles;
  const onFoldersRef = useRef(onFolders);
  onFoldersRef.current = onFolders;

  useEffect(() => {
    const enter = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current++;
      setVisible(true);
    };
    const over = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setVisible(false);
    };
    const drop = (e: DragEvent): void => {
      e.preventDefault();
      depth.current = 0;
      setVisible(false);
      const { files, folders } = onFoldersRef.current ? splitDrop(e.dataTransfer) : { files: Array.from(e.dataTransfer?.files ?? []), folders: [] };
      if (files.length) onFilesRef.current(files);
      if (folders.length) onFoldersRef.current?.(folders);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  if (!visible) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay">
      <div className="drop-overlay-box">{t('dropToOpen')}</div>
    </div>
  );
}
