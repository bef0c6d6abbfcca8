/**
 * A registry that labels a blob text/html: through the proxy the blob is
 * plain bytes to download (application/octet-stream, attachment), so opened
 * in a tab it cannot render as a page of Pullscope's origin; its bytes are
 * unchanged and the trace still shows the registry's own Content-Type.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRACE_HEADER, decodeTrace } from '@/lib/registry/proxy-protocol';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream';
import { inProcessProxyFetch } from '../support/in-process-proxy';

const page = new TextEncoder().encode('<html><body><script>document.title = "run on the proxy origin"</script></body></html>');
const digest = `sha256:${createHash('sha256').update(page).digest('hex')}`;

describe('a blob the registry labels text/html', () => {
  let server: FakeUpstream;
  const viaProxy = (apiPath: string, method = 'GET') => inProcessProxyFetch(`/api/registry/${encodeURIComponent(server.host)}/v2/${apiPath}`, { method });

  beforeAll(async () => {
    server = await startFakeUpstream((req, res) => {
      if (req.url === `/v2/hostile/html/blobs/${digest}`) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length, 'docker-content-digest': digest });
        res.end(req.method === 'HEAD' ? undefined : page);
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"BLOB_UNKNOWN","message":"no"}]}');
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it.each(['GET', 'HEAD'])('is answered to %s as bytes to download, not a page', async (method) => {
    const answer = await viaProxy(`hostile/html/blobs/${digest}`, method);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type'), 'Content-Type').toBe('application/octet-stream');
    expect(answer.headers.get('content-disposition'), 'Content-Disposition').toBe('attachment');
    const body = new Uint8Array(await answer.arrayBuffer());
    expect(body).toEqual(method === 'GET' ? page : new Uint8Array());
  });

  it("keeps the registry's Content-Type in the trace", async () => {
    const answer = await viaProxy(`hostile/html/blobs/${digest}`);
    await answer.arrayBuffer();
    const served = decodeTrace(answer.headers.get(TRACE_HEADER)).at(-1);
    expect(served?.responseHeaders['content-type']).toBe('text/html; charset=utf-8');
  });
});
