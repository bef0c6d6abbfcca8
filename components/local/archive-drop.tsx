'use client';

import { useRef, useState, type DragEvent } from 'react';
import type { FolderFile } from '@/lib/local/folder-files';
import type { LocalInput } from './local-input';

const BUTTON =
  'rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800';

// React's types lack the directory-picker attribute every current browser supports.
const DIRECTORY_PICKER = { webkitdirectory: '' } as Record<string, string>;

/** Drop an image archive (or a folder) on the page, or choose one; also opens the built-in example. */
export function ArchiveDrop({ onOpen, onExample }: { onOpen: (input: LocalInput) => void; onExample: () => void }) {
  const [over, setOver] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const onDrop = async (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setOver(false);
    const entry = event.dataTransfer.items?.[0]?.webkitGetAsEntry?.();
    if (entry?.isDirectory) {
      onOpen({ kind: 'folder', name: entry.name, files: await readDroppedFolder(entry as FileSystemDirectoryEntry) });
      return;
    }
    const file = event.dataTransfer.files[0];
    if (file) onOpen({ kind: 'file', name: file.name, blob: file });
  };

  return (
    <section
      data-testid="archive-drop"
      aria-label="Inspect an image archive from this computer"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => void onDrop(e)}
      className={`rounded-lg border-2 border-dashed p-4 text-sm ${over ? 'border-sky-500 bg-sky-50 dark:bg-sky-950' : 'border-slate-300 dark:border-slate-700'}`}
    >
      <p>
        Or drop an image archive here: the output of <code>docker save</code> (also gzip-compressed), <code>podman save</code>,{' '}
        <code>skopeo copy … docker-archive:</code> or <code>oci-archive:</code>, or an OCI image layout as a tar, a zip or a folder.
      </p>
      <p className="mt-1 font-medium" data-testid="nothing-uploaded">
        Nothing is uploaded: the archive is read in this browser.
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <button type="button" className={BUTTON} onClick={() => fileInput.current?.click()}>
          Choose an archive…
        </button>
        <button type="button" className={BUTTON} onClick={() => folderInput.current?.click()}>
          Choose a folder…
        </button>
        <button type="button" className={BUTTON} onClick={onExample} data-testid="open-example">
          Open the built-in example
        </button>
        <input
          ref={fileInput}
          type="file"
          className="sr-only"
          // The buttons above open it: the keyboard stops there, not on an input no one sees.
          tabIndex={-1}
          aria-hidden
          aria-label="Image archive file"
          data-testid="archive-file-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) onOpen({ kind: 'file', name: file.name, blob: file });
            e.target.value = '';
          }}
        />
        <input
          ref={folderInput}
          type="file"
          multiple
          {...DIRECTORY_PICKER}
          className="sr-only"
          tabIndex={-1}
          aria-hidden
          aria-label="Image layout folder"
          data-testid="archive-folder-input"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            if (files.length > 0) {
              const name = files[0].webkitRelativePath.split('/')[0] || 'folder';
              onOpen({ kind: 'folder', name, files: files.map((file) => ({ path: file.webkitRelativePath || file.name, file })) });
            }
            e.target.value = '';
          }}
        />
      </div>
    </section>
  );
}

/** Every file under a dropped folder, with its path inside it. */
async function readDroppedFolder(root: FileSystemDirectoryEntry): Promise<FolderFile[]> {
  const out: FolderFile[] = [];
  const visit = async (dir: FileSystemDirectoryEntry, prefix: string): Promise<void> => {
    const reader = dir.createReader();
    // readEntries answers in batches; an empty batch means the end.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      for (const entry of batch) {
        const path = `${prefix}${entry.name}`;
        if (entry.isDirectory) await visit(entry as FileSystemDirectoryEntry, `${path}/`);
        else out.push({ path, file: await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)) });
      }
    }
  };
  await visit(root, '');
  return out;
}
