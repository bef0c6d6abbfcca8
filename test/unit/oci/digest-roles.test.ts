import { describe, expect, it } from 'vitest';
import { digestRole, type DigestDocument } from '@/lib/oci/digest-roles';

describe('digestRole', () => {
  const cases: { document: DigestDocument; path: (string | number)[]; want: ReturnType<typeof digestRole> }[] = [
    { document: 'index', path: ['manifests', 2, 'digest'], want: { kind: 'entry', entry: 2 } },
    { document: 'index', path: ['manifests', 1, 'annotations', 'vnd.docker.reference.digest'], want: { kind: 'entry-subject', entry: 1 } },
    { document: 'index', path: ['manifests', 1, 'annotations', 'org.example.digest'], want: undefined },
    { document: 'index', path: ['subject', 'digest'], want: { kind: 'subject' } },
    { document: 'index', path: ['layers', 0, 'digest'], want: undefined },
    { document: 'manifest', path: ['config', 'digest'], want: { kind: 'config' } },
    { document: 'manifest', path: ['layers', 3, 'digest'], want: { kind: 'layer', layer: 3 } },
    { document: 'manifest', path: ['subject', 'digest'], want: { kind: 'subject' } },
    { document: 'manifest', path: ['fsLayers', 0, 'blobSum'], want: { kind: 'layer-from-top', fromTop: 0 } },
    { document: 'manifest', path: ['fsLayers', 0, 'digest'], want: undefined },
    { document: 'manifest', path: ['annotations', 'digest'], want: undefined },
    { document: 'manifest', path: ['layers', 0, 'annotations', 'digest'], want: undefined },
    { document: 'manifest', path: ['manifests', 0, 'digest'], want: undefined },
    { document: 'config', path: ['rootfs', 'diff_ids', 0], want: { kind: 'layer', layer: 0 } },
    { document: 'config', path: ['config', 'Labels', 'digest'], want: undefined },
    { document: 'config', path: ['config', 'digest'], want: undefined },
  ];
  it.each(cases)('$document $path', ({ document, path, want }) => {
    expect(digestRole(document, path)).toEqual(want);
  });
});
