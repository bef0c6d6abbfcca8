/**
 * Image references, as `docker pull` reads them (distribution/reference,
 * reference.go and normalize.go):
 *
 *   reference        ::= name [ ":" tag ] [ "@" digest ]
 *   name             ::= [ domain "/" ] path
 *   domain           ::= host [ ":" port ]
 *   host             ::= domain-name | IPv4 | "[" IPv6 "]"
 *   domain-name      ::= domain-label ( "." domain-label )*
 *   domain-label     ::= [a-zA-Z0-9] | [a-zA-Z0-9] [a-zA-Z0-9-]* [a-zA-Z0-9]
 *   port             ::= [0-9]+
 *   path             ::= path-component ( "/" path-component )*
 *   path-component   ::= [a-z0-9]+ ( separator [a-z0-9]+ )*
 *   separator        ::= "." | "_" | "__" | "-"+
 *   tag              ::= [\w] [\w.-]{0,127}
 *   digest           ::= algorithm ":" encoded          (image-spec descriptor.md#digests)
 *
 * Normalization (normalize.go): the first component is a domain only when
 * something follows it and it contains "." or ":" or is exactly "localhost";
 * otherwise the registry is Docker Hub, and a one-component Hub path gets
 * "library/". No tag and no digest means tag "latest". The whole name
 * (registry "/" path) is at most 255 characters.
 */
import { PullscopeError } from './errors';
import { isDigest } from './digest';
import { localImageAdvice } from './reference-transport';
import { isWebPage } from './reference-url';
import { redactCredentials } from './secret-like';
import { describeCharacter } from './character-name';
import { hasHiddenCharacters, visibleText } from './visible-text';

export { cleanReferenceInput, type CleanedReferenceInput } from './reference-input';

/** A parsed, normalized image reference. */
export interface Reference {
  /** Canonical registry as displayed: 'docker.io', 'ghcr.io', 'localhost:5000', '[::1]:5000'. */
  registry: string;
  /** host[:port] to talk to: 'registry-1.docker.io' for Docker Hub, otherwise the registry. */
  apiHost: string;
  /** Repository path within the registry: 'library/ubuntu', 'team/api', 'a/b/c'. */
  repository: string;
  /** The tag given, or 'latest' when neither a tag nor a digest was given. */
  tag?: string;
  /** The digest given, validated: 'sha256:<64 lowercase hex>'. Fetching uses it over the tag. */
  digest?: string;
}

/** The registry name Docker Hub references normalize to. */
export const DOCKER_HUB_REGISTRY = 'docker.io';
/** The host Docker Hub's registry API actually answers on. */
export const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
/** Hosts that all mean Docker Hub (the first two are legacy names docker still accepts). */
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const OFFICIAL_REPO_PREFIX = 'library/';
const DEFAULT_TAG = 'latest';
const NAME_TOTAL_LENGTH_MAX = 255;
const TAG_LENGTH_MAX = 128;

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const SEPARATOR = /^(?:[._]|__|-+)$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DOMAIN_LABEL = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const IPV6_HOST = /^\[[a-fA-F0-9:]+\]$/;
const PORT = /^[0-9]+$/;
/** Hex lengths of the algorithms go-digest registers (and registries accept). */
const DIGEST_HEX_LENGTH = new Map([
  ['sha256', 64],
  ['sha384', 96],
  ['sha512', 128],
]);

/** A reference that does not follow the grammar; the message quotes the offending part. */
export class BadReferenceError extends PullscopeError {
  constructor(message: string, suggestion: string, options: { cause?: unknown } = {}) {
    super('BAD_REFERENCE', message, { suggestion, status: 400, cause: options.cause });
  }
}

