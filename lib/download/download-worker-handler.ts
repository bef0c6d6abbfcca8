/**
 * The download service worker's logic, apart from its globals so that it
 * runs in Node's tests: downloads the page announced (`open`, with their
 * port), and the answer to a request for one of their URLs. Each id is
 * answered once; an announced download whose page gives up before the
 * browser asks for it is forgotten.
 */
import { DOWNLOAD_SCOPE, downloadIdOf } from './download-url';
import { downloadResponse, unknownDownloadResponse } from './download-response';
import type { SinkMessage, SourceMessage, ToWorker } from './messages';
import { streamFromPort } from './port-stream';

interface Announced {
  fileName: string;
  length?: number;
  port: MessagePort;
}

/** Holds the announced downloads and answers their URLs. */
export class DownloadWorkerHandler {
  private readonly announced = new Map<string, Announced>();

  /** A message posted to the worker; `open` needs its port as the one transferred. */
  message(data: unknown, ports: readonly MessagePort[]): void {
    const message = data as ToWorker | undefined;
    if (message?.type !== 'open' || typeof message.id !== 'string' || typeof message.fileName !== 'string' || !ports[0]) return;
    const port = ports[0];
    this.announced.set(message.id, { fileName: message.fileName, length: message.length, port });
    // Until the browser asks for the URL, the page may only give up.
    port.onmessage = (event: MessageEvent<SourceMessage>) => {
      if (event.data.type === 'error' || event.data.type === 'end') this.forget(message.id);
    };
    port.postMessage({ type: 'registered' } satisfies SinkMessage);
  }

  /** The response for a request, or undefined when the request is not the worker's to answer (the network takes it). */
  respond(request: { method: string; url: string }): Response | undefined {
    const url = new URL(request.url);
    if (!url.pathname.startsWith(DOWNLOAD_SCOPE)) return undefined;
    const id = downloadIdOf(url.pathname);
    const entry = id === undefined ? undefined : this.announced.get(id);
    if (request.method !== 'GET' || !entry || id === undefined) return unknownDownloadResponse();
    this.announced.delete(id);
    return downloadResponse(streamFromPort(entry.port), entry.fileName, entry.length);
  }

  /** How many downloads wait for the browser to ask for them. */
  get waiting(): number {
    return this.announced.size;
  }

  private forget(id: string): void {
    const entry = this.announced.get(id);
    if (!entry) return;
    this.announced.delete(id);
    entry.port.onmessage = null;
    entry.port.close();
  }
}
