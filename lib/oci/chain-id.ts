/**
 * Layer chain IDs (image-spec config.md#layer-chainid):
 *
 *   ChainID(L1)       = DiffID(L1)
 *   ChainID(L1|…|Ln)  = Digest(ChainID(L1|…|Ln-1) + " " + DiffID(Ln))
 *
 * A chain ID names a layer together with everything under it, which is how
 * a runtime's snapshotter keys unpacked layers.
 */
import { sha256Digest } from '../digest';

/** The chain ID of each layer prefix, one per diff_id, bottom layer first. */
export async function chainIds(diffIds: readonly string[]): Promise<string[]> {
  const encoder = new TextEncoder();
  const out: string[] = [];
  for (const diffId of diffIds) {
    const previous = out[out.length - 1];
    out.push(previous === undefined ? diffId : await sha256Digest(encoder.encode(`${previous} ${diffId}`)));
  }
  return out;
}