/** Parses and normalizes a reference such as 'ubuntu', 'ghcr.io/o/app:1@sha256:…'; throws BadReferenceError. */
export function parseReference(input: string): Reference {
  checkWhole(input);

  // '@' cannot occur in a name or a tag, so the first one starts the digest.
  const at = input.indexOf('@');
  let digest: string | undefined;
  let nameAndTag = input;
  if (at >= 0) {
    nameAndTag = input.slice(0, at);
    digest = parseDigest(input.slice(at + 1), input);
  }

  // A ':' after the last '/' starts the tag; earlier ones belong to host:port.
  const colon = nameAndTag.lastIndexOf(':');
  let tag: string | undefined;
  let name = nameAndTag;
  if (colon > nameAndTag.lastIndexOf('/')) {
    name = nameAndTag.slice(0, colon);
    tag = parseTag(nameAndTag.slice(colon + 1), name, input);
  }

  if (name === '') {
    throw new BadReferenceError(
      `The reference ${quote(input)} has no repository name.`,
      "Put the repository name first, e.g. 'ubuntu:22.04' or 'ubuntu@sha256:…'.",
    );
  }
  checkSlashes(name);

  const components = name.split('/');
  let registry = DOCKER_HUB_REGISTRY;
  if (components.length > 1 && looksLikeHost(components[0])) {
    registry = normalizeHost(parseHost(components[0]));
    components.shift();
  }
  const path = components.join('/');
  checkPath(path, { hostPart: name.slice(0, name.length - path.length), tag, digest });

  let repository = path;
  if (registry === DOCKER_HUB_REGISTRY && components.length === 1) repository = OFFICIAL_REPO_PREFIX + path;
  // Docker refuses to pull it too: FROM scratch builds on an empty filesystem, no image.
  if (registry === DOCKER_HUB_REGISTRY && repository === `${OFFICIAL_REPO_PREFIX}scratch`) {
    throw new BadReferenceError(
      "'scratch' is a reserved name, not an image: a Dockerfile's FROM scratch starts from an empty filesystem, so there is nothing to pull.",
      'Enter the image the Dockerfile builds, once it is pushed to a registry, or another image.',
    );
  }

  const fullName = `${registry}/${repository}`;
  if (fullName.length > NAME_TOTAL_LENGTH_MAX) {
    throw new BadReferenceError(
      `The name ${quote(fullName)} is ${fullName.length} characters long; at most ${NAME_TOTAL_LENGTH_MAX} are allowed.`,
      'Check that the whole reference was pasted once; registries refuse names this long.',
    );
  }

  const ref: Reference = {
    registry,
    apiHost: registry === DOCKER_HUB_REGISTRY ? DOCKER_HUB_API_HOST : registry,
    repository,
  };
  if (tag !== undefined) ref.tag = tag;
  else if (digest === undefined) ref.tag = DEFAULT_TAG;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

/** True when `tag` follows the tag grammar (distribution reference: `[\w][\w.-]{0,127}`), so a reference can carry it. */
export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

/** True when `input` parses as a reference (for trying readings of pasted text; parseReference says what is wrong). */
export function isReference(input: string): boolean {
  try {
    parseReference(input);
    return true;
  } catch {
    return false;
  }
}

/** The canonical full form: 'docker.io/library/ubuntu:22.04', 'localhost:5000/team/api:dev@sha256:…'. */
export function formatReference(ref: Reference): string {
  return `${ref.registry}/${ref.repository}${suffix(ref)}`;
}

/** The short form docker prints: 'ubuntu:22.04', 'foo/bar:latest'; other registries stay in full. */
export function familiarReference(ref: Reference): string {
  if (ref.registry !== DOCKER_HUB_REGISTRY) return formatReference(ref);
  let path = ref.repository;
  const rest = path.slice(OFFICIAL_REPO_PREFIX.length);
  if (path.startsWith(OFFICIAL_REPO_PREFIX) && !rest.includes('/')) path = rest;
  // Unlike docker, keep 'docker.io/' when dropping it would make the first
  // path component read as a host ('docker.io/foo.bar/baz').
  const first = path.split('/');
  if (first.length > 1 && looksLikeHost(first[0])) return formatReference(ref);
  // Nor when it would read as a registry given alone ('docker.io/library/localhost:5000').
  if (REGISTRY_ADDRESS.test(`${path}${suffix(ref)}`)) return formatReference(ref);
  return `${path}${suffix(ref)}`;
}

function suffix(ref: Reference): string {
  return `${ref.tag === undefined ? '' : `:${ref.tag}`}${ref.digest === undefined ? '' : `@${ref.digest}`}`;
}

/** normalize.go splitDockerDomain: only these mark the first component as a host. */
function looksLikeHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

/** Hostnames compare case-insensitively (RFC 4343), so the canonical form is lowercase. */
function normalizeHost(host: string): string {
  const lower = host.toLowerCase();
  return DOCKER_HUB_ALIASES.has(lower) ? DOCKER_HUB_REGISTRY : lower;
}

/** Whole-input checks whose errors would otherwise surface as a confusing character complaint. */
function checkWhole(input: string): void {
  if (input.trim() === '') {
    throw new BadReferenceError(
      'The image reference is empty.',
      "Enter a reference such as 'ubuntu:22.04' or 'ghcr.io/owner/app:tag'.",
    );
  }
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)/.exec(input);
  if (scheme) {
    checkWebAddress(input);
    const rest = input.slice(scheme[1].length);
    throw new BadReferenceError(
      `An image reference has no scheme: remove ${quote(scheme[1])} from ${quote(input)}.`,
      `Write it without the scheme, e.g. ${quote(rest || 'registry.example.com/team/app:tag')}.`,
    );
  }
  const local = localImageAdvice(input, isRegistryImage);
  if (local) throw new BadReferenceError(local.message, local.suggestion);
  checkNotRegistryAlone(input);
  const space = /\s/.exec(input);
  const words = input.trim().split(/\s+/);
  // A command line the cleaner found no image in ('docker run --rm -it'): no reference broken by spaces.
  const operands = words.slice(1).filter((w) => !w.startsWith('-') && !SUBCOMMAND_WORDS.has(w.toLowerCase()));
  if (space && words.length > 1 && COMMAND_WORDS.has(words[0].toLowerCase()) && operands.length === 0) {
    throw new BadReferenceError(
      `${quote(input)} is a command line with no image reference in it.`,
      "Paste the image reference alone, e.g. 'ubuntu:24.04', or the whole command with its image.",
    );
  }
  if (space) {
    const where = input.trim() === input ? 'inside' : 'around';
    throw new BadReferenceError(
      `The reference ${quote(input)} has whitespace ${where} it; a reference is a single word.`,
      // Credentials in a pasted command line are neither shown nor offered as the image.
      whitespaceSuggestion(redactCredentials(input).trim().split(/\s+/)),
    );
  }
  // distribution/reference refuses a 64-hex name too: it is what `docker images` shows as an image ID, not a repository.
  const hex = /^(sha256:)?([a-f0-9]{64})$/.exec(input);
  if (hex) {
    // An image ID is the digest of the image's config, which no registry serves as a manifest: the repository digest is wanted.
    const repoDigest = "docker inspect --format '{{index .RepoDigests 0}}' IMAGE";
    throw new BadReferenceError(
      hex[1] ? `${quote(input)} is a digest with no repository before it.` : `${quote(input)} is an image ID (as "docker images --no-trunc" shows it), not a repository name.`,
      hex[1]
        ? `If it is a manifest digest (as "docker pull" prints it), put the repository in front, e.g. ${quoteWhole(`ubuntu@sha256:${hex[2]}`)}. If it is an image ID, it names the image's config, not a manifest: "${repoDigest}" prints a reference to enter.`
        : `An image ID names the image's config, which a registry does not serve by itself: "${repoDigest}" prints the reference to enter, or enter the repository and tag.`,
    );
  }
}

