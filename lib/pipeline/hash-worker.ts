/**
 * A hash worker's entry point, the only file of it that touches worker
 * globals. LayerWorkerPool starts one beside each layer worker and gives the
 * two one ring of shared memory (hash-ring.ts): the layer's larger hash runs
 * here, beside the layer worker's reading and decoding. It blocks in
 * Atomics.wait between bytes, so after the start message it handles no
 * events; the page ends it with terminate().
 */
import { createSha256Engine } from '../stream/sha256';
import { HashRingReader } from './hash-ring';
import type { HashWorkerStart } from './messages';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<HashWorkerStart>) => {
  if (event.data.type !== 'serve') return;
  const { memory } = event.data;
  createSha256Engine().then(
    (engine) => new HashRingReader(memory, () => engine.start()).serve(),
    (err: unknown) => {
      // Thrown from a task, it reaches the page as the worker's error event,
      // and the pool fails the layer worker waiting on this ring.
      setTimeout(() => {
        throw err;
      });
    },
  );
};
