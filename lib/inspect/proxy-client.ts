/**
 * The browser's registry client: every call goes through our proxy, which
 * speaks to the registry. Credentials ride in one header of each request and
 * live nowhere else; errors come back as typed PullscopeErrors.
 */
import { errorFromWire } from '../registry/errors';
import { CREDENTIALS_HEADER, ERROR_HEADER, TRACE_HEADER, decodeErrorHeader, decodeTrace, encodeCredentials, proxyUrl } from '../registry/proxy-protocol';
import type { TraceEntry } from '../registry/trace';
import { UnexpectedError, type WireError } from '../errors';
import { readDigestHeader } from './digest-header';
import { readLimited } from './read-limited';
import type { FetchedDocument, ImageSource, RepositoryLocation } from './image-source';
import type { FetchedReferrers } from './referrers';

/** Manifests and configs above this size are refused (design.md, protocol facts). */
export const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

export type { FetchedDocument, RepositoryLocation } from './image-source';

export interface ProxyClientOptions {
  fetch?: typeof fetch;
  /** Origin of the app when not running in its page (tests); '' in the browser. */
  origin?: string;
  credentials?: { username: string; password: string };
  /** Receives the upstream exchanges the proxy reports for each call, failed ones too. */
  onTrace?: (entries: TraceEntry[]) => void;
}

/** Fetches registry content through the Pullscope proxy. */
export class ProxyClient implements ImageSource {
  private readonly fetchFn: typeof fetch;
  private readonly origin: string;
  private readonly authHeader?: string;
  private readonly onTrace?: (entries: TraceEntry[]) => void;

  constructor(options: ProxyClientOptions = {}) {
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.origin = options.origin ?? '';
    this.onTrace = options.onTrace;
    const c = options.credentials;
    if (c && (c.username !== '' || c.password !== '')) this.authHeader = encodeCredentials(c.username, c.password);
  }

  /** A manifest or index by tag or digest, as exact bytes. */
  getManifest(location: RepositoryLocation, reference: string, signal?: AbortSignal): Promise<FetchedDocument> {
    return this.getDocument(manifestApiPath(location, reference), location, 'manifest', signal);
  }

  /** A small blob (an image config) by digest, as exact bytes. */
  getConfigBlob(location: RepositoryLocation, digest: string, signal?: AbortSignal): Promise<FetchedDocument> {
    return this.getDocument(`/v2/${location.repository}/blobs/${digest}`, location, 'config', signal);
  }

  /**
   * A blob's streaming response (layers); the caller verifies as it reads.
   * Never through the browser's HTTP cache: the tab keeps its own verified
   * copy, and Chromium's cache makes two requests for one URL share a single
   * network read, so a download of a layer the page is still pulling stalled
   * one of them until it failed.
   */
  async getBlob(location: RepositoryLocation, digest: string, signal?: AbortSignal): Promise<Response> {
    return this.send(`/v2/${location.repository}/blobs/${digest}`, location, 'GET', signal, undefined, 'no-store');
  }

  /**
   * The digest a tag (or digest) resolves to, by HEAD: the registry answers
   * headers only, and Docker Hub does not count a HEAD as a pull. Undefined
   * when the registry sends no usable Docker-Content-Digest.
   */
  async resolveDigest(location: RepositoryLocation, reference: string, signal?: AbortSignal): Promise<string | undefined> {
    const response = await this.send(manifestApiPath(location, reference), location, 'HEAD', signal);
    const header = readDigestHeader(response.headers.get('docker-content-digest') ?? '');
    return 'digest' in header ? header.digest : undefined;
  }

  /** One page of a repository's tag list (spec.md end-8) and its Link header, as received. */
  async getTagsPage(
    location: RepositoryLocation,
    page: { n?: number; last?: string },
    signal?: AbortSignal,
  ): Promise<{ bytes: Uint8Array; link?: string }> {
    const query = new URLSearchParams();
    if (page.n !== undefined) query.set('n', String(page.n));
    if (page.last !== undefined) query.set('last', page.last);
    const response = await this.send(`/v2/${location.repository}/tags/list`, location, 'GET', signal, query);
    const bytes = await readLimited(response.body, MAX_DOCUMENT_BYTES, 'tag list');
    return { bytes, link: response.headers.get('link') ?? undefined };
  }

  /** The registry's referrers list of a manifest (distribution-spec 1.1 end-12), or the page `page` names, as received. */
  async getReferrers(location: RepositoryLocation, digest: string, signal?: AbortSignal, page?: URLSearchParams): Promise<FetchedReferrers> {
    const response = await this.send(`/v2/${location.repository}/referrers/${digest}`, location, 'GET', signal, page);
    const bytes = await readLimited(response.body, MAX_DOCUMENT_BYTES, 'referrers list');
    return {
      bytes,
      contentType: response.headers.get('content-type') ?? '',
      filtersApplied: response.headers.get('oci-filters-applied') ?? undefined,
      link: response.headers.get('link') ?? undefined,
    };
  }

  /** The proxy URL of a blob, for links; carries no credentials. */
  blobUrl(location: RepositoryLocation, digest: string): string {
    return this.origin + proxyUrl(location.apiHost, `/v2/${location.repository}/blobs/${digest}`);
  }

  private async getDocument(
    apiPath: string,
    location: RepositoryLocation,
    subject: string,
    signal?: AbortSignal,
  ): Promise<FetchedDocument> {
    const response = await this.send(apiPath, location, 'GET', signal);
    const bytes = await readLimited(response.body, MAX_DOCUMENT_BYTES, subject);
    return {
      bytes,
      contentType: response.headers.get('content-type') ?? '',
      // As received: repeated headers joined by ", " (checkDigest reads them, digest-header.ts).
      registryDigest: response.headers.get('docker-content-digest') ?? undefined,
    };
  }

  private async send(
    apiPath: string,
    location: RepositoryLocation,
    method: 'GET' | 'HEAD',
    signal?: AbortSignal,
    query?: URLSearchParams,
    cache?: RequestCache,
  ) {
    const headers: Record<string, string> = {};
    if (this.authHeader) headers[CREDENTIALS_HEADER] = this.authHeader;
    let response: Response;
    try {
      response = await this.fetchFn(this.origin + proxyUrl(location.apiHost, apiPath, query), {
        method,
        headers,
        signal,
        // Credentialed answers must not be stored by the browser either.
        cache: this.authHeader ? 'no-store' : (cache ?? 'default'),
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new UnexpectedError('Could not reach the Pullscope server', err);
    }
    const trace = decodeTrace(response.headers.get(TRACE_HEADER));
    if (trace.length > 0) this.onTrace?.(trace);
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }
}

function manifestApiPath(location: RepositoryLocation, reference: string): string {
  return `/v2/${location.repository}/manifests/${reference}`;
}

async function errorFromResponse(response: Response) {
  const headed = decodeErrorHeader(response.headers.get(ERROR_HEADER));
  if (headed) return errorFromWire(headed, response.status);
  const text = await response.text().catch(() => '');
  let wire: WireError | undefined;
  try {
    const parsed = JSON.parse(text) as { error?: WireError };
    wire = parsed.error;
  } catch {
    wire = undefined;
  }
  return wire
    ? errorFromWire(wire, response.status)
    : new UnexpectedError(`The Pullscope server answered ${response.status} without an error description`);
}
