import { describe, expect, it } from 'vitest';
import { BadDocumentError, DocumentTooLargeError, NotJsonError } from '@/lib/oci/document-errors';
import { MAX_CONFIG_BYTES, parseImageConfig } from '@/lib/oci/parse';
import { classicConfig, jsonBytes } from './fixtures';

describe('parseImageConfig', () => {
  it('returns the config as sent, nulls and unknown fields included', () => {
    const doc = classicConfig();
    expect(parseImageConfig(jsonBytes(doc))).toEqual(doc);
  });

  it('accepts a minimal OCI config (no config, no history)', () => {
    const doc = { architecture: 'arm64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } };
    expect(parseImageConfig(jsonBytes(doc))).toEqual(doc);
  });

  const base = classicConfig;
  const cases: { name: string; doc: unknown; path: string; message: RegExp }[] = [
    {
      name: 'diff_id not a digest',
      doc: { ...base(), rootfs: { type: 'layers', diff_ids: [base().rootfs.diff_ids[0], 'sha256:'] } },
      path: 'config.rootfs.diff_ids[1]',
      message: /is not a digest/,
    },
    { name: 'rootfs missing', doc: { ...base(), rootfs: undefined }, path: 'config.rootfs', message: /is missing/ },
    {
      name: 'rootfs type not layers',
      doc: { ...base(), rootfs: { type: 'tarsum', diff_ids: [] } },
      path: 'config.rootfs.type',
      message: /is not "layers"/,
    },
    { name: 'architecture missing', doc: { ...base(), architecture: undefined }, path: 'config.architecture', message: /is missing/ },
    { name: 'os not a string', doc: { ...base(), os: 1 }, path: 'config.os', message: /is not a string: got 1/ },
    {
      name: 'Env entry not a string',
      doc: { ...base(), config: { ...base().config, Env: ['A=1', 2] } },
      path: 'config.config.Env[1]',
      message: /is not a string/,
    },
    {
      name: 'Cmd a string instead of a list',
      doc: { ...base(), config: { ...base().config, Cmd: 'nginx' } },
      path: 'config.config.Cmd',
      message: /is not an array/,
    },
    {
      name: 'label value not a string',
      doc: { ...base(), config: { ...base().config, Labels: { version: 2 } } },
      path: 'config.config.Labels["version"]',
      message: /is not a string/,
    },
    {
      name: 'ExposedPorts a list',
      doc: { ...base(), config: { ...base().config, ExposedPorts: ['80/tcp'] } },
      path: 'config.config.ExposedPorts',
      message: /is not an object/,
    },
    {
      name: 'history entry empty_layer not a boolean',
      doc: { ...base(), history: [{ created_by: 'x', empty_layer: 'true' }] },
      path: 'config.history[0].empty_layer',
      message: /is not true or false/,
    },
    {
      name: 'history entry not an object',
      doc: { ...base(), history: ['RUN x'] },
      path: 'config.history[0]',
      message: /is not an object/,
    },
  ];
  it.each(cases)('$name -> $path', (c) => {
    let caught: unknown;
    try {
      parseImageConfig(jsonBytes(c.doc));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(BadDocumentError);
    const err = caught as BadDocumentError;
    expect(err.path, `got path ${err.path}, want ${c.path}`).toBe(c.path);
    expect(err.message).toMatch(c.message);
  });

  it('refuses a config that is not JSON', () => {
    expect(() => parseImageConfig(new TextEncoder().encode('<!DOCTYPE html><html>'))).toThrow(NotJsonError);
  });

  it('refuses a config that starts with a UTF-8 byte-order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...jsonBytes(classicConfig())]);
    expect(() => parseImageConfig(bytes)).toThrow(BadDocumentError);
    expect(() => parseImageConfig(bytes)).toThrow(/^config starts with a UTF-8 byte-order mark/);
  });

  it('refuses a config over the limit', () => {
    expect(() => parseImageConfig(new Uint8Array(MAX_CONFIG_BYTES + 1))).toThrow(DocumentTooLargeError);
  });
});
