/**
 * Image names as skopeo, podman and buildah write them, a transport before the location
 * (containers-transports(5)):
 *
 *   transport-name ::= transport ":" location
 *   transport      ::= "oci" | "oci-archive" | "docker-archive" | "docker-daemon" | "containers-storage" | "dir"
 *
 * `docker://` names a registry's image (cleaning removes it); these name an image on the computer
 * the line was written on, which no registry serves. `oci:5000/app` stays a registry at a port,
 * as docker reads it.
 */

/** What to tell about a local image's name: what it names, and how to open it here instead. */
export interface LocalImageAdvice {
  message: string;
  suggestion: string;
}

const TRANSPORT = /^(oci|oci-archive|docker-archive|docker-daemon|containers-storage|dir):(?!\d+(?:\/|$))(\S+)$/;
// containers-storage's optional store: '[overlay@/var/lib/containers/storage+/run/containers/storage]'.
const STORE_SPEC = /^\[[^\]]*\]/;

/**
 * The advice for a transport name such as 'oci-archive:/tmp/app.tar' or 'docker-daemon:ubuntu:22.04', or undefined
 * for anything else. `registryImage` tells whether the name after a daemon's or a store's transport is a registry's
 * image (one that parses and is not a local build's 'localhost/…').
 */
export function localImageAdvice(input: string, registryImage: (name: string) => boolean): LocalImageAdvice | undefined {
  const m = TRANSPORT.exec(input);
  if (!m) return undefined;
  const [, transport, location] = m;
  const shown = quote(input);
  // An archive's or a layout's location is 'path[:reference]', the reference naming one image of several.
  const path = location.split(':')[0];
  switch (transport) {
    case 'oci-archive':
    case 'docker-archive':
      return {
        message: `${shown} names ${transport === 'oci-archive' ? 'an OCI archive' : 'a docker-archive'} file on the computer it was written on, not an image in a registry.`,
        suggestion: `Drop the file ${quote(path)} on this page, or open it with "Choose an archive…": it is read in this browser, nothing is uploaded.`,
      };
    case 'oci':
      return {
        message: `${shown} names an OCI image layout folder on the computer it was written on, not an image in a registry.`,
        suggestion: `Open the folder ${quote(path)} with "Choose a folder…" on this page, or drop it there: it is read in this browser, nothing is uploaded.`,
      };
    case 'dir':
      return {
        message: `${shown} names a folder in skopeo's own dir: format on the computer it was written on, not an image in a registry.`,
        suggestion: `Copy it into an archive this page reads, "skopeo copy dir:${location} oci-archive:image.tar", and drop image.tar on this page.`,
      };
    case 'docker-daemon':
      return daemonAdvice(shown, location, 'an image in the local Docker daemon', `docker save -o image.tar ${location}`, registryImage);
    default: {
      const name = location.replace(STORE_SPEC, '');
      const where = 'an image in the local containers storage (podman, buildah, CRI-O)';
      return daemonAdvice(shown, name, where, `podman save --format oci-archive -o image.tar ${name}`, registryImage);
    }
  }
}

/** A daemon's or a store's image: its registry may serve it still; else it is exported to a file. */
function daemonAdvice(
  shown: string,
  name: string,
  where: string,
  save: string,
  registryImage: (name: string) => boolean,
): LocalImageAdvice {
  const exportIt = `export it, "${save}", and drop image.tar on this page`;
  return {
    message: `${shown} names ${where}, not an image in a registry.`,
    suggestion: registryImage(name)
      ? `If it was pulled from a registry, inspect it there: enter ${quote(name)}. Otherwise ${exportIt}.`
      : `${exportIt[0].toUpperCase()}${exportIt.slice(1)}.`,
  };
}

function quote(text: string): string {
  return `'${text}'`;
}
