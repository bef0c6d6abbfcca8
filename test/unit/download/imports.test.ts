import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// lib/download is the streamed-download protocol shared by the page and the
// service worker; the worker bundle must stay small and framework-free, so
// it may import its own files and the error base only. Only the worker entry
// touches service worker globals.
const ALLOWED = /^(?:\.\/[a-z0-9-]+|\.\.\/errors)$/;
const DIR = path.resolve(__dirname, '../../../lib/download');
const WORKER_ENTRY = 'service-worker.ts';

describe('lib/download imports', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));

  it('has files to check', () => {
    expect(files).toContain(WORKER_ENTRY);
  });

  it.each(files)('%s imports only what lib/download may', (file) => {
    const source = readFileSync(path.join(DIR, file), 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
    for (const spec of specifiers) expect(ALLOWED.test(spec), `${file} imports ${spec}`).toBe(true);
  });

  it.each(files.filter((f) => f !== WORKER_ENTRY))('%s uses no worker globals', (file) => {
    const source = readFileSync(path.join(DIR, file), 'utf8');
    expect(/\bself\b|\bimportScripts\b|\bclients\b|\bskipWaiting\b/.test(source.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')), file).toBe(false);
  });
});
