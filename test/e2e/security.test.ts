/**
 * Security of the running app (production build, real Chromium): headers
 * and a nonce CSP on every response with no violation during a full pull
 * (workers, WebAssembly), credentials nowhere but the tab's memory (not in
 * storage, the URL or the server's log), a pasted token never navigated to,
 * raw path tricks refused, and a browser that goes away hanging up the
 * proxy's upstream connection.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream';
import { loadTestBed } from '../support/test-bed';

const bed = loadTestBed();
const appUrl = inject('appUrl');
const appLog = inject('appLog');
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A page that records CSP violations (window and console) and every proxied request. */
async function openPage(context: BrowserContext, url = appUrl) {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const proxied: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/registry/')) proxied.push(r.url());
  });
  await page.goto(url);
  return { page, consoleErrors, proxied };
}

async function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

async function settledLayers(page: Page): Promise<string[]> {
  await page.getByTestId('layers-panel').waitFor();
  await page.waitForFunction(() => {
    const rows = Array.from(document.querySelectorAll('[data-testid="layer-status"]'));
    return rows.length > 0 && rows.every((r) => ['done', 'error'].includes(r.getAttribute('data-status') ?? ''));
  });
  return page.getByTestId('layer-status').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status') ?? ''));
}

/** One raw HTTP GET with the path sent exactly as written (fetch would normalize `..`). */
function rawGet(path: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { hostname, port } = new URL(appUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('security headers', () => {
  it('puts a fresh nonce CSP, nosniff, no-referrer and no framing on the page, and the nonce on Next’s scripts', async () => {
    const [a, b] = await Promise.all([rawGet('/'), rawGet(`/?image=${encodeURIComponent(`${bed.anonymous.host}/test/multi:v1`)}`)]);
    for (const page of [a, b]) {
      expect(page.status).toBe(200);
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("'strict-dynamic'");
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, `got CSP ${csp}, want a nonce`).toBeTruthy();
      const scripts = [...page.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, `got ${tag}, want nonce="${nonce}"`).toContain(`nonce="${nonce}"`);
    }
    expect(/'nonce-([^']+)'/.exec(String(a.headers['content-security-policy']))?.[1]).not.toBe(
      /'nonce-([^']+)'/.exec(String(b.headers['content-security-policy']))?.[1],
    );
  });

  it.each([
    ['a proxied manifest', `/api/registry/${encodeURIComponent(bed.anonymous.host)}/v2/test/multi/manifests/v1`, 200],
    ['a proxy error', `/api/registry/${encodeURIComponent(bed.anonymous.host)}/v2/test/multi/manifests/nope`, 404],
    ['a refused path', '/api/registry/example.com/v2/_catalog', 400],
    ['a host that is not percent-encoding', '/api/registry/%ZZ/v2/x/manifests/latest', 400],
    ['a reference cut inside a UTF-8 sequence', `/api/registry/${encodeURIComponent(bed.anonymous.host)}/v2/test/layers/manifests/%E0%A4%A`, 400],
    ['a port past 65535', '/api/registry/127.0.0.1:99999/v2/x/manifests/latest', 400],
  ])('puts nosniff, no-referrer and a no-content CSP on %s', async (_name, path, status) => {
    const res = await rawGet(path);
    expect(res.status).toBe(status);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
  });

  it.each([
    ['%ZZ as the host', '/api/registry/%ZZ/v2/x/manifests/latest', "'%ZZ' is not percent-encoded UTF-8"],
    ['a reference cut inside a UTF-8 sequence', '/api/registry/127.0.0.1%3A5000/v2/test/layers/manifests/%E0%A4%A', "'%E0%A4%A' is not percent-encoded UTF-8"],
    ['bytes that are not UTF-8', '/api/registry/127.0.0.1%3A5000/v2/test/layers/manifests/%FF', "'%FF' is not percent-encoded UTF-8"],
    ['a port past 65535', '/api/registry/127.0.0.1:99999/v2/x/manifests/latest', 'port 99999 is out of range (1 to 65535)'],
  ])('answers %s with the JSON error of a refused path', async (_name, path, reason) => {
    const res = await rawGet(path);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    const { error } = JSON.parse(res.body) as { error: { code: string; message: string } };
    expect(error.code).toBe('FORBIDDEN_PATH');
    expect(error.message).toContain(reason);
  });

  it('reports no CSP violation while a whole image pulls, its layers verified in workers with WebAssembly', async () => {
    const context = await browser.newContext();
    try {
      const { page, consoleErrors } = await openPage(context, `${appUrl}/?image=${encodeURIComponent(`${bed.anonymous.host}/test/layers:v1`)}`);
      const statuses = await settledLayers(page);
      expect(statuses).toEqual(statuses.map(() => 'done'));
      await page.goto(`${appUrl}/?image=${encodeURIComponent(`${bed.anonymous.host}/test/layers:v1`)}&layer=merged`);
      await settledLayers(page);
      expect(await violations(page)).toEqual([]);
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('credentials', () => {
  const alice = { username: bed.token.username, password: bed.token.password };

  it('live only in the tab’s memory: not in the URL, storage, IndexedDB, Cache Storage or the server’s log', async () => {
    const context = await browser.newContext();
    try {
      const { page, proxied } = await openPage(context);
      await page.getByText('Private repository').click();
      await page.getByLabel('Username').fill(alice.username);
      await page.getByLabel('Password or token').fill(alice.password);
      // Not in the page's HTML either (a controlled input's value attribute would hold it).
      expect(await page.content()).not.toContain(alice.password);
      await page.getByLabel('Image reference').fill(`${bed.token.host}/private/secret:v1`);
      await page.getByRole('button', { name: 'Inspect' }).click();
      await page.getByTestId('config-panel').waitFor();
      const statuses = await settledLayers(page);
      expect(statuses).toEqual(statuses.map(() => 'done'));
      const privateLayers = await page.getByTestId('layer-status').evaluateAll((rows) => rows.map((r) => (r.getAttribute('data-digest') ?? '').replace('sha256:', '')));
      // A wrong password too, so the error paths have run.
      if (!(await page.getByLabel('Password or token').isVisible())) await page.getByText('Private repository').click();
      await page.getByLabel('Password or token').fill(`${alice.password}-wrong`);
      await page.getByRole('button', { name: 'Inspect' }).click();
      await page.getByTestId('error').waitFor();

      const stored = await page.evaluate(async () => {
        const dump: string[] = [];
        for (const store of [localStorage, sessionStorage]) {
          for (let i = 0; i < store.length; i++) dump.push(`${store.key(i)}=${store.getItem(store.key(i)!)}`);
        }
        for (const db of await indexedDB.databases()) dump.push(`idb:${db.name}`);
        for (const name of await caches.keys()) {
          dump.push(`cache:${name}`);
          for (const request of await (await caches.open(name)).keys()) dump.push(`${request.url} ${[...request.headers].join(',')}`);
        }
        dump.push(document.cookie, location.href, document.referrer);
        // The origin's private file system, where the tab keeps verified public blobs.
        const walk = async (dir: FileSystemDirectoryHandle, at: string): Promise<void> => {
          for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
            dump.push(`opfs:${at}/${name}`);
            if (handle.kind === 'directory') await walk(handle as FileSystemDirectoryHandle, `${at}/${name}`);
          }
        };
        await walk(await navigator.storage.getDirectory(), '');
        return dump.join('\n');
      });
      // A private image's blobs are not kept past the pull.
      expect(privateLayers.length).toBeGreaterThan(0);
      for (const hex of privateLayers) expect(stored, `layer ${hex} stored`).not.toContain(hex);
      const basic = Buffer.from(`${alice.username}:${alice.password}`).toString('base64');
      for (const secret of [alice.password, basic]) {
        expect(stored).not.toContain(secret);
        expect(page.url()).not.toContain(secret);
        for (const url of proxied) expect(url).not.toContain(secret);
      }
      expect(stored).not.toMatch(JWT);
    } finally {
      await context.close();
    }

    // The app's whole output (stdout and stderr) so far, after those pulls.
    const log = readFileSync(appLog, 'utf8');
    expect(log).not.toContain(alice.password);
    expect(log).not.toContain(Buffer.from(`${alice.username}:${alice.password}`).toString('base64'));
    expect(log).not.toMatch(JWT);
  });

  it('go only to the registry they were entered for: another registry’s image is pulled without them, unless the user says so', async () => {
    const context = await browser.newContext();
    try {
      const { page } = await openPage(context);
      const sentTo: string[] = [];
      page.on('request', (r) => {
        if (r.url().includes('/api/registry/') && r.headers()['x-pullscope-credentials']) sentTo.push(decodeURIComponent(r.url().split('/api/registry/')[1].split('/')[0]));
      });
      await page.getByText('Private repository').click();
      await page.getByLabel('Username').fill(alice.username);
      await page.getByLabel('Password or token').fill(alice.password);
      await page.getByLabel('Image reference').fill(`${bed.token.host}/private/secret:v1`);
      await page.getByRole('button', { name: 'Inspect' }).click();
      await page.getByTestId('config-panel').waitFor();
      await settledLayers(page);
      expect(new Set(sentTo)).toEqual(new Set([bed.token.host]));

      // Another registry, the fields left as they were: nothing of them goes there, and the page says why.
      sentTo.length = 0;
      await page.getByLabel('Image reference').fill(`${bed.anonymous.host}/test/layers:v1`);
      await page.getByRole('button', { name: 'Inspect' }).click();
      await page.getByTestId('config-panel').waitFor();
      await settledLayers(page);
      expect(sentTo).toEqual([]);
      const note = page.getByTestId('credentials-elsewhere');
      expect(await note.textContent()).toContain(`entered are for ${bed.token.host}, so they are not sent to ${bed.anonymous.host}`);

      // Asked to, they go there too.
      await page.getByTestId('credentials-send-here').click();
      await page.waitForFunction(() => !document.querySelector('[data-testid="credentials-elsewhere"]'));
      await page.getByTestId('config-panel').waitFor();
      await settledLayers(page);
      expect(sentTo.length).toBeGreaterThan(0);
      expect(new Set(sentTo)).toEqual(new Set([bed.anonymous.host]));
    } finally {
      await context.close();
    }
  });

  it.each([
    ['userinfo before the registry', (pw: string) => `alice:${pw}@${bed.token.host}/private/secret:v1`, 'looked like a username and password', false],
    ['a docker login line', (pw: string) => `docker login -u alice -p ${pw} ${bed.token.host}`, 'looked like a password on a command line', false],
    ['a registry URL with userinfo', (pw: string) => `http://alice:${pw}@${bed.anonymous.host}/v2/test/layers/manifests/v1`, 'held credentials', true],
    ['a skopeo line with --creds', (pw: string) => `skopeo inspect --creds alice:${pw} docker://${bed.token.host}/private/secret:v1`, 'held credentials', true],
  ])('in a link’s image (%s) are taken out of the address before the page renders them, and the page says so', async (_, image, words, kept) => {
    const context = await browser.newContext();
    try {
      const password = `link-secret-${Math.random().toString(36).slice(2)}`;
      const { page, proxied } = await openPage(context, `${appUrl}/?${new URLSearchParams({ image: image(password), platform: 'linux/amd64' })}`);
      await page.getByTestId('cleaning-note').waitFor();
      expect(await page.getByTestId('cleaning-note').textContent()).toContain(words);
      expect(page.url()).not.toContain(password);
      expect(new URL(page.url()).searchParams.get('platform')).toBe('linux/amd64');
      expect(new URL(page.url()).searchParams.has('image')).toBe(kept);
      expect(await page.content()).not.toContain(password);
      for (const url of proxied) expect(url).not.toContain(password);
    } finally {
      await context.close();
    }
  });

  it("a registry tool's line pasted with its credentials is read as its image, the credentials dropped and never shown", async () => {
    const context = await browser.newContext();
    try {
      const { page, proxied } = await openPage(context);
      const image = `${bed.token.host}/private/secret:v1`;
      await page.getByLabel('Image reference').fill(`crane pull -u alice -p ${alice.password} ${image} out.tar`);
      await page.getByRole('button', { name: 'Inspect' }).click();
      await page.waitForURL((url) => url.searchParams.get('image') === image);
      const note = page.getByTestId('cleaning-note');
      await note.waitFor();
      expect(await note.textContent()).toContain('Dropped the credentials from the command; enter them in the Username and Password fields.');
      expect(page.url()).not.toContain(alice.password);
      expect(await page.content()).not.toContain(alice.password);
      for (const url of proxied) expect(url).not.toContain(alice.password);

      // A line whose image cannot be told is explained without its credentials, and none is offered as the image.
      await page.getByLabel('Image reference').fill(`skopeo inspect --creds alice:${alice.password}`);
      await page.getByRole('button', { name: 'Inspect' }).click();
      const error = page.getByTestId('reference-error');
      await error.waitFor();
      expect(await error.textContent()).toContain("'skopeo inspect --creds ***'");
      expect(await error.textContent()).not.toContain(alice.password);
      expect(page.url()).not.toContain(alice.password);
    } finally {
      await context.close();
    }
  });

  it('a token pasted into the reference box is flagged and never put in the URL or sent', async () => {
    const context = await browser.newContext();
    try {
      const { page, proxied } = await openPage(context);
      const token = `ghp_${'A1b2C3d4'.repeat(5)}`;
      await page.getByLabel('Image reference').fill(token);
      await page.getByRole('button', { name: 'Inspect' }).click();
      const warning = page.getByTestId('reference-secret-warning');
      await warning.waitFor();
      expect(await warning.textContent()).toContain('looks like a GitHub token');
      expect(page.url()).not.toContain(token);
      expect(new URL(page.url()).searchParams.has('image')).toBe(false);
      expect(proxied).toEqual([]);

      await page.getByLabel('Image reference').fill(`alice:${alice.password}@${bed.token.host}/private/secret:v1`);
      await page.getByRole('button', { name: 'Inspect' }).click();
      await page.getByText('looks like a username and password').waitFor();
      expect(page.url()).not.toContain(alice.password);
      expect(proxied).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('the proxy behind the real server', () => {
  let upstream: FakeUpstream;
  beforeAll(async () => {
    // A blob that trickles forever: only a hang-up ends it.
    upstream = await startFakeUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write(Buffer.alloc(4096));
      const timer = setInterval(() => res.write(Buffer.alloc(64)), 50);
      res.on('close', () => clearInterval(timer));
    });
  });
  afterAll(async () => {
    await upstream.close();
  });

  it('hangs up upstream when the browser-side request is aborted', async () => {
    const controller = new AbortController();
    const response = await fetch(`${appUrl}/api/registry/${encodeURIComponent(upstream.host)}/v2/test/slow/blobs/sha256:${'c'.repeat(64)}`, {
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    await reader.read();
    expect(upstream.connections()).toBe(1);
    controller.abort();
    await upstream.waitForClosed(1); // the test times out if the server keeps the upstream open
    expect(upstream.requests).toHaveLength(1);
  });

  it.each([
    `/api/registry/127.0.0.1:PORT/v2/../../etc/passwd`,
    `/api/registry/127.0.0.1:PORT/v2/%2e%2e/%2e%2e/etc/passwd`,
    `/api/registry/127.0.0.1:PORT/v2/test/x/manifests/..%2f..%2f..%2fetc%2fpasswd`,
    `/api/registry/127.0.0.1:PORT%2f..%2f..%2f/v2/test/x/manifests/v1`,
    `/api/registry/127.0.0.1:PORT/v2/_catalog`,
    `/api/registry/127.0.0.1:PORT/v2/test/x/blobs/uploads`,
  ])('refuses %s without reaching upstream', async (path) => {
    const before = upstream.requests.length;
    const res = await rawGet(path.replace('PORT', String(upstream.port)));
    expect(res.status, `got ${res.status}: ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(upstream.requests.length, `got ${upstream.requests.length - before} upstream requests, want none`).toBe(before);
  });
});