// The distribution API's routes after a repository's name (distribution-spec, "Endpoints").
const API_ROUTES: ReadonlySet<string> = new Set(['manifests', 'blobs', 'tags', 'referrers', 'uploads']);

/**
 * An http(s) address that cleaning (reference-url.ts) did not read as an image: a site's web page, a registry's
 * address, or a registry API address of something else than an image. Its path is no repository to suggest.
 */
function checkWebAddress(input: string): void {
  if (!/^https?:\/\//i.test(input)) return;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return;
  }
  const path = url.pathname.split('/').filter(Boolean);
  if (isWebPage(input)) {
    throw new BadReferenceError(
      `${quote(input)} is a web page, not an image reference.`,
      "Paste the image reference the page shows, or its pull command. Pullscope reads the address of an image's own page on Docker Hub, Quay, GitHub packages, the ECR Public Gallery and the Microsoft Artifact Registry.",
    );
  }
  if (path.length === 0 || (path.length === 1 && path[0] === 'v2')) {
    throw new BadReferenceError(`${quote(input)} is a registry's address, not an image.`, `Add the repository and tag after it, e.g. ${repositoryIn(url.host)}.`);
  }
  if (path[0] === 'v2') {
    const route = path.findIndex((segment, i) => i > 1 && API_ROUTES.has(segment));
    const name = route > 1 ? `${url.host}/${path.slice(1, route).join('/')}` : undefined;
    throw new BadReferenceError(
      `${quote(input)} is a registry API address that names no image; '/v2/<name>/manifests/<tag or digest>' and '/v2/<name>/tags/list' do.`,
      `Enter the image with a tag or digest, e.g. ${name === undefined ? repositoryIn(url.host) : quoteWhole(`${name}:<tag>`)}.`,
    );
  }
}

