import type { ReactNode } from 'react';
import { Panel } from '@/components/inspector/panel';

const SPEC = {
  pullManifests: 'https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests',
  pullBlobs: 'https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-blobs',
  listTags: 'https://github.com/opencontainers/distribution-spec/blob/main/spec.md#listing-tags',
  tokenAuth: 'https://distribution.github.io/distribution/spec/auth/token/',
  index: 'https://github.com/opencontainers/image-spec/blob/main/image-index.md',
  manifest: 'https://github.com/opencontainers/image-spec/blob/main/manifest.md',
  config: 'https://github.com/opencontainers/image-spec/blob/main/config.md',
  mediaTypes: 'https://github.com/opencontainers/image-spec/blob/main/media-types.md',
  digests: 'https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests',
  diffId: 'https://github.com/opencontainers/image-spec/blob/main/config.md#layer-diffid',
  chainId: 'https://github.com/opencontainers/image-spec/blob/main/config.md#layer-chainid',
  layers: 'https://github.com/opencontainers/image-spec/blob/main/layer.md',
} as const;

function Spec({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a href={href} target="_blank" rel="noreferrer" className="text-sky-700 underline dark:text-sky-400">
      {children}
    </a>
  );
}

/** A short, plain-words account of what a pull does, linked to the spec sections that define each step. */
export function HowAPullWorks() {
  return (
    <Panel title="How a pull works" testId="how-a-pull-works">
      <div className="space-y-3 text-sm leading-6">
        <p>
          <strong>1. Ask for the manifest.</strong> The client asks the registry for{' '}
          <code className="font-mono text-xs">/v2/&lt;repository&gt;/manifests/&lt;tag&gt;</code>. A registry that wants a login first answers
          401 with a <code className="font-mono text-xs">WWW-Authenticate</code> header naming a token server; the client asks that server
          for a short-lived token for “pull on this repository” and sends the request again with it (
          <Spec href={SPEC.tokenAuth}>token authentication</Spec>).
        </p>
        <p>
          <strong>2. Index or manifest.</strong> A multi-platform image answers with an <Spec href={SPEC.index}>index</Spec>: a list of
          manifests, one per operating system and CPU. The client picks its platform and fetches that{' '}
          <Spec href={SPEC.manifest}>manifest</Spec>, which names one config and the layers, in order (
          <Spec href={SPEC.pullManifests}>pulling manifests</Spec>).
        </p>
        <p>
          <strong>Why the Accept header matters.</strong> Each document has a <Spec href={SPEC.mediaTypes}>media type</Spec>, such as{' '}
          <code className="font-mono text-xs">application/vnd.oci.image.index.v1+json</code>. The client lists in{' '}
          <code className="font-mono text-xs">Accept</code> every type it understands; a registry may answer an error, or an older format,
          when the type it holds is missing from the list.
        </p>
        <p>
          <strong>3. The config.</strong> A small JSON <Spec href={SPEC.config}>document</Spec> with what the image runs (entrypoint, env,
          user, working directory), its history, and the list of <em>diff_ids</em>.
        </p>
        <p>
          <strong>4. The layers.</strong> Each layer is a tar archive of file changes, usually gzip- or zstd-compressed (
          <Spec href={SPEC.layers}>layers</Spec>), fetched as a blob (<Spec href={SPEC.pullBlobs}>pulling blobs</Spec>). Files deleted by a
          layer are marked by “whiteout” entries.
        </p>
        <p>
          <strong>Digests.</strong> Everything is named by the <Spec href={SPEC.digests}>sha256 of its exact bytes</Spec>: the manifest by
          its digest, each layer by the digest of its compressed bytes. Whoever hashes what arrived and finds the same digest knows it is
          exactly what was named. A tag can move; a digest cannot.
        </p>
        <p>
          <strong>diff_ids and chain IDs.</strong> A layer’s <Spec href={SPEC.diffId}>diff_id</Spec> is the sha256 of its tar after
          decompression, so it does not depend on how it was compressed. A <Spec href={SPEC.chainId}>chain ID</Spec> names a stack of
          layers: the first layer’s diff_id, then sha256 of “previous chain ID, a space, next diff_id” for each layer on top. Two images
          with the same chain ID share the same filesystem up to that layer.
        </p>
        <p>
          <strong>Why blobs redirect.</strong> Registries keep layers in object storage behind a CDN. A blob request often answers{' '}
          <strong>307</strong> with a short-lived signed URL on another host. The client follows it but must not send the registry’s token
          there: the token is not that host’s business, and object stores refuse a request carrying two kinds of authorization.
        </p>
        <p>
          <strong>Tags.</strong> <code className="font-mono text-xs">/v2/&lt;repository&gt;/tags/list?n=100</code> lists tags a page at a
          time; a <code className="font-mono text-xs">Link</code> header points to the next page (<Spec href={SPEC.listTags}>listing tags</Spec>).
        </p>
      </div>
    </Panel>
  );
}
