import { describe, expect, it } from 'vitest';
import { comparableNames } from '@/lib/local/archive-names';
import { compareImages, type ComparedImage } from '@/lib/local/compare-layers';

const d = (c: string) => `sha256:${c.repeat(64)}`;

describe('comparing an archive with the registry', () => {
  const archive: ComparedImage = { manifestDigest: d('a'), configDigest: d('0'), layers: [d('1'), d('2'), d('3')], diffIds: [d('4'), d('5'), d('6')], created: '2024-01-02T00:00:00Z' };

  it.each<[string, ComparedImage, string[], string, string]>([
    ['the same manifest', { ...archive }, ['same digest', 'same digest', 'same digest'], 'same time', 'same manifest'],
    [
      'a docker-archive of the pulled image: the same config, tar layers where the registry has gzip',
      { manifestDigest: d('b'), configDigest: d('0'), layers: [d('7'), d('8'), d('9')], diffIds: [d('4'), d('5'), d('6')], created: archive.created },
      ['same content, stored differently', 'same content, stored differently', 'same content, stored differently'],
      'same time',
      'same image',
    ],
    [
      'the same layers under another config',
      { manifestDigest: d('b'), configDigest: d('c'), layers: [d('7'), d('8'), d('9')], diffIds: [d('4'), d('5'), d('6')], created: '2024-01-01T00:00:00Z' },
      ['same content, stored differently', 'same content, stored differently', 'same content, stored differently'],
      'archive',
      'same filesystem',
    ],
    [
      'a rebuilt top layer and one more layer',
      { manifestDigest: d('b'), configDigest: d('c'), layers: [d('1'), d('2'), d('c'), d('e')], diffIds: [d('4'), d('5'), d('d'), d('f')], created: '2024-03-01T00:00:00Z' },
      ['same digest', 'same digest', 'different', 'only in the registry'],
      'registry',
      'different',
    ],
    [
      'no creation date on one side',
      { ...archive, manifestDigest: d('b'), configDigest: d('c'), created: undefined, layers: [d('1')], diffIds: [d('4')] },
      ['same digest', 'only in the archive', 'only in the archive'],
      'unknown',
      'different',
    ],
  ])('%s', (_name, registry, verdicts, newer, image) => {
    const got = compareImages(archive, registry);
    expect(got.layers.map((l) => l.verdict)).toEqual(verdicts);
    expect(got.newer).toBe(newer);
    expect(got.image).toBe(image);
    expect(got.sameManifest).toBe(registry.manifestDigest === archive.manifestDigest);
  });

  it.each<[string[], string[]]>([
    [['docker.io/test/layers:v1'], ['docker.io/test/layers:v1']],
    [['ubuntu:24.04', 'docker.io/library/ubuntu:24.04'], ['docker.io/library/ubuntu:24.04']],
    [['v1', '1.0', 'latest'], []],
    [['ghcr.io/o/app@sha256:' + 'a'.repeat(64)], []],
  ])('asks the registry about names %j as %j', (names, want) => {
    expect(comparableNames(names)).toEqual(want);
  });
});
