import { describe, expect, it } from 'vitest';
import type { LayerEntryInput } from '@/lib/fs/entry';
import type { MergedTree } from '@/lib/fs/merged-tree';
import { mergeLayers } from '@/lib/fs/overlay';
import { dir, file, hardlink, layer, opaque, symlink, whiteout } from './layer-fixture';

function merge(...layers: LayerEntryInput[][]): MergedTree {
  return mergeLayers(layers.map((entries) => layer(...entries)));
}

/** The merged tree in walk order: type letter, path, and the layer each entry comes from. */
function listing(tree: MergedTree): string[] {
  return Array.from(tree.walk(), (e) => `${e.type[0]} ${e.path} @${e.layer}`);
}

/** Hidden entries as "path @layer reason by N", sorted for stable comparison. */
function hidden(tree: MergedTree): string[] {
  return Array.from(tree.hiddenEntries(), (e) => `${e.path} @${e.layer} ${e.reason} by ${e.hiddenBy}`).sort();
}

interface OverlayCase {
  name: string;
  layers: LayerEntryInput[][];
  want: string[];
  wantHidden?: string[];
}

const cases: OverlayCase[] = [
  {
    name: 'TestMergeUnionOfDisjointLayers',
    layers: [[dir('bin/'), file('bin/sh')], [dir('etc/'), file('etc/hosts')]],
    want: ['d /bin @0', 'f /bin/sh @0', 'd /etc @1', 'f /etc/hosts @1'],
  },
  {
    name: 'TestExtractWhiteoutFile',
    layers: [[dir('etc/'), file('etc/motd'), file('etc/hosts')], [whiteout('etc/motd')]],
    want: ['d /etc @0', 'f /etc/hosts @0'],
    wantHidden: ['/etc/motd @0 whiteout by 1'],
  },
  {
    name: 'TestExtractWhiteoutDirectorySubtree',
    layers: [[dir('opt/'), dir('opt/app/'), file('opt/app/a'), dir('opt/app/lib/'), file('opt/app/lib/b'), file('opt/keep')], [whiteout('opt/app')]],
    want: ['d /opt @0', 'f /opt/keep @0'],
    wantHidden: ['/opt/app @0 whiteout by 1', '/opt/app/a @0 whiteout by 1', '/opt/app/lib @0 whiteout by 1', '/opt/app/lib/b @0 whiteout by 1'],
  },
  {
    name: 'TestExtractOpaqueWhiteoutMarkerBeforeNewChildren',
    layers: [[dir('var/'), file('var/old'), dir('var/sub/'), file('var/sub/x')], [dir('var/'), opaque('var'), file('var/new')]],
    want: ['d /var @1', 'f /var/new @1'],
    wantHidden: ['/var/old @0 opaque by 1', '/var/sub @0 opaque by 1', '/var/sub/x @0 opaque by 1'],
  },
  {
    name: 'TestExtractOpaqueWhiteoutMarkerAfterNewChildren',
    layers: [[dir('var/'), file('var/old')], [dir('var/'), file('var/new'), opaque('var')]],
    want: ['d /var @1', 'f /var/new @1'],
    wantHidden: ['/var/old @0 opaque by 1'],
  },
  {
    name: 'TestExtractOpaqueKeepsSameLayerChildOfLowerName',
    layers: [[dir('var/'), file('var/a', 1)], [opaque('var'), file('var/a', 2)]],
    want: ['d /var @0', 'f /var/a @1'],
    wantHidden: ['/var/a @0 opaque by 1'],
  },
  {
    name: 'TestExtractOpaqueHidesOnlyLowerLayersNotHigher',
    layers: [[dir('d/'), file('d/a')], [dir('d/'), opaque('d'), file('d/b')], [dir('d/'), file('d/c')]],
    want: ['d /d @2', 'f /d/b @1', 'f /d/c @2'],
    wantHidden: ['/d/a @0 opaque by 1'],
  },
  {
    name: 'TestExtractNestedOpaque',
    layers: [
      [dir('a/'), file('a/x'), dir('a/b/'), file('a/b/y')],
      [dir('a/'), dir('a/b/'), opaque('a/b'), file('a/b/z'), file('a/w')],
    ],
    want: ['d /a @1', 'd /a/b @1', 'f /a/b/z @1', 'f /a/w @1', 'f /a/x @0'],
    wantHidden: ['/a/b/y @0 opaque by 1'],
  },
  {
    name: 'TestExtractOpaqueBelowOpaque',
    layers: [
      [dir('a/'), file('a/x'), dir('a/b/'), file('a/b/y')],
      [dir('a/'), dir('a/b/'), file('a/b/v')],
      [dir('a/'), opaque('a'), dir('a/b/'), opaque('a/b'), file('a/b/z')],
    ],
    want: ['d /a @2', 'd /a/b @2', 'f /a/b/z @2'],
    wantHidden: ['/a/b @0 opaque by 2', '/a/b @1 opaque by 2', '/a/b/v @1 opaque by 2', '/a/b/y @0 opaque by 2', '/a/x @0 opaque by 2'],
  },
  {
    name: 'TestExtractWhiteoutThenRecreateInLaterLayer',
    layers: [[dir('srv/'), file('srv/data', 1), file('srv/data2')], [whiteout('srv')], [dir('srv/'), file('srv/data', 3)]],
    want: ['d /srv @2', 'f /srv/data @2'],
    wantHidden: ['/srv @0 whiteout by 1', '/srv/data @0 whiteout by 1', '/srv/data2 @0 whiteout by 1'],
  },
  {
    name: 'TestExtractWhiteoutAndRecreateInSameLayer',
    layers: [[dir('srv/'), file('srv/old')], [whiteout('srv'), dir('srv/'), file('srv/new')]],
    want: ['d /srv @1', 'f /srv/new @1'],
    wantHidden: ['/srv @0 whiteout by 1', '/srv/old @0 whiteout by 1'],
  },
  {
    name: 'TestExtractFileReplacesDirectory',
    layers: [[dir('x/'), file('x/a'), dir('x/b/'), file('x/b/c')], [file('x', 9)]],
    want: ['f /x @1'],
    wantHidden: ['/x @0 replaced by 1', '/x/a @0 replaced by 1', '/x/b @0 replaced by 1', '/x/b/c @0 replaced by 1'],
  },
  {
    name: 'TestExtractDirectoryReplacesFile',
    layers: [[file('x', 9)], [dir('x/'), file('x/a')]],
    want: ['d /x @1', 'f /x/a @1'],
    wantHidden: ['/x @0 replaced by 1'],
  },
  {
    name: 'TestExtractImplicitDirectoryReplacesFile',
    layers: [[file('x', 9)], [file('x/a')]],
    want: ['d /x @1', 'f /x/a @1'],
    wantHidden: ['/x @0 replaced by 1'],
  },
  {
    // Docker's overlay2 and containerd's overlayfs snapshotter extract each layer into its own empty directory, so
    // `lib/x.so` never goes through the lower `lib -> usr/lib`: the layer's `lib/` is a directory that hides the link.
    name: 'TestExtractImplicitDirectoryReplacesSymlink',
    layers: [[dir('usr/'), dir('usr/lib/'), file('usr/lib/a'), symlink('lib', 'usr/lib')], [file('lib/x.so')]],
    want: ['d /lib @1', 'f /lib/x.so @1', 'd /usr @0', 'd /usr/lib @0', 'f /usr/lib/a @0'],
    wantHidden: ['/lib @0 replaced by 1'],
  },
  {
    name: 'TestExtractSymlinkReplacesDirectory',
    layers: [[dir('lib/'), file('lib/libc.so')], [symlink('lib', 'usr/lib')]],
    want: ['s /lib @1'],
    wantHidden: ['/lib @0 replaced by 1', '/lib/libc.so @0 replaced by 1'],
  },
  {
    name: 'TestExtractFileReplacesFile',
    layers: [[file('a', 1)], [file('a', 2)], [file('a', 3)]],
    want: ['f /a @2'],
    wantHidden: ['/a @0 replaced by 1', '/a @1 replaced by 2'],
  },
  {
    name: 'TestExtractDirectoryMergeTakesUpperMetadata',
    layers: [[dir('etc/', { mode: 0o700 }), file('etc/a')], [dir('etc/', { mode: 0o755 }), file('etc/b')]],
    want: ['d /etc @1', 'f /etc/a @0', 'f /etc/b @1'],
  },
  {
    name: 'TestExtractImplicitDirectoryKeepsLowerMetadata',
    layers: [[dir('etc/', { mode: 0o700 }), file('etc/a')], [file('etc/b')]],
    want: ['d /etc @0', 'f /etc/a @0', 'f /etc/b @1'],
  },
  {
    name: 'TestExtractWhiteoutOfMissingPathIsNoop',
    layers: [[dir('etc/'), file('etc/a')], [whiteout('etc/ghost'), whiteout('nowhere/at/all')]],
    want: ['d /etc @0', 'f /etc/a @0', 'd /nowhere @1', 'd /nowhere/at @1'],
  },
  {
    name: 'TestExtractWhiteoutMarkersNeverInOutput',
    layers: [[whiteout('a'), opaque('b'), file('.wh..wh.orph')], [whiteout('c')]],
    want: ['d /b @0'],
  },
  {
    name: 'TestExtractWhiteoutOnlyAppliesToLowerLayers',
    layers: [[file('a', 1)], [file('a', 2), whiteout('a')]],
    want: ['f /a @1'],
    wantHidden: ['/a @0 whiteout by 1'],
  },
  {
    name: 'TestExtractLowestHidingLayerIsReported',
    layers: [[dir('a/'), file('a/x')], [whiteout('a/x')], [file('a', 5)]],
    want: ['f /a @2'],
    // Layer 1 holds /a only as the implied parent of its whiteout; it is hidden all the same.
    wantHidden: ['/a @0 replaced by 2', '/a @1 replaced by 2', '/a/x @0 whiteout by 1'],
  },
  {
    name: 'TestExtractDeletedParentHidesRecreatedChildBelow',
    layers: [[dir('a/'), file('a/x', 1)], [file('a/x', 2)], [whiteout('a')]],
    want: [],
    wantHidden: ['/a @0 whiteout by 2', '/a @1 whiteout by 2', '/a/x @0 replaced by 1', '/a/x @1 whiteout by 2'],
  },
];