/** True when `name` is an image a registry may serve: one that parses, and no local build's 'localhost/…' (podman's). */
function isRegistryImage(name: string): boolean {
  try {
    return parseReference(name).registry !== 'localhost';
  } catch {
    return false;
  }
}

/**
 * What to do about whitespace: 'ubuntu: 22.04' is one reference broken by a
 * space (join it); 'ubuntu:22.04 trailing words' is a reference with words
 * after it (keep the word that reads as a reference, not the words joined).
 */
function whitespaceSuggestion(words: string[]): string {
  const joined = words.join('');
  const broken = words.some((w, i) => i > 0 && (/^[:/@]/.test(w) || /[:/@]$/.test(words[i - 1])));
  if (words.length > 1 && !(broken && isReference(joined))) {
    // 'nginx latest', 'team/app v2' (a row of `docker images`: repository, tag, image ID…): the tag goes after a colon.
    const [name, tag] = words;
    const tagged = `${name}:${tag}`;
    const taggable = !/[:@]/.test(name) && TAG.test(tag) && isReference(tagged);
    const imagesRow = words.length > 2 && /^(?:sha256:)?[a-f0-9]{12,64}$/.test(words[2]);
    if (taggable && (imagesRow || tag === 'latest' || /^v?\d/.test(tag))) return `Write the tag after a colon, e.g. ${quoteWhole(tagged)}.`;
    // A word may hold the reference as a flag's value: 'kubectl run x --image=nginx:1.25'.
    const values = words.map((w) => (/^--?[\w-]+=/.test(w) ? w.slice(w.indexOf('=') + 1) : w));
    const word = values.find((w) => /[:/@]/.test(w) && isReference(w));
    // 'docker login localhost:5000': a registry, which parseReference refuses as an image.
    const registry = values.find((w) => REGISTRY_ADDRESS.test(w));
    if (word === undefined && registry !== undefined) {
      return `${quote(registry)} is a registry's address, not an image: add the repository and tag after it, e.g. ${repositoryIn(registry)}.`;
    }
    if (word !== undefined) {
      const keep = `Keep only the reference, e.g. ${quoteWhole(word)}`;
      return taggable && word === name && words.length === 2 ? `${keep}, or write a tag after a colon, e.g. ${quoteWhole(tagged)}.` : `${keep}.`;
    }
    if (taggable && words.length === 2) return `Write a tag after a colon, e.g. ${quoteWhole(tagged)}, or remove the whitespace, e.g. ${quoteWhole(joined)}.`;
    // A command line the cleaner does not read ('docker run --rm -it', 'skopeo inspect …'): joining its words helps nobody.
    if (COMMAND_WORDS.has(name.toLowerCase())) return `Paste the image reference alone, e.g. 'ubuntu:24.04' or 'ghcr.io/owner/app:tag'.`;
  }
  return `Remove the whitespace, e.g. ${quoteWhole(joined)}.`;
}

/**
 * A registry's address with nothing after it: a host that docker would read as one before a '/' (a name with a dot,
 * an IPv4 address, localhost, or a bracketed IPv6 address), with or without a port. Docker reads 'localhost:5000' or
 * 'ghcr.io' alone as a Docker Hub image ('library/localhost' at tag 5000), which is never what was meant; 'busybox:1'
 * and 'myhost:5000' (no dot, not localhost) stay images, as docker reads them.
 */
