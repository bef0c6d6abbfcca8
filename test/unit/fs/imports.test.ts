import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// lib/fs is pure data-structure code: it reads tar headers handed to it and
// never does I/O, so it may import its own files, the error base and
// lib/visible-text (how a name is shown) only.
const ALLOWED = /^(?:\.\/[a-z0-9-]+|\.\.\/(?:errors|visible-text))$/;
const DIR = path.resolve(__dirname, '../../../lib/fs');

describe('lib/fs imports', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));

  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files)('%s imports only lib/fs, lib/errors and lib/visible-text', (file) => {
    const source = readFileSync(path.join(DIR, file), 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
    for (const spec of specifiers) {
      expect(ALLOWED.test(spec), `${file} imports ${spec}`).toBe(true);
    }
  });
});
