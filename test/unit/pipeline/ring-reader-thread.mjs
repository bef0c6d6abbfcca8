// The hash worker's side of a ring on a real thread (node:worker_threads), for
// hash-ring-threads.test.ts: TypeScript through tsx, then the reader's loop.
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { HashRingReader } = await tsImport('../../../lib/pipeline/hash-ring.ts', import.meta.url);
const nodeSha256 = () => {
  const hash = createHash('sha256');
  return { update: (bytes) => void hash.update(bytes), digest: () => new Uint8Array(hash.digest()) };
};
parentPort.postMessage('ready');
new HashRingReader(workerData.memory, nodeSha256).serve();