const REGISTRY_ADDRESS = /^(?:localhost|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** The example of an image in a registry given alone. */
function repositoryIn(registry: string): string {
  return quoteWhole(`${registry}/<repository>:<tag>`);
}

/** 'localhost:5000', 'ghcr.io': a registry given where an image is wanted. */
function checkNotRegistryAlone(input: string): void {
  if (!REGISTRY_ADDRESS.test(input)) return;
  // Docker Hub's image of that name, for the rare one meant; '[::1]' or an uppercase host is no Hub name.
  const hub = `${DOCKER_HUB_REGISTRY}/${OFFICIAL_REPO_PREFIX}${input}`;
  const onHub = isReference(hub) ? ` (Docker Hub's image of that name is ${quoteWhole(hub)}.)` : '';
  throw new BadReferenceError(
    `${quote(input)} is a registry's address, not an image.`,
    `Add the repository and tag after it, e.g. ${repositoryIn(input)}.${onHub}`,
  );
}

// Programs whose command lines people paste: a line of theirs with no reference in it is no reference broken by spaces.
// The words of a command line that name what it does, not an image.
const SUBCOMMAND_WORDS = new Set(['docker', 'podman', 'nerdctl', 'image', 'container', 'pull', 'run', 'create', 'inspect', 'manifest']);
const COMMAND_WORDS = new Set(['docker', 'podman', 'nerdctl', 'skopeo', 'crane', 'regctl', 'oras', 'kubectl', 'helm', 'sudo', 'ctr', 'buildah']);

function checkSlashes(name: string): void {
  if (name.startsWith('/')) {
    throw new BadReferenceError(
      `The name ${quote(name)} starts with '/'.`,
      `Remove the leading slash: ${quoteWhole(name.replace(/^\/+/, ''))}.`,
    );
  }
  if (name.endsWith('/')) {
    throw new BadReferenceError(
      `The name ${quote(name)} ends with '/'; the repository name is missing after it.`,
      `Remove the trailing slash or add the repository: ${quoteWhole(name.replace(/\/+$/, ''))}.`,
    );
  }
  if (name.includes('//')) {
    throw new BadReferenceError(
      `The name ${quote(name)} has an empty path component (a double slash).`,
      `Use a single slash: ${quoteWhole(name.replace(/\/{2,}/g, '/'))}.`,
    );
  }
}

/** Validates `host[:port]` and returns it unchanged. */
function parseHost(domain: string): string {
  let host = domain;
  let port: string | undefined;
  if (domain.startsWith('[')) {
    const close = domain.indexOf(']');
    if (close < 0 || !IPV6_HOST.test(domain.slice(0, close + 1))) {
      throw new BadReferenceError(
        `The registry host ${quote(domain)} is not a valid bracketed IPv6 address.`,
        "Write IPv6 registries as '[::1]:5000/repository'.",
      );
    }
    host = domain.slice(0, close + 1);
    const rest = domain.slice(close + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) {
        throw new BadReferenceError(
          `Unexpected ${quote(rest)} after the IPv6 address in ${quote(domain)}.`,
          "Write IPv6 registries as '[::1]:5000/repository'.",
        );
      }
      port = rest.slice(1);
    }
  } else {
    const colons = domain.split(':');
    if (colons.length > 2) {
      throw new BadReferenceError(
        `The registry host ${quote(domain)} has more than one ':'.`,
        "Write IPv6 addresses in brackets ('[::1]:5000/repository'); otherwise use 'host:port'.",
      );
    }
    host = colons[0];
    port = colons[1];
    const bad = host.split('.').find((label) => !DOMAIN_LABEL.test(label));
    if (bad !== undefined) {
      throw new BadReferenceError(
        bad === ''
          ? `The registry host ${quote(host)} has an empty label (a leading, trailing or double '.').`
          : `The registry host ${quote(host)} has an invalid label ${quote(bad)}; hosts use letters, digits and inner '-'.`,
        "Check the registry's hostname, e.g. 'ghcr.io' or 'registry.example.com:5000'.",
      );
    }
  }
  if (port !== undefined && !(PORT.test(port) && Number(port) <= 65535)) {
    throw new BadReferenceError(
      port === ''
        ? `The registry ${quote(domain)} has a ':' but no port number.`
        : `The port ${quote(port)} in ${quote(domain)} is not a port number (0-65535).`,
      `Give a numeric port such as ${quote(`${host}:5000`)}, or drop the ':'.`,
    );
  }
  return domain;
}

