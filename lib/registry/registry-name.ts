/**
 * How a registry host is shown to people. Docker Hub's API lives on
 * `registry-1.docker.io`, but users know it, and write it, as `docker.io`.
 */
const DISPLAY_NAMES: Record<string, string> = {
  'registry-1.docker.io': 'docker.io',
  'index.docker.io': 'docker.io',
};

/** The name users write for a registry API host (`registry-1.docker.io` → `docker.io`). */
export function displayRegistry(host: string): string {
  return DISPLAY_NAMES[host.toLowerCase()] ?? host;
}

/** `docker.io/library/ubuntu`, or just the registry when no repository is known. */
export function displayRepository(host: string, repository?: string): string {
  return repository ? `${displayRegistry(host)}/${repository}` : displayRegistry(host);
}
