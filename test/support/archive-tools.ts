/**
 * The reference tools that judge Pullscope's archives, for integration and
 * e2e tests: a command runner with useful failures, sha256 of a file, and a
 * listing of a tar in the shape of `umociListing` (Python's tarfile reads
 * it: an implementation independent of ours).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ListingEntry } from './umoci-listing';

/** Runs a command (in `cwd` when given); resolves its stdout, rejects with its stderr in the message. */
export function run(file: string, args: string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, cwd }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${stderr.trim()}`, { cause: error }));
      else resolve(stdout);
    });
  });
}

/** `sha256:<hex>` of bytes. */
export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** `sha256:<hex>` of a file's content. */
export function sha256OfFile(path: string): string {
  return sha256Digest(readFileSync(path));
}

/**
 * Lists every path of a tar as JSON, as an unpacked tree shows them: hardlinks resolved to their target's content,
 * a path listed twice (a directory written again to set its metadata) as its last member.
 */
const listTar = `
import hashlib, json, sys, tarfile
types = {tarfile.REGTYPE: 'file', tarfile.AREGTYPE: 'file', tarfile.DIRTYPE: 'directory', tarfile.SYMTYPE: 'symlink',
         tarfile.LNKTYPE: 'hardlink', tarfile.CHRTYPE: 'char', tarfile.BLKTYPE: 'block', tarfile.FIFOTYPE: 'fifo'}
out = {}
contents = {}
with tarfile.open(sys.argv[1]) as tar:
    for m in tar:
        name = m.name.rstrip('/')
        if name in ('', '.'):
            continue
        entry = {'path': '/' + name.removeprefix('./'), 'type': types.get(m.type, 'other:' + m.type.decode()),
                 'mode': m.mode & 0o7777, 'uid': m.uid, 'gid': m.gid, 'size': 0}
        if m.isreg():
            data = tar.extractfile(m).read()
            contents[name] = (len(data), hashlib.sha256(data).hexdigest())
            entry['size'], entry['sha256'] = contents[name]
        elif m.issym():
            entry['linkTarget'] = m.linkname
        elif m.islnk():
            target = m.linkname.rstrip('/')
            if target not in contents:
                entry['missingTarget'] = m.linkname
            else:
                entry['type'] = 'file'
                entry['size'], entry['sha256'] = contents[target]
        out[entry['path']] = entry
json.dump(list(out.values()), sys.stdout)
`;

/** A tar's paths in the shape of `umociListing`, sorted; hardlinks read as the file they share, each path as its last member. */
export async function tarListing(tarFile: string): Promise<ListingEntry[]> {
  const entries = JSON.parse(await run('python3', ['-c', listTar, tarFile])) as ListingEntry[];
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
