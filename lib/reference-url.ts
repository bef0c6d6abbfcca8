/**
 * Web addresses that name an image, as people copy them from a browser or a log:
 *
 *   url ::= ( "http" | "https" ) "://" [ userinfo "@" ] host path [ "?" query ] [ "#" fragment ]
 *
 * Three kinds are read: an image's page on a registry's web site (Docker Hub, Quay, GitHub
 * packages, the Amazon ECR Public Gallery, the Microsoft Artifact Registry) or Docker Hub's own
 * API; the distribution API (distribution-spec, "Endpoints": `/v2/<name>/manifests/<reference>`,
 * `/v2/<name>/tags/list`); and a registry's address whose path is just the repository
 * (`https://ghcr.io/owner/app:tag`). Any other page of those sites is no image, and is refused
 * rather than read as a registry path (isWebPage says which).
 */

/** A reference read from a URL, and what the reading needs the user to know. */
export interface ReferenceFromUrl {
  reference: string;
  notes: string[];
}

interface Read {
  reference: string;
  note?: string;
}

/** The reference a web or registry API address names; undefined for one that names none, or no URL. */
export function referenceFromUrl(text: string): ReferenceFromUrl | undefined {
  const url = parseUrl(text);
  if (url === undefined) return undefined;
  const s = segmentsOf(url);
  const read = fromKnownSite(url, s) ?? fromRegistryApi(url, s) ?? fromRegistryPath(url, s);
  if (read === undefined) return undefined;
  const notes = ['Took the reference from the URL'];
  if (read.note !== undefined) notes.push(read.note);
  if (url.username || url.password) notes.push('Dropped the credentials in the URL; enter them in the Username and Password fields');
  return { reference: read.reference, notes };
}

/** Sites that serve pages about images and no registry API; an address on them is a registry path never. */
const WEB_SITES: ReadonlySet<string> = new Set([
  ...['hub.docker.com', 'github.com', 'www.github.com', 'gallery.ecr.aws', 'artifacthub.io', 'www.docker.com', 'docs.docker.com'],
  ...['console.cloud.google.com', 'console.aws.amazon.com', 'portal.azure.com', 'gitlab.com', 'catalog.ngc.nvidia.com'],
]);
// Quay's web pages; its repositories are '<namespace>/<name>', two segments.
const QUAY_PAGES: ReadonlySet<string> = new Set(['repository', 'organization', 'user', 'search', 'tutorial', 'plans', 'signin', 'new', 'superuser']);
// The Microsoft Artifact Registry's pages: '/en-us/artifact/mar/<repository>/tags', '/en-us/product/<repository>/about'.
const MCR_PAGES: ReadonlySet<string> = new Set(['artifact', 'product', 'catalog']);
const LOCALE = /^[a-z]{2}-[a-z]{2,4}$/i;
const MCR_TABS: ReadonlySet<string> = new Set(['about', 'tags']);
// Docker Hub's own API (not the registry's): '/v2/repositories/…', '/v2/namespaces/…', and the retired '/v1/…'.
const HUB_API_HOSTS: ReadonlySet<string> = new Set(['hub.docker.com', 'index.docker.io', 'registry.hub.docker.com']);

/** True when `text` is the address of a web page (or a site's own API) rather than of a registry's repository. */
export function isWebPage(text: string): boolean {
  const url = parseUrl(text);
  return url !== undefined && isWebPageAt(url, segmentsOf(url));
}

