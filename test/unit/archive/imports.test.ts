import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// lib/archive sits above documents, streams and the file tree and below the
// pipeline and the views: it may import its own files, those lower rooms, the
// error, digest and bytes' origin helpers, and client-zip; never the registry
// client, the pipeline, React, Next.js or node:* (it runs in the browser).
const ALLOWED = /^(?:\.\/[a-z0-9-]+|\.\.\/(?:errors|digest|bytes-origin)|\.\.\/(?:fs|oci|stream)\/[a-z0-9-]+|client-zip)$/;
const DIR = path.resolve(__dirname, '../../../lib/archive');

describe('lib/archive imports', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));

  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files)('%s imports only what lib/archive may', (file) => {
    const source = readFileSync(path.join(DIR, file), 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
    for (const spec of specifiers) {
      expect(ALLOWED.test(spec), `${file} imports ${spec}`).toBe(true);
    }
  });
});
