/**
 * A signed Docker schema 1 manifest (manifest-v2-1.md) in the pretty JWS
 * form registries served, built in code: its payload, the signatures spliced
 * in where `formatLength` says, and the digest registries name it by (the
 * payload's). The signature itself is not checked by any client any more.
 */
import { sha256, type LayerBlob } from './hostile-images';

export const SCHEMA1_SIGNED = 'application/vnd.docker.distribution.manifest.v1+prettyjws';

/** One build step: its layer and its v1 image JSON (the top step's holds the image's config). */
export interface Schema1Step {
  layer: LayerBlob;
  v1: object;
}

/** The signed manifest of `steps` (base first), and its payload's digest. */
export function signedSchema1(name: string, tag: string, steps: readonly Schema1Step[]): { bytes: Uint8Array<ArrayBuffer>; digest: string } {
  const top = [...steps].reverse();
  const payload = JSON.stringify(
    {
      schemaVersion: 1,
      name,
      tag,
      architecture: 'amd64',
      fsLayers: top.map((s) => ({ blobSum: s.layer.digest })),
      history: top.map((s) => ({ v1Compatibility: JSON.stringify(s.v1) })),
    },
    null,
    3,
  );
  const formatLength = payload.length - 2;
  const base64url = (text: string) => Buffer.from(text).toString('base64url');
  const protectedHeader = base64url(JSON.stringify({ formatLength, formatTail: base64url(payload.slice(formatLength)), time: '2016-01-01T00:00:00Z' }));
  const signature = `,\n   "signatures": [\n      {\n         "header": {"alg": "ES256"},\n         "signature": "c2ln",\n         "protected": "${protectedHeader}"\n      }\n   ]`;
  const bytes = new TextEncoder().encode(payload.slice(0, formatLength) + signature + payload.slice(formatLength));
  return { bytes, digest: sha256(new TextEncoder().encode(payload)) };
}