/**
 * Checks each path component against the grammar, then case: an uppercase
 * name whose lowercase form is valid is the commonest mistake (GitHub owners
 * are often capitalized), so it gets its own message with the corrected form.
 */
function checkPath(
  path: string,
  parts: { hostPart: string; tag?: string; digest?: string },
): void {
  for (const component of path.split('/')) checkPathComponent(component, path);
  if (path !== path.toLowerCase()) {
    const fixed =
      parts.hostPart +
      path.toLowerCase() +
      (parts.tag === undefined ? '' : `:${parts.tag}`) +
      (parts.digest === undefined ? '' : `@${parts.digest}`);
    throw new BadReferenceError(
      `Repository names must be lowercase: ${quote(path)}.`,
      `Use ${quoteWhole(fixed)}.`,
    );
  }
}

function checkPathComponent(original: string, path: string): void {
  const component = original.toLowerCase();
  if (PATH_COMPONENT.test(component)) return;
  const where = original === path ? `the repository name ${quote(path)}` : `${quote(original)} in ${quote(path)}`;
  const help = "Repository names use lowercase letters, digits, and the separators '.', '_', '__' or '-'.";
  // Uppercase passes here (checkPath says so after): a character is bad when its lowercase is not allowed.
  const badChar = [...original].find((ch) => !/^[a-z0-9._-]+$/.test(ch.toLowerCase()));
  if (badChar !== undefined) {
    const hint = badChar === ':' ? " (a ':' may only start the tag, once, after the last '/')" : '';
    throw new BadReferenceError(`Invalid character ${characterWords(badChar)} in ${where}${hint}.`, withRemoval(badChar, help));
  }
  if (/^[._-]/.test(component)) {
    throw new BadReferenceError(`A path component cannot start with ${quote(component[0])}: ${where}.`, help);
  }
  if (/[._-]$/.test(component)) {
    throw new BadReferenceError(`A path component cannot end with ${quote(component.at(-1)!)}: ${where}.`, help);
  }
  const run = component.match(/[._-]+/g)?.find((sep) => !SEPARATOR.test(sep));
  throw new BadReferenceError(
    run === undefined ? `Invalid path component ${where}.` : `Invalid separator ${quote(run)} in ${where}.`,
    help,
  );
}

function parseTag(tag: string, name: string, input: string): string {
  if (tag === '') {
    throw new BadReferenceError(
      `The tag after ':' is empty in ${quote(input)}.`,
      `Add a tag such as ${quote(`${name}:latest`)}, or remove the ':'.`,
    );
  }
  if (tag.length > TAG_LENGTH_MAX) {
    throw new BadReferenceError(
      `The tag ${quote(tag)} is ${tag.length} characters long; at most ${TAG_LENGTH_MAX} are allowed.`,
      'Check that the tag was pasted once and completely.',
    );
  }
  if (!TAG.test(tag)) {
    const help = "Tags use letters, digits, '_', '.' and '-', and start with a letter, digit or '_'.";
    if (/^[.-]/.test(tag)) throw new BadReferenceError(`The tag ${quote(tag)} cannot start with ${quote(tag[0])}.`, help);
    const bad = /[^\w.-]/u.exec(tag)!;
    throw new BadReferenceError(`Invalid character ${characterWords(bad[0])} in the tag ${quote(tag)}.`, withRemoval(bad[0], help));
  }
  return tag;
}