describe('mergeLayers', () => {
  it.each(cases)('$name', ({ layers, want, wantHidden }) => {
    const tree = merge(...layers);
    expect(listing(tree)).toEqual(want);
    if (wantHidden !== undefined) expect(hidden(tree)).toEqual(wantHidden);
    for (const e of tree.walk()) {
      expect(e.name.startsWith('.wh.'), `whiteout marker ${e.path} in merged tree`).toBe(false);
    }
  });

  it('merges no layers into an empty root', () => {
    const tree = mergeLayers([]);
    expect(tree.size).toBe(1);
    expect(listing(tree)).toEqual([]);
    expect(tree.entry(0)).toMatchObject({ path: '/', type: 'directory', implicit: true });
    expect(tree.children('/', { includeHidden: true })).toEqual([]);
  });

  it('attributes each entry to the layer that last wrote it, with that layer offsets', () => {
    const tree = merge([dir('app/'), file('app/a', 10), file('app/b', 20)], [file('app/b', 30)]);
    const a = tree.lookup('/app/a');
    const b = tree.lookup('/app/b');
    // Fixture offsets: entry k of a layer has its header at k*1024 and data 512 bytes later.
    expect(a).toMatchObject({ layer: 0, size: 10, headerOffset: 1024, dataOffset: 1536 });
    expect(b).toMatchObject({ layer: 1, size: 30, headerOffset: 0, dataOffset: 512 });
    expect(tree.contentOf('/app/b')).toEqual({ layer: 1, headerOffset: 0, dataOffset: 512, size: 30 });
    expect(tree.contentOf('/app')).toBeUndefined();
    expect(tree.totalSize('/app')).toBe(40);
    expect(tree.totalSize('/')).toBe(40);
  });

  it('lists hidden children next to visible ones on request', () => {
    const tree = merge(
      [dir('etc/'), file('etc/a', 1), file('etc/b'), file('etc/c')],
      [whiteout('etc/b'), file('etc/a', 2)],
    );
    expect(tree.children('/etc').map((e) => e.name)).toEqual(['a', 'c']);
    const all = tree.children('/etc', { includeHidden: true });
    expect(all.map((e) => `${e.name} @${e.layer} ${e.hidden ? `hidden ${e.reason} by ${e.hiddenBy}` : 'visible'}`)).toEqual([
      'a @1 visible',
      'a @0 hidden replaced by 1',
      'b @0 hidden whiteout by 1',
      'c @0 visible',
    ]);
  });

  it('lists hidden children of a deleted directory', () => {
    const tree = merge([dir('gone/'), file('gone/x')], [whiteout('gone')]);
    expect(tree.lookup('/gone')).toBeUndefined();
    expect(tree.children('/gone')).toEqual([]);
    expect(tree.children('/gone', { includeHidden: true }).map((e) => `${e.path} ${e.hidden}`)).toEqual(['/gone/x true']);
  });

  it('reports hardlinks whose target is missing from the result', () => {
    const tree = merge(
      [dir('bin/'), file('bin/busybox', 800), hardlink('bin/ls', 'bin/busybox'), hardlink('bin/cat', 'bin/busybox'), dir('d/')],
      [whiteout('bin/busybox'), hardlink('bin/dir', 'd')],
      [hardlink('bin/new', 'bin/ls')],
    );
    expect(tree.validateHardlinks()).toEqual([
      { path: '/bin/cat', target: '/bin/busybox', layer: 0, problem: 'missing' },
      { path: '/bin/dir', target: '/d', layer: 1, problem: 'directory' },
      { path: '/bin/ls', target: '/bin/busybox', layer: 0, problem: 'missing' },
    ]);
    // The link's bytes are its target's as extracted in the link's own layer.
    expect(tree.contentOf('/bin/ls')).toEqual({ layer: 0, headerOffset: 1024, dataOffset: 1536, size: 800 });
    expect(tree.contentOf('/bin/new')).toEqual({ layer: 0, headerOffset: 1024, dataOffset: 1536, size: 800 });
  });

  it("reads a hardlink's bytes from its target as of the link's layer, not from a later layer's replacement", () => {
    const tree = merge([file('a', 10)], [hardlink('b', 'a')], [file('a', 30)], [hardlink('c', 'a')]);
    // Layer 1's link shares layer 0's a; layer 2 then replaced a, which layer 3's link shares.
    expect(tree.contentOf('/b')).toMatchObject({ layer: 0, size: 10 });
    expect(tree.contentOf('/c')).toMatchObject({ layer: 2, size: 30 });
    expect(tree.contentOf('/a')).toMatchObject({ layer: 2, size: 30 });
  });

  it('finds no hardlink problem when every target exists', () => {
    const tree = merge([file('a', 1), hardlink('b', 'a')], [hardlink('c', './b')]);
    expect(tree.validateHardlinks()).toEqual([]);
  });

  describe('resolveSymlink', () => {
    const tree = merge(
      [
        dir('usr/'),
        dir('usr/bin/'),
        file('usr/bin/busybox'),
        symlink('usr/bin/sh', 'busybox'),
        symlink('bin', 'usr/bin'),
        symlink('abs', '/usr/bin/sh'),
        symlink('up', '../../../../usr/bin/busybox'),
        symlink('usr/bin/parent', '..'),
        symlink('loop1', 'loop2'),
        symlink('loop2', 'loop1'),
        symlink('self', 'self'),
        symlink('dangling', 'nowhere'),
        symlink('empty', ''),
        symlink('viafile', 'usr/bin/busybox/x'),
      ],
      [symlink('usr/bin/ash', '/bin/sh')],
    );
    const table: Array<[path: string, want: string | undefined]> = [
      ['/usr/bin/busybox', '/usr/bin/busybox'],
      ['/usr/bin/sh', '/usr/bin/busybox'],
      ['/bin/sh', '/usr/bin/busybox'],
      ['/bin', '/usr/bin'],
      ['/abs', '/usr/bin/busybox'],
      ['/up', '/usr/bin/busybox'],
      ['/../../usr/bin/sh', '/usr/bin/busybox'],
      ['/usr/bin/parent/bin/ash', '/usr/bin/busybox'],
      ['/bin/../bin/sh', '/usr/bin/busybox'],
      ['/usr/bin/ash', '/usr/bin/busybox'],
      ['/loop1', undefined],
      ['/self', undefined],
      ['/dangling', undefined],
      ['/empty', undefined],
      ['/viafile', undefined],
      ['/missing/sh', undefined],
      ['/', '/'],
    ];
    it.each(table)('resolves %s to %s', (path, want) => {
      expect(tree.resolveSymlink(path)).toBe(want);
    });

    it('gives up after maxHops links', () => {
      expect(tree.resolveSymlink('/usr/bin/ash', 3)).toBe('/usr/bin/busybox');
      expect(tree.resolveSymlink('/usr/bin/ash', 2)).toBeUndefined();
    });

    it.each<[path: string, want: 'missing' | 'loop']>([
      ['/loop1', 'loop'],
      ['/self', 'loop'],
      ['/dangling', 'missing'],
      ['/empty', 'missing'],
      ['/viafile', 'missing'],
      ['/missing/sh', 'missing'],
    ])('says why %s leads nowhere: %s', (path, want) => {
      expect(tree.followSymlinks(path)).toEqual({ nowhere: want });
    });

    it('calls a chain longer than maxHops a loop, as the kernel does (ELOOP)', () => {
      expect(tree.followSymlinks('/usr/bin/ash', 3)).toEqual({ path: '/usr/bin/busybox' });
      expect(tree.followSymlinks('/usr/bin/ash', 2)).toEqual({ nowhere: 'loop' });
    });
  });

  it('filters merged paths by substring', () => {
    const tree = merge([file('etc/passwd'), file('etc/group')], [file('usr/share/passwd.5')]);
    expect(tree.filter('passwd').map((e) => e.path)).toEqual(['/etc/passwd', '/usr/share/passwd.5']);
  });

  it('filters hidden entries too when asked, after the visible ones, as "show hidden" lists them', () => {
    const tree = merge([dir('etc/'), file('etc/stale.conf'), file('etc/Stale.bak'), file('etc/keep')], [whiteout('etc/stale.conf'), file('etc/stale.new')]);
    expect(tree.filter('stale').map((e) => e.path)).toEqual(['/etc/stale.new']);
    const all = tree.filter('stale', { includeHidden: true, ignoreCase: true });
    expect(all.map((e) => `${e.path} ${e.hidden ? 'hidden' : 'visible'}`)).toEqual(['/etc/Stale.bak visible', '/etc/stale.new visible', '/etc/stale.conf hidden']);
    expect(tree.filter('stale', { includeHidden: true, ignoreCase: true, limit: 2 })).toHaveLength(2);
  });

  it('keeps every lookup consistent with the walk', () => {
    const tree = merge([dir('a/'), file('a/x'), file('b')], [file('a/y'), whiteout('b'), file('c')]);
    let count = 0;
    for (const e of tree.walk()) {
      count++;
      expect(tree.indexOf(e.path), `indexOf(${e.path})`).toBe(e.index);
      expect(tree.entry(e.index).path).toBe(e.path);
    }
    expect(count).toBe(tree.size - 1);
  });
});

describe('MergedTree.hiddenAt', () => {
  it('names the layers that held a path and what removed it, upper layers first; nothing for a visible or unknown path', () => {
    const tree = merge(
      [dir('opt/'), dir('opt/app/'), file('opt/app/a'), file('opt/keep')],
      [dir('opt/'), dir('opt/app/'), file('opt/app/a', 2)],
      [whiteout('opt/app')],
    );
    expect(tree.hiddenAt('/opt/app/a').map((e) => `${e.path} @${e.layer} ${e.reason} by ${e.hiddenBy}`)).toEqual([
      '/opt/app/a @1 whiteout by 2',
      // Layer 0's copy was replaced by layer 1's before the whiteout.
      '/opt/app/a @0 replaced by 1',
    ]);
    expect(tree.hiddenAt('opt/app/')).toHaveLength(2);
    expect(tree.hiddenAt('/opt/keep')).toEqual([]);
    expect(tree.hiddenAt('/nowhere')).toEqual([]);
  });
});
