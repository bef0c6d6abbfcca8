/** The registry client's error classes, the parser of registry error bodies, and their rebuilding from the wire. */
export { AuthError, type AuthErrorCode, type AuthErrorInit } from './auth-error';
export { BadTokenResponseError } from './bad-token-response-error';
export { ContentEncodingError } from './content-encoding-error';
export { extractRegistryMessage, parseRegistryErrorBody, parseRetryAfter, type ErrorContext } from './error-body';
export { HeadersTooLargeError, MAX_RESPONSE_HEADER_BYTES } from './headers-too-large-error';
export { errorFromWire } from './from-wire';
export { HostNotAllowedError, type HostNotAllowedInit } from './host-not-allowed-error';
export { NotARegistryError } from './not-a-registry-error';
export { REGISTRY_ERROR_CODES, RegistryError, type RegistryErrorInit } from './registry-error';
export { RequestLoopError } from './request-loop-error';
export { TooManyRedirectsError } from './too-many-redirects-error';
export { describeNetworkFailure, isHeadersOverflow, UnreachableError, type HostRole, type UnreachableContext } from './unreachable-error';
export { BadChallengeError } from '../challenge';
