/**
 * The host answered, but not as a registry: an HTML page, or a 404 on the API
 * path without the `Docker-Distribution-API-Version` header registries send
 * (distribution spec, "API Version Check").
 */
import { PullscopeError } from '../../errors';

/** The host answered, but not with the distribution API (HTML, or a bare 404). */
export class NotARegistryError extends PullscopeError {
  readonly host: string;
  readonly httpStatus: number;
  readonly contentType: string;

  constructor(init: { host: string; httpStatus: number; contentType: string }) {
    const what = init.contentType ? `HTTP ${init.httpStatus} ${init.contentType}` : `HTTP ${init.httpStatus}`;
    super('NOT_A_REGISTRY', `${init.host} does not look like a container registry (its API path answered ${what})`, {
      suggestion:
        "Check the registry host: it is the part before the first '/' of the image reference, and must serve the registry API under /v2/.",
      status: 502,
    });
    this.host = init.host;
    this.httpStatus = init.httpStatus;
    this.contentType = init.contentType;
  }

  protected override wireData() {
    return { host: this.host, httpStatus: this.httpStatus, contentType: this.contentType };
  }
}
