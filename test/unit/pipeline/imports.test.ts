import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The pipeline sits above the stream stages, the file tree, the OCI types and
// the proxy client, its protocol and trace entries (style.md, "dependencies run one way"); it runs in a
// worker and in Node, so no Node, React or Next.js imports. Only the worker
// entry may touch worker globals.
const ALLOWED = /^(?:\.\/[a-z0-9-]+|\.\.\/(?:errors|digest|stream\/[a-z0-9-]+|fs\/[a-z0-9-]+|oci\/[a-z0-9-]+|inspect\/proxy-client|registry\/errors|registry\/proxy-protocol|registry\/trace)|pako|hash-wasm)$/;
const DIR = path.resolve(__dirname, '../../../lib/pipeline');
const WORKER_ENTRY = 'layer-worker.ts';

describe('lib/pipeline imports', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));

  it('has files to check', () => {
    expect(files).toContain(WORKER_ENTRY);
  });

  it.each(files)('%s imports only what the pipeline may use', (file) => {
    const source = readFileSync(path.join(DIR, file), 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
    for (const spec of specifiers) expect(ALLOWED.test(spec), `${file} imports ${spec}`).toBe(true);
  });

  it.each(files.filter((f) => f !== WORKER_ENTRY))('%s uses no worker globals', (file) => {
    const source = readFileSync(path.join(DIR, file), 'utf8');
    expect(/\bself\b|\bimportScripts\b|\bonmessage\s*=|globalThis\.postMessage/.test(source.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')), file).toBe(false);
  });
});
