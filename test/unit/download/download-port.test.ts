import { afterEach, describe, expect, it } from 'vitest';
import { DownloadCancelledError, DownloadNotStartedError, DownloadSourceError } from '@/lib/download/errors';
import type { SourceMessage } from '@/lib/download/messages';
import { sendToPort } from '@/lib/download/port-source';
import { streamFromPort } from '@/lib/download/port-stream';
import { chunk, countingSource, expectedBytes, readAll, turns, until } from './port-helpers';

const channels: MessageChannel[] = [];
function channel(): MessageChannel {
  const c = new MessageChannel();
  channels.push(c);
  return c;
}
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

describe('a download streamed over a MessageChannel', () => {
  it('delivers every byte in order, then ends', async () => {
    const { port1: page, port2: worker } = channel();
    const source = countingSource({ chunks: 20 });
    const sent = sendToPort(source.stream.getReader(), page);
    const got = await readAll(streamFromPort(worker, 3));
    await sent;
    expect(got).toEqual(expectedBytes(20));
  });

  it.each([
    [false, 'copies each chunk: the source may still hold its buffer', 64],
    [true, 'transfers chunks the reader owns, without a copy', 0],
  ])('chunksOwned %s %s', async (owned, _name, leftLength) => {
    const { port1: page, port2: worker } = channel();
    const chunks = [new Uint8Array(64).fill(1), new Uint8Array(64).fill(2)];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        chunks.forEach((c) => controller.enqueue(c));
        controller.close();
      },
    });
    const sent = sendToPort(stream.getReader(), page, { chunksOwned: owned });
    const got = await readAll(streamFromPort(worker));
    await sent;
    expect(got).toEqual(new Uint8Array([...new Uint8Array(64).fill(1), ...new Uint8Array(64).fill(2)]));
    expect(chunks.map((c) => c.byteLength)).toEqual([leftLength, leftLength]);
  });

  it('sends a chunk read ahead first, without reading it again', async () => {
    const { port1: page, port2: worker } = channel();
    const source = countingSource({ chunks: 5 });
    const reader = source.stream.getReader();
    const first = await reader.read();
    const sent = sendToPort(reader, page, { first });
    expect(await readAll(streamFromPort(worker))).toEqual(expectedBytes(5));
    await sent;
    expect(source.reads(), 'source reads').toBe(6); // five chunks and the end
  });

  it('reads the source only as far as the worker granted credit', async () => {
    const { port1: page, port2: worker } = channel();
    const source = countingSource({});
    void sendToPort(source.stream.getReader(), page).catch(() => undefined);
    const browser = streamFromPort(worker, 3).getReader();
    await until(() => source.reads() === 3, 'three reads');
    await turns();
    expect(source.reads(), 'reads while the browser reads nothing').toBe(3);
    for (let read = 1; read <= 4; read++) {
      expect((await browser.read()).value).toEqual(chunk(read - 1));
      await until(() => source.reads() === 3 + read, `${3 + read} reads`);
      await turns();
      expect(source.reads(), `reads after the browser read ${read}`).toBe(3 + read);
    }
    await browser.cancel();
  });

  it('leaves the source\'s buffers whole (it sends copies)', async () => {
    const { port1: page, port2: worker } = channel();
    const held = chunk(0, 4096);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(held);
        controller.close();
      },
    });
    const sent = sendToPort(stream.getReader(), page);
    expect(await readAll(streamFromPort(worker))).toEqual(chunk(0, 4096));
    await sent;
    expect(held.byteLength, 'byteLength of the source\'s chunk').toBe(4096);
  });
});

describe('cancelling a streamed download', () => {
  it('in the browser: the page is told, cancels its source and rejects with DownloadCancelledError', async () => {
    const { port1: page, port2: worker } = channel();
    const source = countingSource({});
    const sent = sendToPort(source.stream.getReader(), page);
    const browser = streamFromPort(worker, 2).getReader();
    await browser.read();
    await browser.cancel('user cancelled in the download bar');
    await expect(sent).rejects.toBeInstanceOf(DownloadCancelledError);
    await until(() => source.cancelled() !== undefined, 'source cancelled');
    expect(source.cancelled()!.reason).toBeInstanceOf(DownloadCancelledError);
  });

  it('on the page, while the source hangs: the browser\'s stream errors instead of ending', async () => {
    const { port1: page, port2: worker } = channel();
    const source = countingSource({ hangAfter: 2 });
    const abort = new AbortController();
    const sent = sendToPort(source.stream.getReader(), page, { signal: abort.signal });
    const browser = streamFromPort(worker, 4).getReader();
    expect((await browser.read()).value).toEqual(chunk(0));
    expect((await browser.read()).value).toEqual(chunk(1));
    const reason = new DOMException('cancelled by the user', 'AbortError');
    abort.abort(reason);
    await expect(sent).rejects.toBe(reason);
    const failure = await browser.read().then(
      (r) => ({ ended: r.done }),
      (error: unknown) => ({ error }),
    );
    expect(failure, 'the browser\'s read after the page cancelled').toEqual({ error: expect.any(DownloadSourceError) });
    expect(source.cancelled()?.reason).toBe(reason);
  });

  it('by an already aborted signal: nothing is sent but the failure', async () => {
    const { port1: page, port2: worker } = channel();
    const source = countingSource({ chunks: 3 });
    const abort = new AbortController();
    abort.abort(new DOMException('gone', 'AbortError'));
    const sent = sendToPort(source.stream.getReader(), page, { signal: abort.signal });
    await expect(sent).rejects.toBe(abort.signal.reason);
    await expect(readAll(streamFromPort(worker))).rejects.toBeInstanceOf(DownloadSourceError);
    expect(source.reads(), 'source reads').toBe(0);
  });
});

describe('a source that fails', () => {
  it('fails the browser\'s stream after the bytes it did send, and rejects with its own error', async () => {
    const { port1: page, port2: worker } = channel();
    const source = countingSource({ failAfter: 2 });
    const sent = sendToPort(source.stream.getReader(), page).then(
      () => undefined,
      (e: unknown) => e,
    );
    const browser = streamFromPort(worker, 8).getReader();
    expect((await browser.read()).value).toEqual(chunk(0));
    expect((await browser.read()).value).toEqual(chunk(1));
    const error = await browser.read().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DownloadSourceError);
    expect((error as Error).message).toContain('upstream closed the connection');
    expect(await sent, 'what sendToPort rejected with').toEqual(new Error('upstream closed the connection'));
  });
});

describe('a download the browser never asks for', () => {
  it('fails with DownloadNotStartedError and tells the worker to forget it', async () => {
    const { port1: page, port2: worker } = channel();
    const told: SourceMessage[] = [];
    worker.onmessage = (event: MessageEvent<SourceMessage>) => told.push(event.data);
    const source = countingSource({ chunks: 1 });
    await expect(sendToPort(source.stream.getReader(), page, { startTimeoutMs: 0 })).rejects.toBeInstanceOf(DownloadNotStartedError);
    await until(() => told.length > 0, 'a message to the worker');
    expect(told.map((m) => m.type)).toEqual(['error']);
    expect(source.cancelled()?.reason).toBeInstanceOf(DownloadNotStartedError);
  });
});
