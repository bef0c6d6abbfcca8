/**
 * What a digest in a document names, told by where it stands in that
 * document (image-spec image-index.md, manifest.md, config.md):
 *
 *   index     manifests[i].digest                     entry i, a manifest or an index
 *             manifests[i].annotations["vnd.docker.reference.digest"]
 *                                                     the manifest entry i is about (BuildKit's attestations)
 *   manifest  config.digest                           the config
 *             layers[i].digest                        layer i
 *             fsLayers[i].blobSum                     layer i from the top (Docker schema 1 lists the top layer first)
 *   config    rootfs.diff_ids[i]                      layer i, by its uncompressed digest
 *   index or manifest  subject.digest                 the manifest this one refers to
 *
 * Anything else (other annotations, a signature's key) is not
 * known to name an object this image holds, and names nothing here.
 */
import type { JsonPath } from './json-duplicate-keys';
import { REFERENCE_DIGEST_ANNOTATION } from './platform';

/** The documents whose digests name objects of the image. */
export type DigestDocument = 'index' | 'manifest' | 'config';

/** What one digest of a document names. */
export type DigestRole =
  | { kind: 'entry'; entry: number }
  | { kind: 'entry-subject'; entry: number }
  | { kind: 'config' }
  | { kind: 'layer'; layer: number }
  | { kind: 'layer-from-top'; fromTop: number }
  | { kind: 'subject' };

/** What the digest at `path` of a `document` names; undefined when it names nothing known. */
export function digestRole(document: DigestDocument, path: JsonPath): DigestRole | undefined {
  const [first, second, third, fourth] = path;
  if (document === 'config') {
    return path.length === 3 && first === 'rootfs' && second === 'diff_ids' && typeof third === 'number' ? { kind: 'layer', layer: third } : undefined;
  }
  if (path.length === 2 && first === 'subject' && second === 'digest') return { kind: 'subject' };
  if (document === 'manifest') {
    if (path.length === 2 && first === 'config' && second === 'digest') return { kind: 'config' };
    if (path.length === 3 && first === 'layers' && typeof second === 'number' && third === 'digest') return { kind: 'layer', layer: second };
    if (path.length === 3 && first === 'fsLayers' && typeof second === 'number' && third === 'blobSum') return { kind: 'layer-from-top', fromTop: second };
    return undefined;
  }
  if (first !== 'manifests' || typeof second !== 'number') return undefined;
  if (path.length === 3 && third === 'digest') return { kind: 'entry', entry: second };
  if (path.length === 4 && third === 'annotations' && fourth === REFERENCE_DIGEST_ANNOTATION) return { kind: 'entry-subject', entry: second };
  return undefined;
}
