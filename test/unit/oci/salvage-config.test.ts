import { describe, expect, it } from 'vitest';
import { salvageImageConfig } from '@/lib/oci/salvage-config';
import { BadDocumentError } from '@/lib/oci/document-errors';

const bytes = (text: string) => new TextEncoder().encode(text);
const DIFF_ID = `sha256:${'a'.repeat(64)}`;

describe('salvageImageConfig', () => {
  it('reads a valid config with no problems', () => {
    const { config, problems } = salvageImageConfig(bytes(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [DIFF_ID] } })));
    expect(problems).toEqual([]);
    expect(config.rootfs.diff_ids).toEqual([DIFF_ID]);
  });

  it.each([
    {
      name: 'a missing rootfs: no diff_ids, the rest read',
      config: { architecture: 'amd64', os: 'linux', config: { Cmd: ['/bin/sh'] } },
      problems: ['config.rootfs is missing'],
      want: { architecture: 'amd64', cmd: ['/bin/sh'], diffIds: [] },
    },
    {
      name: 'a broken Env and a broken diff_id: both named, each member set aside',
      config: { architecture: 'arm64', os: 'linux', config: { Env: 'PATH=/bin' }, rootfs: { type: 'layers', diff_ids: ['nope'] } },
      problems: ['config.config.Env', 'config.rootfs.diff_ids[0]'],
      want: { architecture: 'arm64', cmd: undefined, diffIds: [] },
    },
    {
      name: 'a broken os.version, a key with a dot',
      config: { architecture: 'amd64', os: 'windows', 'os.version': 10, rootfs: { type: 'layers', diff_ids: [DIFF_ID] } },
      problems: ['config.os.version'],
      want: { architecture: 'amd64', cmd: undefined, diffIds: [DIFF_ID] },
    },
  ])('sets aside $name', (c) => {
    const { config, problems } = salvageImageConfig(bytes(JSON.stringify(c.config)));
    expect(problems.map((p) => p.message).join(' | ')).toSatisfy((text: string) => c.problems.every((p) => text.includes(p)));
    expect(problems).toHaveLength(c.problems.length);
    expect(config.architecture).toBe(c.want.architecture);
    expect(config.config?.Cmd).toEqual(c.want.cmd);
    expect(config.rootfs.diff_ids).toEqual(c.want.diffIds);
  });

  it.each([
    { name: 'not JSON', text: 'not json' },
    { name: 'a key given twice (two parsers would disagree)', text: `{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[],"diff_ids":["${DIFF_ID}"]}}` },
    { name: 'an array', text: '[]' },
  ])('salvages nothing from $name', ({ text }) => {
    expect(() => salvageImageConfig(bytes(text))).toThrow();
  });

  it('keeps the error of a config that is no object', () => {
    expect(() => salvageImageConfig(bytes('[]'))).toThrow(BadDocumentError);
  });
});
