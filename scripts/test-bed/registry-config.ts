/**
 * The config.yml of one distribution 2.8 registry (docs/configuration.md of
 * distribution). All registries of the bed share one filesystem storage root,
 * so an image pushed once into the anonymous registry is served by all.
 */

/** How a registry authenticates its clients. */
export type RegistryAuth =
  | { kind: 'none' }
  | { kind: 'htpasswd'; realm: string; path: string }
  | { kind: 'token'; realm: string; service: string; issuer: string; rootCertBundle: string };

/** What differs between the bed's registries. */
export interface RegistryConfig {
  port: number;
  storageRoot: string;
  auth: RegistryAuth;
  /**
   * Base URL for the `redirect` storage middleware: blob GETs answer 307 to
   * `<baseurl><storage path>` instead of streaming the blob (the way S3 or a
   * CDN sits behind Docker Hub).
   */
  redirectBaseUrl?: string;
}

/** Renders a registry config as YAML (every value JSON-quoted, which YAML accepts). */
export function registryConfigYaml(config: RegistryConfig): string {
  const q = JSON.stringify;
  const lines = [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${q(config.storageRoot)}`,
    // Without a fixed secret each registry invents one and logs a warning.
    'http:',
    `  addr: ${q(`127.0.0.1:${config.port}`)}`,
    `  secret: ${q('pullscope-test-bed-upload-secret')}`,
  ];
  if (config.redirectBaseUrl !== undefined) {
    lines.push(
      'middleware:',
      '  storage:',
      '    - name: redirect',
      '      options:',
      `        baseurl: ${q(config.redirectBaseUrl)}`,
    );
  }
  const auth = config.auth;
  switch (auth.kind) {
    case 'none':
      break;
    case 'htpasswd':
      lines.push('auth:', '  htpasswd:', `    realm: ${q(auth.realm)}`, `    path: ${q(auth.path)}`);
      break;
    case 'token':
      lines.push(
        'auth:',
        '  token:',
        `    realm: ${q(auth.realm)}`,
        `    service: ${q(auth.service)}`,
        `    issuer: ${q(auth.issuer)}`,
        `    rootcertbundle: ${q(auth.rootCertBundle)}`,
      );
      break;
  }
  return lines.join('\n') + '\n';
}
