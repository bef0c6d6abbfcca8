// An image zipped or tarred as a folder (`zip -r image.zip layout`, Finder's
// "Compress") is read from inside that folder; one found deeper, or in
// several folders, is refused with where it was found.
import { beforeAll, describe, expect, it } from 'vitest';
import { inspectImage } from '@/lib/inspect/inspect-image';
import { BadArchiveError } from '@/lib/local/errors';
import { openImageArchive } from '@/lib/local/open-image-archive';
import { buildFixtureImage, dockerArchiveFiles, gzipTarBlob, ociLayoutFiles, tarBlob, zipBlob, type FixtureFile, type FixtureImage } from './archive-fixtures';

let image: FixtureImage;
beforeAll(async () => {
  image = await buildFixtureImage();
});

/** The files as archived from the folder above them: each path under `folder`. */
function under(folder: string, files: FixtureFile[]): FixtureFile[] {
  return files.map((f) => ({ ...f, path: `${folder}/${f.path}` }));
}

const containers: Array<[string, (files: FixtureFile[]) => Promise<Blob>]> = [
  ['a tar', (files) => tarBlob(files)],
  ['a tar with ./ paths', (files) => tarBlob(files, { dotSlash: true })],
  ['a gzip-compressed tar', (files) => gzipTarBlob(files)],
  ['a deflated zip', async (files) => zipBlob(files, { deflate: true })],
];

describe('an image archived as a folder', () => {
  it.each(containers)('is an OCI layout read from inside the folder, in %s', async (_name, pack) => {
    const source = await openImageArchive(await pack(under('layout', ociLayoutFiles(image))));
    expect(source.layout).toBe('oci-layout');
    expect(source.files.layoutFolder).toBe('layout/');
    const state = await inspectImage(
      { registry: 'local archive', apiHost: '', repository: 'fixture', digest: source.images[0].descriptor.digest },
      { client: source, platform: 'linux/arm64' },
    );
    expect(state.config?.check.ok).toBe(true);
    expect((await source.layerBlob(image.layers.arm64.blob.descriptor.digest)).size).toBe(image.layers.arm64.blob.bytes.length);
  });

  it('is a docker-archive read from inside the folder', async () => {
    const source = await openImageArchive(await tarBlob(under('saved', dockerArchiveFiles(image))));
    expect(source.layout).toBe('docker-archive');
    expect(source.files.layoutFolder).toBe('saved/');
    expect(source.images[0].names).toEqual(['example.com/team/app:v1']);
  });

  it("ignores what macOS Finder's Compress writes beside the folder", async () => {
    const litter: FixtureFile[] = [
      { path: '__MACOSX/layout/._index.json', bytes: new Uint8Array([0, 5, 22, 7]) },
      { path: 'layout/.DS_Store', bytes: new Uint8Array([0, 0, 0, 1]) },
    ];
    const source = await openImageArchive(zipBlob([...under('layout', ociLayoutFiles(image)), ...litter]));
    expect(source.files.layoutFolder).toBe('layout/');
    expect(source.files.members.has('index.json')).toBe(true);
  });

  it('at the root is read as it always was, with no folder said', async () => {
    const source = await openImageArchive(await tarBlob(ociLayoutFiles(image)));
    expect(source.files.layoutFolder).toBeUndefined();
  });

  const refused: Array<[string, () => FixtureFile[], RegExp, RegExp]> = [
    [
      'deeper than one folder',
      () => under('backup/2024/layout', ociLayoutFiles(image)),
      /no index\.json or manifest\.json at its root, only deeper, in the folder 'backup\/2024\/layout\/' \(index\.json, oci-layout\)/,
      /tar -cf image\.tar -C 'backup\/2024\/layout' \./,
    ],
    [
      'in two folders',
      () => [...under('amd64', ociLayoutFiles(image)), ...under('arm64', ociLayoutFiles(image))],
      /in 2 folders: 'amd64\/' \(index\.json, oci-layout\), 'arm64\/' \(index\.json, oci-layout\)/,
      /one of these folders/,
    ],
    [
      'in one folder beside other files',
      () => [...under('layout', ociLayoutFiles(image)), { path: 'README.txt', bytes: new Uint8Array([104, 105]) }],
      /only in the folder 'layout\/' \(index\.json, oci-layout\), beside other files/,
      /Choose a folder/,
    ],
  ];

  it.each(refused)('is refused when it is %s, saying where it was found and what to do', async (_name, files, message, suggestion) => {
    const error = await openImageArchive(await tarBlob(files())).catch((e: unknown) => e);
    expect(error, `got ${String(error)}, want a BadArchiveError`).toBeInstanceOf(BadArchiveError);
    expect((error as BadArchiveError).message).toMatch(message);
    expect((error as BadArchiveError).suggestion).toMatch(suggestion);
  });
});
