/**
 * Authentication failures of the auth loop (distribution token.md): wrong
 * credentials, credentials needed but not given, or a scheme we cannot answer.
 */
import { PullscopeError } from '../../errors';
import { displayRegistry, displayRepository } from '../registry-name';

/** The three ways authentication ends a request. */
export type AuthErrorCode = 'AUTH_FAILED' | 'AUTH_REQUIRED' | 'AUTH_UNSUPPORTED';

/** What an AuthError is built from; also its wire form. */
export interface AuthErrorInit {
  code: AuthErrorCode;
  /** The registry host the user asked for (not the token server's). */
  registry: string;
  repository?: string;
  /** The registry's or token server's own words, verbatim. */
  registryMessage?: string;
  /** What we observed, e.g. "a second 401 after a fresh token". */
  reason?: string;
}

/** Credentials were refused (AUTH_FAILED), are needed (AUTH_REQUIRED), or the scheme is unknown (AUTH_UNSUPPORTED). */
export class AuthError extends PullscopeError {
  declare readonly code: AuthErrorCode;
  readonly registry: string;
  readonly repository?: string;
  readonly registryMessage?: string;
  readonly reason?: string;

  constructor(init: AuthErrorInit, options: { cause?: unknown } = {}) {
    const text = describe(init);
    super(init.code, text.message, {
      suggestion: text.suggestion,
      // An unknown scheme is the registry's fault, not the user's.
      status: init.code === 'AUTH_UNSUPPORTED' ? 502 : 401,
      cause: options.cause,
    });
    this.registry = init.registry;
    this.repository = init.repository;
    this.registryMessage = init.registryMessage;
    this.reason = init.reason;
  }

  protected override wireData(): Omit<AuthErrorInit, 'code'> {
    return {
      registry: this.registry,
      repository: this.repository,
      registryMessage: this.registryMessage,
      reason: this.reason,
    };
  }
}

function describe(init: AuthErrorInit): { message: string; suggestion: string } {
  const details = [init.registryMessage, init.reason].filter(Boolean);
  const said = details.length === 0 ? '' : details.length === 1 ? details[0] : `${details[0]} (${details[1]})`;
  switch (init.code) {
    case 'AUTH_FAILED':
      return {
        message: `authentication failed for ${displayRegistry(init.registry)}${said ? `: ${said}` : ''}`,
        suggestion: `Check the username and the password or token; a token needs read (pull) access to ${init.repository ?? 'the repository'}.`,
      };
    case 'AUTH_REQUIRED':
      return {
        message: `${displayRepository(init.registry, init.repository)} needs credentials${said ? `: ${said}` : ''}`,
        suggestion:
          "This repository needs credentials: open 'Private repository' and give a username and password or token. Check the name too: registries answer the same way for a repository that does not exist.",
      };
    case 'AUTH_UNSUPPORTED':
      return {
        message: `${displayRegistry(init.registry)} asks for an authentication Pullscope does not support${said ? `: ${said}` : ''}`,
        suggestion: 'Pullscope answers Bearer token and Basic challenges, as the distribution spec describes.',
      };
  }
}
