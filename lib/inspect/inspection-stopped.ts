/**
 * The user stopped an inspection that was still waiting: the registry was
 * slow or unreachable (the proxy gives up on a silent one only after its
 * connect and header timeouts and their retries, which can take minutes).
 * What to suggest depends on whether the registry had answered in this
 * inspection: one that did has the right host name and port, and was slow
 * (or its token server, or its storage, was).
 */
import { PullscopeError } from '../errors';

/** An inspection the user stopped while it waited; `registryAnswered` says whether the registry had answered in it. */
export class InspectionStoppedError extends PullscopeError {
  readonly registryAnswered: boolean;

  constructor(registry: string, seconds: number, registryAnswered = false) {
    super('STOPPED', `Stopped after ${seconds} s, before ${registry} had sent the image's documents.`, {
      suggestion: registryAnswered
        ? `${registry} answered earlier in this inspection, so its host name and port are right: it, its token server or its storage was slow to send the rest. Press Inspect to try again.`
        : `${registry} had not answered yet: it may be slow, or waiting on its token server. If it never answers, check its host name and port: it must be reachable from the Pullscope server. Press Inspect to try again.`,
      status: 499,
    });
    this.registryAnswered = registryAnswered;
  }
}
