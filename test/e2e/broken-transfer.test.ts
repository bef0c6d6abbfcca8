/**
 * A layer whose registry closes the connection part way through the blob,
 * after the proxy's answer began, at the page: the layer's card says how far
 * it got and to retry, the pull trace does not show the blob as whole, and
 * the app's server logs no stack for it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MAX_MANIFEST_BYTES } from '@/lib/oci/parse';
import { useBrowser } from '../support/use-browser';
import { loadTestBed } from '../support/test-bed';
import { entriesLayer, imageConfig, pushImage, seededBytes } from '../support/hostile-images';
import { forward, passBack, startFront, type RegistryFront } from '../support/registry-front';

const bed = loadTestBed();
const appUrl = inject('appUrl');
const appLog = inject('appLog');
const browserOf = useBrowser();

// Larger than the proxy reads whole, so it streams: the break comes after the 200 went out.
const big = entriesLayer([{ type: 'file', path: 'data/random.bin', content: seededBytes(0xc07, MAX_MANIFEST_BYTES + 512 * 1024) }]);
const small = entriesLayer([{ type: 'file', path: 'etc/hello.txt', content: 'hello\n' }]);
const half = Math.floor(big.size / 2);
let front: RegistryFront;

beforeAll(async () => {
  await pushImage(bed.anonymous.host, 'broken/cut-layer', 'v1', { layers: [small, big], config: imageConfig([small.diffId, big.diffId]) });
  // Passes everything on, except that the big layer's blob stops at half its bytes and the connection closes.
  front = await startFront((request, response) => {
    forward(bed.anonymous.host, request, response, request.url ?? '/', request.headers, (answer) => {
      if (!(request.method === 'GET' && request.url?.endsWith(`/blobs/${big.digest}`) && answer.statusCode === 200)) return passBack(answer, response);
      response.writeHead(200, answer.headers);
      let sent = 0;
      answer.on('data', (chunk: Buffer) => {
        const part = chunk.subarray(0, Math.max(0, half - sent));
        sent += part.length;
        if (sent < half) return void response.write(part);
        answer.destroy();
        // Closed once the last part is out: destroying at once would drop what is still buffered.
        response.write(part, () => response.destroy());
      });
    });
  });
});

afterAll(async () => {
  await front?.close();
});

describe('a layer whose registry closes the connection part way', () => {
  it('says how far the blob got and to retry, shows its trace row as cut, and leaves no stack in the server log', async () => {
    const logBefore = readFileSync(appLog, 'utf8').length;
    const page = await browserOf().newPage();
    await page.goto(`${appUrl}/?${new URLSearchParams({ image: `${front.host}/broken/cut-layer:v1` })}`);
    const error = page.getByTestId('layer-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('TRANSFER_BROKEN');
    const text = (await error.textContent()) ?? '';
    // What reached the page: cutting its answer, the app's server drops what it had not yet written out.
    const got = /layer 2 blob: the connection closed after (\d+) of (\d+) bytes/.exec(text);
    expect(got, `got "${text}", want how many bytes came of ${big.size}`).not.toBeNull();
    expect(Number(got![1])).toBeLessThanOrEqual(half);
    expect(Number(got![2])).toBe(big.size);
    expect(text).toContain('Retry');

    await page.getByTestId('trace-cut').waitFor();
    const cut = await page.getByTestId('trace-row').filter({ has: page.getByTestId('trace-cut') }).evaluateAll((rows) =>
      rows.map((r) => ({ url: r.querySelector('[data-testid="trace-url"]')?.textContent ?? '', cut: r.querySelector('[data-testid="trace-cut"]')?.textContent ?? '' })),
    );
    expect(cut).toHaveLength(1);
    expect(cut[0].url).toContain(`/blobs/${big.digest}`);
    expect(cut[0].cut).toMatch(/^cut off after .+ of .+$/);

    const log = readFileSync(appLog, 'utf8').slice(logBefore);
    expect(log).not.toMatch(/failed to pipe response|⨯|\n\s+at /);
    expect(log).toContain(`GET ${front.host}: the registry closed the connection after ${half} of ${big.size} bytes`);
    await page.close();
  });
});