function parseDigest(digest: string, input: string): string {
  // Fixes are offered as the whole reference, so they can be pasted back as they are.
  const fixed = (fix: string) => quoteWhole(`${input.slice(0, input.indexOf('@') + 1)}${fix}`);
  const example = "Digests look like 'sha256:' followed by 64 lowercase hex characters.";
  if (digest === '') {
    throw new BadReferenceError(
      `The digest after '@' is empty in ${quote(input)}.`,
      "Add the digest ('sha256:' and 64 lowercase hex characters) or remove the '@'.",
    );
  }
  if (digest.includes('@')) {
    throw new BadReferenceError(`The reference ${quote(input)} has more than one '@'.`, 'Give at most one digest, after the tag.');
  }
  const colon = digest.indexOf(':');
  if (colon < 0) {
    // Docker Hub's web pages spell digests 'sha256-<hex>'.
    const dashed = /^(sha256|sha384|sha512)-([a-f0-9]+)$/.exec(digest);
    throw new BadReferenceError(
      `The digest ${quote(digest)} has no algorithm; expected 'algorithm:hex'.`,
      dashed ? `Use ${fixed(`${dashed[1]}:${dashed[2]}`)}.` : example,
    );
  }
  const algorithm = digest.slice(0, colon);
  const encoded = digest.slice(colon + 1);
  const expected = DIGEST_HEX_LENGTH.get(algorithm);
  if (expected === undefined) {
    if (DIGEST_HEX_LENGTH.has(algorithm.toLowerCase())) {
      throw new BadReferenceError(
        `Digest algorithms are lowercase: ${quote(algorithm)} in ${quote(digest)}.`,
        `Use ${fixed(`${algorithm.toLowerCase()}:${encoded.toLowerCase()}`)}.`,
      );
    }
    // The image-spec algorithm grammar; a well-formed name we cannot check is "unsupported".
    throw new BadReferenceError(
      isDigest(`${algorithm}:0`)
        ? `Unsupported digest algorithm ${quote(algorithm)} in ${quote(digest)}; expected sha256.`
        : `Malformed digest algorithm ${quote(algorithm)} in ${quote(digest)}.`,
      `${example} (sha384 and sha512 are accepted too.)`,
    );
  }
  if (encoded === '') {
    throw new BadReferenceError(`The digest ${quote(digest)} has no hex after ${quote(`${algorithm}:`)}.`, example);
  }
  const nonHex = /[^a-fA-F0-9]/.exec(encoded);
  if (nonHex) {
    throw new BadReferenceError(
      `The digest ${quote(digest)} contains ${quote(nonHex[0])}, which is not a hex digit.`,
      example,
    );
  }
  if (encoded.length !== expected) {
    throw new BadReferenceError(
      `A ${algorithm} digest has ${expected} hex characters; ${quote(digest)} has ${encoded.length}.`,
      'Copy the whole digest; it may have been cut short or pasted twice.',
    );
  }
  if (encoded !== encoded.toLowerCase()) {
    // image-spec descriptor.md: sha256/sha512 encodings are lowercase hex only.
    throw new BadReferenceError(
      `The digest ${quote(digest)} has uppercase hex; digests are lowercase.`,
      `Use ${fixed(`${algorithm}:${encoded.toLowerCase()}`)}.`,
    );
  }
  return digest;
}

/** A fix to paste back is quoted whole; `quote` shortens what is only being pointed at. Neither shows a credential. */
function quoteWhole(text: string): string {
  return `'${visibleText(redactCredentials(text))}'`;
}

/**
 * Quotes a fragment for a message, shortening very long ones (a pasted blob must not flood the UI), an invisible
 * character in it as its escape (`'latest\u200b'`).
 */
function quote(text: string): string {
  const shown = visibleText(redactCredentials(text));
  return `'${shown.length > 80 ? `${shown.slice(0, 77)}…` : shown}'`;
}

/**
 * A character a message points at: quoted when it can be seen ('+'), named by its code point when it cannot
 * (U+200B ZERO WIDTH SPACE: quoted, it would read as nothing), and both when it is not ASCII ('ａ' U+FF41), since
 * it may look like a character it is not.
 */
function characterWords(ch: string): string {
  const codePoint = ch.codePointAt(0)!;
  if (hasHiddenCharacters(ch) || /\s/u.test(ch)) return describeCharacter(codePoint);
  if (codePoint > 0x7e) return `'${ch}' (${describeCharacter(codePoint)})`;
  return quote(ch);
}

/** The advice for a bad character, led by its removal when it is one nobody typed on purpose: an invisible one. */
function withRemoval(ch: string, help: string): string {
  if (!hasHiddenCharacters(ch)) return help;
  return `Remove the ${describeCharacter(ch.codePointAt(0)!)}: it cannot be seen, and comes along with text copied from a web page, a chat or a document. ${help}`;
}
