import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// lib/local reads archives in the browser: it may use its own files, the
// documents, streams, digests, errors and bytes' origins below it, the reference grammar,
// and the ImageSource contract of lib/inspect; never the registry client,
// the pipeline, React, Next.js or node:*.
const ALLOWED = /^(?:\.\/[a-z0-9-]+|\.\.\/(?:errors|digest|reference|bytes-origin)|\.\.\/(?:oci|stream)\/[a-z0-9-]+|\.\.\/inspect\/image-source)$/;
const DIR = path.resolve(__dirname, '../../../lib/local');

describe('lib/local imports', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));

  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files)('%s imports only what lib/local may', (file) => {
    const source = readFileSync(path.join(DIR, file), 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
    for (const spec of specifiers) {
      expect(ALLOWED.test(spec), `${file} imports ${spec}`).toBe(true);
    }
  });
});