function isWebPageAt(url: URL, s: string[]): boolean {
  switch (url.hostname) {
    case 'quay.io':
      return s[0] !== 'v2' && (s.length !== 2 || QUAY_PAGES.has(s[0]));
    case 'mcr.microsoft.com':
      return s.length > 0 && (LOCALE.test(s[0]) || MCR_PAGES.has(s[0]));
    default:
      return WEB_SITES.has(url.hostname) || (HUB_API_HOSTS.has(url.hostname) && (s[0] === 'v1' || isHubApiPath(s)));
  }
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function segmentsOf(url: URL): string[] {
  return url.pathname.split('/').filter(Boolean).map(decodeSegment);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function read(reference: string, note?: string): Read {
  return note === undefined ? { reference } : { reference, note };
}

/** Image pages of the sites we know; undefined for their other pages and for other sites. */
function fromKnownSite(url: URL, s: string[]): Read | undefined {
  switch (url.hostname) {
    case 'hub.docker.com':
      return fromDockerHub(s) ?? fromDockerHubApi(s);
    case 'index.docker.io':
    case 'registry.hub.docker.com':
      return fromDockerHubApi(s);
    case 'quay.io':
      return fromQuay(url, s);
    case 'github.com':
    case 'www.github.com':
      return fromGitHub(url, s);
    case 'gallery.ecr.aws':
      // '/<alias>/<repository>' shows public.ecr.aws/<alias>/<repository>; one segment is an alias's page.
      return s.length >= 2 ? read(`public.ecr.aws/${s.join('/')}`) : undefined;
    case 'mcr.microsoft.com':
      return fromMicrosoftArtifactRegistry(s);
    default:
      return undefined;
  }
}

/** Docker Hub names an official image without 'library/'. */
function hubName(owner: string, name: string): string {
  return owner === 'library' ? name : `${owner}/${name}`;
}

/** `name` with the tag of a page's trailing 'tags/<tag>', when it has one. */
function withTag(name: string, rest: string[]): string {
  return rest[0] === 'tags' && rest[1] ? `${name}:${rest[1]}` : name;
}

function fromDockerHub(s: string[]): Read | undefined {
  if (s[0] === '_' && s.length >= 2) return read(withTag(s[1], s.slice(2)));
  if (s[0] === 'r' && s.length >= 3) return read(withTag(hubName(s[1], s[2]), s.slice(3)));
  // Your own repositories: /repository/docker/<owner>/<name>/general, …/tags/<tag>/sha256-<hex> (one platform's image).
  if (s[0] === 'repository' && s[1] === 'docker' && s.length >= 4) return read(withTag(hubName(s[2], s[3]), s.slice(4)));
  if (s[0] === 'layers') {
    // /layers/<owner>/<name>/<tag>/images/sha256-…, and the older
    // /layers/<name>/<owner>/<name>/<tag>/images/sha256-…
    const images = s.indexOf('images');
    if (images === 4 || (images < 0 && s.length === 4)) return read(`${hubName(s[1], s[2])}:${s[3]}`);
    if (images === 5 && s[1] === s[3]) return read(`${hubName(s[2], s[3])}:${s[4]}`);
  }
  return undefined;
}

function isHubApiPath(s: string[]): boolean {
  return s[0] === 'v2' && (s[1] === 'repositories' || s[1] === 'namespaces');
}

/**
 * Docker Hub's API: /v2/repositories/<namespace>/<name>[/tags[/<tag>]], /v2/namespaces/<namespace>/repositories/<name>…,
 * and the retired index's /v1/repositories/<namespace>/<name>/tags, where an official image may come without 'library'.
 */
function fromDockerHubApi(s: string[]): Read | undefined {
  let rest: string[];
  if ((s[0] === 'v1' || s[0] === 'v2') && s[1] === 'repositories') rest = s.slice(2);
  else if (s[0] === 'v2' && s[1] === 'namespaces' && s[3] === 'repositories') rest = [s[2], ...s.slice(4)];
  else return undefined;
  if (rest[1] === 'tags') rest = ['library', ...rest];
  const [owner, name, ...after] = rest;
  if (owner === undefined || name === undefined || after.length > 2 || (after.length > 0 && after[0] !== 'tags')) return undefined;
  return read(withTag(hubName(owner, name), after));
}

function fromQuay(url: URL, s: string[]): Read | undefined {
  if (s[0] !== 'repository' || s.length < 3) return undefined;
  const name = `quay.io/${s[1]}/${s[2]}`;
  if (s[3] === 'manifest' && s[4]) return read(`${name}@${s[4]}`);
  const tag = url.searchParams.get('tag');
  return read(tag ? `${name}:${tag}` : name);
}

/**
 * GitHub's package pages: /orgs|users/<owner>/packages/container/package/<name>, a version's
 * /orgs|users/<owner>/packages/container/<name>/<version id>, and a repository's /<owner>/<repo>/pkgs/container/<name>[/<version id>].
 * A version's page names its tag in `?tag=`; its id is GitHub's, no tag or digest of the registry.
 */
function fromGitHub(url: URL, s: string[]): Read | undefined {
  let owner: string | undefined;
  let name: string | undefined;
  let version: string | undefined;
  if ((s[0] === 'orgs' || s[0] === 'users') && s[2] === 'packages' && s[3] === 'container') {
    owner = s[1];
    if (s[4] === 'package') [name, version] = s.length === 6 ? [s[5], undefined] : [];
    else [name, version] = s.length <= 6 ? [s[4], s[5]] : [];
  } else if (s[2] === 'pkgs' && s[3] === 'container' && s.length <= 6) {
    [owner, name, version] = [s[0], s[4], s[5]];
  }
  if (owner === undefined || !name) return undefined;
  if (version === 'versions') version = undefined;
  if (version !== undefined && !/^\d+$/.test(version)) return undefined;
  // ghcr.io names are the owner and package in lowercase (nested names come as %2F, decoded to '/'); a tag keeps its case.
  const repository = `ghcr.io/${owner}/${name}`.toLowerCase();
  const tag = url.searchParams.get('tag');
  if (tag) return read(`${repository}:${tag}`);
  if (version === undefined) return read(repository);
  return read(
    `${repository}:latest`,
    `The URL's package version ${version} names no tag, so 'latest' is shown; for that version, enter the tag or digest its page shows`,
  );
}

/** /[<locale>/]artifact/mar/<repository>[/<tab>] and the older /[<locale>/]product/<repository>[/<tab>]. */
function fromMicrosoftArtifactRegistry(s: string[]): Read | undefined {
  const page = LOCALE.test(s[0] ?? '') ? s.slice(1) : s;
  let repository: string[];
  if (page[0] === 'artifact' && page[1] === 'mar') repository = page.slice(2);
  else if (page[0] === 'product') repository = page.slice(1);
  else return undefined;
  if (MCR_TABS.has(repository.at(-1) ?? '')) repository = repository.slice(0, -1);
  return repository.length > 0 ? read(`mcr.microsoft.com/${repository.join('/')}`) : undefined;
}

/** distribution API URLs: /v2/<name>/manifests/<reference> and /v2/<name>/tags/list. */
function fromRegistryApi(url: URL, s: string[]): Read | undefined {
  if (s[0] !== 'v2' || s.length < 4 || WEB_SITES.has(url.hostname) || isHubApiPath(s)) return undefined;
  const kind = s[s.length - 2];
  const last = s[s.length - 1];
  const name = `${url.host}/${s.slice(1, -2).join('/')}`;
  if (kind === 'manifests') return read(last.includes(':') ? `${name}@${last}` : `${name}:${last}`);
  if (kind === 'tags' && last === 'list') return read(name);
  return undefined;
}

/** 'https://ghcr.io/owner/app:tag' is just a reference with a scheme in front; a page of a web site is not. */
function fromRegistryPath(url: URL, s: string[]): Read | undefined {
  if (s.length === 0 || s[0] === 'v2' || isWebPageAt(url, s)) return undefined;
  return read(`${url.host}/${s.join('/')}`);
}
