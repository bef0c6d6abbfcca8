import type { FolderFile } from '@/lib/local/folder-files';

/** Where the built-in example is served from: a static file of this app, so it opens with no registry and no network. */
export const EXAMPLE_URL = '/example/pullscope-example.oci.tar';

/** An archive chosen on this page: a file, a folder, or the built-in example. Held in memory only; the URL names it by label. */
export type LocalInput =
  | { kind: 'file'; name: string; blob: Blob }
  | { kind: 'folder'; name: string; files: FolderFile[] }
  | { kind: 'example'; name: string };

/** The example as an input; one object, so hooks keyed on it do not re-run. */
export const EXAMPLE_INPUT: LocalInput = { kind: 'example', name: 'pullscope-example.oci.tar' };
