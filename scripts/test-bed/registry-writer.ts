/**
 * The few registry writes skopeo cannot do for us: uploading small blobs and
 * putting a manifest whose exact bytes we wrote (an index with an attestation
 * entry, a Docker manifest list). distribution spec: "Pushing blobs"
 * (POST then PUT with ?digest=) and "Pushing Manifests".
 */
import { sha256Digest } from './images/oci-layout';

async function expectStatus(response: Response, want: number, what: string): Promise<void> {
  if (response.status !== want) {
    const body = await response.text();
    throw new Error(`${what}: got HTTP ${response.status}, want ${want}: ${body.slice(0, 500)}`);
  }
}

/** Uploads `bytes` as a blob of `repository` unless the registry already has it; returns its digest. */
export async function uploadBlob(host: string, repository: string, bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = sha256Digest(bytes);
  const head = await fetch(`http://${host}/v2/${repository}/blobs/${digest}`, { method: 'HEAD' });
  if (head.status === 200) return digest;

  const start = await fetch(`http://${host}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  await expectStatus(start, 202, `starting a blob upload to ${repository}`);
  const location = new URL(start.headers.get('Location') ?? '', `http://${host}`);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: bytes,
  });
  await expectStatus(put, 201, `finishing the upload of ${digest} to ${repository}`);
  return digest;
}

/** Puts manifest bytes under a tag or digest; checks the registry computed the same digest. */
export async function putManifest(
  host: string,
  repository: string,
  reference: string,
  mediaType: string,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<string> {
  const digest = sha256Digest(bytes);
  const response = await fetch(`http://${host}/v2/${repository}/manifests/${reference}`, {
    method: 'PUT',
    headers: { 'Content-Type': mediaType },
    body: bytes,
  });
  await expectStatus(response, 201, `putting manifest ${repository}:${reference}`);
  const answered = response.headers.get('Docker-Content-Digest');
  if (answered !== digest) {
    throw new Error(`manifest ${repository}:${reference}: registry says ${answered}, want ${digest}`);
  }
  return digest;
}
