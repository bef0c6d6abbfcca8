import { describe, expect, it } from 'vitest';
import { ERROR_BODY_LIMIT, readTextBounded, readTextUpTo } from '@/lib/registry/body';
import { BadTokenResponseError } from '@/lib/registry/errors';
import { MAX_TOKEN_RESPONSE_BYTES, requestToken } from '@/lib/registry/token';

/** A body of `total` bytes in 64 KiB chunks that counts how much of it was pulled. */
function countingBody(total: number, fill = 0x61) {
  let pulled = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const size = Math.min(64 * 1024, total - pulled);
      if (size === 0) return controller.close();
      pulled += size;
      controller.enqueue(new Uint8Array(size).fill(fill));
    },
    cancel() {
      cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { body, pulled: () => pulled, cancelled: () => cancelled };
}

describe('bounded body reads', () => {
  it('reads an error body to 64 KiB and cancels the rest', async () => {
    const source = countingBody(100 * 1024 * 1024);
    const text = await readTextBounded(new Response(source.body));
    expect(text.length).toBe(ERROR_BODY_LIMIT);
    expect(source.cancelled()).toBe(true);
    expect(source.pulled(), `pulled ${source.pulled()} bytes, want at most 128 KiB`).toBeLessThanOrEqual(2 * ERROR_BODY_LIMIT);
  });

  const cases: [name: string, size: number, limit: number, complete: boolean][] = [
    ['shorter than the limit', 10, 16, true],
    ['exactly the limit', 16, 16, true],
    ['one byte over', 17, 16, false],
  ];
  it.each(cases)('readTextUpTo: a body %s is complete=%s', async (_name, size, limit, complete) => {
    const got = await readTextUpTo(new Response(new Uint8Array(size).fill(0x62)), limit);
    expect(got).toEqual({ text: 'b'.repeat(Math.min(size, limit)), complete });
  });
});

describe('token response limit', () => {
  it('refuses a token answer above 1 MiB without reading it all', async () => {
    const huge = countingBody(50 * 1024 * 1024, 0x20);
    const fetchFn: typeof fetch = async () => new Response(huge.body, { status: 200, headers: { 'content-type': 'application/json' } });
    const err = await requestToken({ fetch: fetchFn, realm: 'https://auth.test/token', scopes: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadTokenResponseError);
    expect((err as BadTokenResponseError).reason).toBe(`the answer is larger than ${MAX_TOKEN_RESPONSE_BYTES} bytes`);
    expect(huge.pulled(), `pulled ${huge.pulled()} bytes, want about 1 MiB`).toBeLessThanOrEqual(MAX_TOKEN_RESPONSE_BYTES + 128 * 1024);
  });

  it('accepts a large but legal token answer (a JWT with a certificate chain)', async () => {
    const token = 'x'.repeat(200 * 1024);
    const fetchFn: typeof fetch = async () => Response.json({ token, expires_in: 300 });
    const grant = await requestToken({ fetch: fetchFn, realm: 'https://auth.test/token', scopes: [] });
    expect(grant.token.length).toBe(token.length);
  });
});
