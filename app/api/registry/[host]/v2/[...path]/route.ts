/** The browser's door to registries: GET/HEAD /api/registry/<host>/v2/<name>/(manifests|blobs|tags)/… */
import { proxyRegistryRequest } from '../../../../_server/registry-proxy';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

type Context = { params: Promise<{ host: string; path: string[] }> };

async function handle(request: Request, context: Context): Promise<Response> {
  const { host, path } = await context.params;
  return proxyRegistryRequest(request, host, path);
}

export const GET = handle;
export const HEAD = handle;
