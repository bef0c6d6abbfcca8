import { afterEach, describe, expect, it } from 'vitest';
import { DownloadWorkerHandler } from '@/lib/download/download-worker-handler';
import type { SinkMessage, SourceMessage, ToWorker } from '@/lib/download/messages';
import { sendToPort } from '@/lib/download/port-source';
import { countingSource, expectedBytes, until } from './port-helpers';

const ORIGIN = 'https://pullscope.example';
const ID = '0123456789abcdef0123456789abcdef';

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

/** Announces a download to `handler` as the page does; resolves with the page's port once the worker says it is registered. */
async function announce(handler: DownloadWorkerHandler, open: Omit<Extract<ToWorker, { type: 'open' }>, 'type'>): Promise<MessagePort> {
  const c = new MessageChannel();
  channels.push(c);
  const registered = new Promise<SinkMessage>((resolve) => (c.port1.onmessage = (e: MessageEvent<SinkMessage>) => resolve(e.data)));
  handler.message({ type: 'open', ...open }, [c.port2]);
  expect(await registered).toEqual({ type: 'registered' });
  return c.port1;
}

describe('DownloadWorkerHandler', () => {
  it('answers an announced download with the page\'s bytes as a named attachment of exact length', async () => {
    const handler = new DownloadWorkerHandler();
    const page = await announce(handler, { id: ID, fileName: 'whiteouts-v1-rootfs.tar', length: expectedBytes(6).byteLength });
    const response = handler.respond({ method: 'GET', url: `${ORIGIN}/download/${ID}` })!;
    const sent = sendToPort(countingSource({ chunks: 6 }).stream.getReader(), page);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="whiteouts-v1-rootfs.tar"; filename*=UTF-8''whiteouts-v1-rootfs.tar`);
    expect(response.headers.get('content-length')).toBe(String(expectedBytes(6).byteLength));
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(expectedBytes(6));
    await sent;
  });

  it('sends no Content-Length when the length is not known exactly', async () => {
    const handler = new DownloadWorkerHandler();
    await announce(handler, { id: ID, fileName: 'a.zip' });
    const response = handler.respond({ method: 'GET', url: `${ORIGIN}/download/${ID}` })!;
    expect(response.headers.get('content-length')).toBeNull();
    await response.body!.cancel();
  });

  it('answers each id once', async () => {
    const handler = new DownloadWorkerHandler();
    await announce(handler, { id: ID, fileName: 'a.tar' });
    const first = handler.respond({ method: 'GET', url: `${ORIGIN}/download/${ID}` })!;
    expect(first.status).toBe(200);
    expect(handler.respond({ method: 'GET', url: `${ORIGIN}/download/${ID}` })!.status).toBe(404);
    await first.body!.cancel();
  });

  it.each([
    ['an id never announced', 'GET', `/download/${'f'.repeat(32)}`],
    ['a malformed id', 'GET', '/download/not-an-id'],
    ['another method', 'POST', `/download/${ID}`],
  ])('answers 404 to %s', async (_, method, path) => {
    const handler = new DownloadWorkerHandler();
    await announce(handler, { id: ID, fileName: 'a.tar' });
    expect(handler.respond({ method, url: `${ORIGIN}${path}` })?.status).toBe(404);
  });

  it('leaves every request outside its scope to the network', () => {
    expect(new DownloadWorkerHandler().respond({ method: 'GET', url: `${ORIGIN}/download-sw.js` })).toBeUndefined();
    expect(new DownloadWorkerHandler().respond({ method: 'GET', url: `${ORIGIN}/?image=x` })).toBeUndefined();
  });

  it('forgets a download the page gave up on before the browser asked for it', async () => {
    const handler = new DownloadWorkerHandler();
    const page = await announce(handler, { id: ID, fileName: 'a.tar' });
    page.postMessage({ type: 'error', message: 'cancelled on the page' } satisfies SourceMessage);
    await until(() => handler.waiting === 0, 'the download forgotten');
    expect(handler.respond({ method: 'GET', url: `${ORIGIN}/download/${ID}` })!.status).toBe(404);
  });

  it('ignores messages that are not an announcement with a port', () => {
    const handler = new DownloadWorkerHandler();
    handler.message({ type: 'keep-alive' }, []);
    handler.message({ type: 'open', id: ID, fileName: 'a.tar' }, []);
    handler.message(undefined, []);
    expect(handler.waiting).toBe(0);
  });
});
