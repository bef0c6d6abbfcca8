/**
 * The token server's signing identity and JWT signer.
 *
 * distribution 2.8 (registry/auth/token/token.go, VerifySigningKey) finds the
 * signing key from the JWT header, trying in order: `x5c` (a certificate chain
 * that must verify against `auth.token.rootcertbundle`), `jwk`, then `kid` as
 * a libtrust key fingerprint. We send `x5c` with our self-signed certificate
 * and list that same certificate as the root bundle, so no libtrust key IDs
 * are needed. The signature is checked by libtrust, which takes RS256.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { run } from './run';

/** A private key and the self-signed certificate the registries trust. */
export interface SigningIdentity {
  privateKey: crypto.KeyObject;
  /** Base64 DER of the certificate, as `x5c` carries it (RFC 7515 §4.1.6). */
  certificateDer: string;
  /** PEM file to name as the registries' `rootcertbundle`. */
  certificatePath: string;
}

/** Creates a fresh RSA key and a one-day self-signed certificate with openssl. */
export async function createSigningIdentity(dir: string): Promise<SigningIdentity> {
  const keyPath = path.join(dir, 'token-signing-key.pem');
  const certificatePath = path.join(dir, 'token-signing-cert.pem');
  await run('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2',
    '-subj', '/CN=pullscope test token issuer',
    '-keyout', keyPath, '-out', certificatePath,
  ]);
  const certificate = new crypto.X509Certificate(fs.readFileSync(certificatePath));
  return {
    privateKey: crypto.createPrivateKey(fs.readFileSync(keyPath)),
    certificateDer: certificate.raw.toString('base64'),
    certificatePath,
  };
}

/** The claims of a registry token (distribution token.go ClaimSet). */
export interface TokenClaims {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  access: { type: string; name: string; actions: string[] }[];
}

function base64Url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/** Signs the claims as a compact JWS with RS256 and the certificate in `x5c`. */
export function signToken(identity: SigningIdentity, claims: TokenClaims): string {
  const header = { typ: 'JWT', alg: 'RS256', x5c: [identity.certificateDer] };
  const signingInput = `${base64Url(JSON.stringify(header))}.${base64Url(JSON.stringify(claims))}`;
  const signature = crypto.sign('sha256', Buffer.from(signingInput), identity.privateKey);
  return `${signingInput}.${base64Url(signature)}`;
}
