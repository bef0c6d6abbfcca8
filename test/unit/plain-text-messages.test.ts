/**
 * Messages and suggestions are shown as plain text, never as Markdown: a command is quoted as the other messages
 * quote what the user types or runs ("docker save"), not in backticks that would show as they are.
 */
import { describe, expect, it } from 'vitest';
import { parseReference } from '@/lib/reference';
import { localImageAdvice } from '@/lib/reference-transport';
import { BadArchiveError, MissingArchiveFileError } from '@/lib/local/errors';
import { TarFormatError } from '@/lib/stream/errors';
import { UnsafePathError } from '@/lib/fs/errors';
import { BadTagListError } from '@/lib/inspect/list-tags';

const HEX = 'ab'.repeat(32);

function thrown(fn: () => unknown): { message: string; suggestion?: string } {
  try {
    fn();
  } catch (err) {
    return err as { message: string; suggestion?: string };
  }
  throw new Error('got no error, want one');
}

describe('a message shown to the user', () => {
  it.each([
    ['a file that is no archive', new BadArchiveError('The file is not a tar archive'), '"docker save"'],
    ['an archive that lacks a platform', new MissingArchiveFileError('blobs/sha256/x', 'index.json', true), '"skopeo copy --all"'],
    ['an archive that lacks a blob', new MissingArchiveFileError('blobs/sha256/x', 'index.json'), '"docker save"'],
    ['a layer that is no tar', new TarFormatError(0, 'bad header'), '"tar -tvf"'],
    ['a layer with an unsafe path', new UnsafePathError('../x', 'it leaves the root'), '"tar -tvf"'],
    ['a tag list that is not one', new BadTagListError('not JSON'), '"curl …/tags/list"'],
    ['an image ID', thrown(() => parseReference(HEX)), '"docker images --no-trunc"'],
    ['a bare digest', thrown(() => parseReference(`sha256:${HEX}`)), '"docker pull"'],
    ['an image in the Docker daemon', localImageAdvice('docker-daemon:ubuntu:22.04', () => true)!, '"docker save -o image.tar ubuntu:22.04"'],
    ['a directory of skopeo', localImageAdvice('dir:/tmp/img', () => true)!, '"skopeo copy dir:/tmp/img oci-archive:image.tar"'],
  ])('%s quotes its command in double quotes, with no backtick', (_, error, command) => {
    const text = `${error.message} ${error.suggestion ?? ''}`;
    expect(text, `got ${text}`).not.toContain('`');
    expect(text).toContain(command);
  });
});
