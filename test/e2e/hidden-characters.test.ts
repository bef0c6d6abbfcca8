/**
 * Text an image's author wrote, shown so that it cannot hide or reorder what
 * the page says ("Trojan Source"): bidi overrides, zero-width characters and
 * ANSI escapes in the config, the history, the index's platforms (and the
 * page's own sentence about them), a file's text and the raw JSON read as
 * marked escapes; the file downloads with its bytes as they are. A label's
 * link reads the address it opens.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { useBrowser } from '../support/use-browser';
import { loadTestBed } from '../support/test-bed';
import { OCI_MANIFEST, entriesLayer, imageConfig, pushImage, pushIndex } from '../support/hostile-images';

const bed = loadTestBed();
const appUrl = inject('appUrl');
const browserOf = useBrowser();
const host = bed.anonymous.host;

const RLO = '\u202e';
// Any raw character that hides or reorders text: bidi controls, zero-width characters, ESC.
const RAW_HIDDEN = /[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\x1b]/;
const TROJAN_FILE = `const isAdmin = false;\n/* ${RLO} } if (isAdmin) ${'\u2066'} begin admins only */\nconsole.log("ok");\n`;

const layer = entriesLayer([{ type: 'file', path: 'app/check.js', content: TROJAN_FILE }]);
const config = JSON.parse(new TextDecoder().decode(imageConfig([layer.diffId], [{ created: '2024-01-01T00:00:00Z', created_by: `/bin/sh -c echo ${RLO}gnp.exe` }])));
config.config = {
  Entrypoint: ['/bin/sh', '-c', `echo hi; ${RLO}rm -rf /`],
  Env: ['PATH=/usr/bin', 'ANSI=\x1b[31mred\x1b[0m'],
  User: 'root\u200b',
  WorkingDir: `/app/${RLO}x`,
  Labels: { [`key${RLO}yek`]: 'value', 'org.opencontainers.image.url': 'https://github.com\u2044evil.example/x' },
};

let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'hidden-characters-e2e-'));
  const image = await pushImage(host, 'hostile/text', 'v1', { layers: [layer], config: new TextEncoder().encode(JSON.stringify(config)) });
  const size = (await (await fetch(`http://${host}/v2/hostile/text/manifests/v1`, { headers: { accept: OCI_MANIFEST } })).arrayBuffer()).byteLength;
  await pushIndex(host, 'hostile/text', 'idx', [
    { mediaType: OCI_MANIFEST, digest: image.manifestDigest, size, platform: { os: `linux${RLO}<b>x</b>`, architecture: 'amd64\u200b' } },
  ]);
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

async function open(query: Record<string, string>): Promise<Page> {
  const page = await browserOf().newPage();
  await page.goto(`${appUrl}/?${new URLSearchParams(query)}`);
  return page;
}

/** What a reader sees of an element (its rendered text), checked for escapes in place of raw characters. */
async function expectEscaped(locator: Locator, escapes: string[]): Promise<void> {
  const seen = await locator.innerText();
  for (const escape of escapes) expect(seen, `got ${JSON.stringify(seen)}, want it to show ${escape}`).toContain(escape);
  expect(seen, `got ${JSON.stringify(seen)}, want no raw bidi, zero-width or control character`).not.toMatch(RAW_HIDDEN);
}

describe('text an image wrote', () => {
  it('shows bidi, zero-width and ANSI characters of the config, its raw JSON and the history as marked escapes', async () => {
    const page = await open({ image: `${host}/hostile/text:v1` });
    const panel = page.getByTestId('config-panel');
    await panel.waitFor();
    await expectEscaped(page.getByTestId('config-entrypoint'), ['echo hi; \\u202erm -rf /']);
    await expectEscaped(page.getByTestId('config-user'), ['root\\u200b']);
    await expectEscaped(page.getByTestId('config-workdir'), ['/app/\\u202ex']);
    await expectEscaped(page.getByTestId('env-table'), ['\\x1b[31mred\\x1b[0m']);
    await expectEscaped(page.getByTestId('labels-table'), ['key\\u202eyek']);
    expect(await panel.getByTestId('hidden-character').first().getAttribute('title')).toContain('U+202E RIGHT-TO-LEFT OVERRIDE');
    // A label's link reads the host it opens (a FRACTION SLASH made it another host), not the one its value seems to name.
    const link = page.getByTestId('labels-table').getByTestId('annotation-link');
    expect(await link.getAttribute('href')).toBe('https://github.xn--comevil-3d7c.example/x');
    expect(await link.innerText()).toBe('https://github.xn--comevil-3d7c.example/x');

    await panel.getByText('Raw JSON').click();
    await expectEscaped(page.getByTestId('config-raw'), ['\\u202erm -rf /', '\\u200b']);
    await expectEscaped(page.getByTestId('config-raw-escaped'), ['\\u202e']);

    await expectEscaped(page.getByTestId('history-panel'), ['echo \\u202egnp.exe']);
    expect(await page.locator('body').innerText(), 'the whole page').not.toMatch(RAW_HIDDEN);
    await page.close();
  });

  it('shows an index’s platform, and the sentence that says why it was chosen, with its bidi override escaped', async () => {
    const page = await open({ image: `${host}/hostile/text:idx` });
    await page.getByTestId('platform-reason').waitFor();
    await expectEscaped(page.getByTestId('platform-row'), ['linux\\u202e<b>x</b>/amd64\\u200b']);
    await expectEscaped(page.getByTestId('platform-reason'), ['linux\\u202e<b>x</b>/amd64\\u200b, the first image in the index']);
    await page.close();
  });

  it('shows a file’s bidi controls as escapes under a warning, and downloads its bytes as they are', async () => {
    const page = await open({ image: `${host}/hostile/text:v1`, layer: 'merged', path: '/app/check.js' });
    const viewer = page.locator('[data-testid="file-viewer"][data-path="/app/check.js"]');
    await viewer.getByTestId('file-text').waitFor();
    await expectEscaped(viewer.getByTestId('file-text'), ['/* \\u202e } if (isAdmin) \\u2066 begin admins only */']);
    expect(await viewer.getByTestId('file-text-warning').innerText()).toContain('This file contains bidirectional Unicode text');
    const [offered] = await Promise.all([page.waitForEvent('download'), viewer.getByRole('button', { name: 'Download file' }).click()]);
    const file = join(work, 'check.js');
    await offered.saveAs(file);
    expect(readFileSync(file, 'utf8')).toBe(TROJAN_FILE);
    await page.close();
  });
});
