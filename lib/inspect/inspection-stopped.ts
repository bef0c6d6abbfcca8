/**
 * The user stopped an inspection that was still waiting: the registry was
 * slow or unreachable (the proxy gives up on a silent one only after its
 * connect and header timeouts and their retries, which can take minutes).
 */
import { PullscopeError } from '../errors';

export class InspectionStoppedError extends PullscopeError {
  constructor(registry: string, seconds: number) {
    super('STOPPED', `Stopped after ${seconds} s, before ${registry} had sent the image's documents.`, {
      suggestion:
        'Check the registry’s host name and port: it must be reachable from the Pullscope server. Press Inspect to try again.',
      status: 499,
    });
  }
}
