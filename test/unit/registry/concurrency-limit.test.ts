import { describe, expect, it } from 'vitest';
import { limitConcurrency } from '@/lib/registry/concurrency-limit';

/** A fetch whose answers stream until the test ends them; records how many requests reached it. */
function controllableFetch() {
  const bodies: ReadableStreamDefaultController<Uint8Array>[] = [];
  let started = 0;
  const fetchFn: typeof fetch = async () => {
    started++;
    return new Response(new ReadableStream<Uint8Array>({ start: (c) => void bodies.push(c) }), { status: 200 });
  };
  return { fetchFn, bodies, started: () => started };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('limitConcurrency', () => {
  it('holds a slot until the body ends, and starts the next queued request then', async () => {
    const { fetchFn, bodies, started } = controllableFetch();
    const limited = limitConcurrency(fetchFn, 2);
    const a = await limited('http://x/a');
    await limited('http://x/b');
    const third = limited('http://x/c');
    await tick();
    expect({ started: started(), active: limited.active, queued: limited.queued }).toEqual({ started: 2, active: 2, queued: 1 });

    bodies[0].enqueue(new Uint8Array([1, 2, 3]));
    bodies[0].close();
    expect(new Uint8Array(await a.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    await third;
    expect({ started: started(), active: limited.active, queued: limited.queued }).toEqual({ started: 3, active: 2, queued: 0 });
  });

  it('frees the slot when the body is cancelled (the browser went away)', async () => {
    const { fetchFn } = controllableFetch();
    const limited = limitConcurrency(fetchFn, 1);
    const a = await limited('http://x/a');
    const b = limited('http://x/b');
    await a.body!.cancel();
    await b;
    expect(limited.active).toBe(1);
  });

  it('frees the slot when fetch fails', async () => {
    const limited = limitConcurrency(async () => {
      throw new TypeError('fetch failed');
    }, 1);
    await expect(limited('http://x/a')).rejects.toThrow('fetch failed');
    expect(limited.active).toBe(0);
  });

  it('drops a queued request whose signal aborts, without sending it', async () => {
    const { fetchFn, started } = controllableFetch();
    const limited = limitConcurrency(fetchFn, 1);
    await limited('http://x/a');
    const controller = new AbortController();
    const queued = limited('http://x/b', { signal: controller.signal });
    controller.abort(new Error('client left'));
    await expect(queued).rejects.toThrow('client left');
    expect({ started: started(), queued: limited.queued }).toEqual({ started: 1, queued: 0 });
  });

  it('passes status and headers through untouched', async () => {
    const limited = limitConcurrency(async () => new Response('hi', { status: 206, headers: { 'docker-content-digest': 'sha256:x' } }), 1);
    const response = await limited('http://x/a');
    expect(response.status).toBe(206);
    expect(response.headers.get('docker-content-digest')).toBe('sha256:x');
    expect(await response.text()).toBe('hi');
    expect(limited.active).toBe(0);
  });
});

describe('limitConcurrency and aborts', () => {
  it('frees the slot when the request’s signal aborts after the answer arrived', async () => {
    const { fetchFn } = controllableFetch();
    const limited = limitConcurrency(fetchFn, 1);
    const controller = new AbortController();
    await limited('http://x/a', { signal: controller.signal });
    expect(limited.active).toBe(1);
    controller.abort();
    expect(limited.active).toBe(0);
  });
});
