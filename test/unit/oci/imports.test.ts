import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// lib/oci sits just above lib/digest and lib/errors in the dependency order
// (house style: reference -> media types and documents -> registry -> …): it
// may import its own files and those two, and lib/visible-text (how text from
// an image is shown, for its own sentences), nothing else, and no framework.
const ALLOWED = /^(?:\.\/[a-z0-9-]+|\.\.\/(?:errors|digest|visible-text))$/;
const DIR = path.resolve(__dirname, '../../../lib/oci');

describe('lib/oci imports', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));

  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files)('%s imports only lib/oci, lib/errors, lib/digest and lib/visible-text', (file) => {
    const source = readFileSync(path.join(DIR, file), 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
    for (const spec of specifiers) {
      expect(ALLOWED.test(spec), `${file} imports ${spec}`).toBe(true);
    }
  });
});
