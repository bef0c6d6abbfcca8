import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// lib/registry runs in Node and the browser, and sits below the layer
// pipeline: it may import only itself and lib's base modules.
const ROOT = path.resolve(__dirname, '../../../lib/registry');
const ALLOWED = [/^\.\.?\//];
const ALLOWED_OUTSIDE = new Set(['../errors', '../digest', '../base64', '../../errors', '../../digest', '../../base64']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : [],
  );
}

describe('lib/registry imports', () => {
  const files = sourceFiles(ROOT);

  it.each(files.map((f) => [path.relative(ROOT, f), f]))('%s imports only lib/registry and lib base modules', (_name, file) => {
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
    for (const spec of specifiers) {
      expect(ALLOWED.some((re) => re.test(spec)), `import '${spec}': got a package import, want a relative one`).toBe(true);
      const target = path.resolve(path.dirname(file), spec);
      const inside = target === ROOT || target.startsWith(ROOT + path.sep);
      const outside = path.relative(path.dirname(file), target).replace(/\\/g, '/');
      expect(inside || ALLOWED_OUTSIDE.has(outside), `import '${spec}': got a module outside lib/registry, want lib/errors or lib/digest`).toBe(true);
    }
  });
});
