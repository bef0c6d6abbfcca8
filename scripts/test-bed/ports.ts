/**
 * Free TCP ports on 127.0.0.1. The kernel picks one when we listen on port 0;
 * we close the sockets and hand the numbers to the child processes. Another
 * program could take it in between, which on a test machine is rare enough,
 * and the start-up health check would report it.
 */
import net from 'node:net';

/** The loopback address every test-bed server listens on. */
export const loopback = '127.0.0.1';

/** Several distinct free ports (kept open together so none repeats). */
export async function freePorts(count: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, loopback, () => resolve());
      });
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('listening on port 0 gave no TCP address');
      ports.push(address.port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
