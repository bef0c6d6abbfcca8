import { describe, expect, it } from 'vitest';
import {
  BadReferenceError,
  familiarReference,
  formatReference,
  parseReference,
  type Reference,
} from '@/lib/reference';
import { PullscopeError } from '@/lib/errors';

// sha256 of the empty string: a real digest, so the fixtures read like real ones.
const HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const DIGEST = `sha256:${HEX}`;
const HUB = { registry: 'docker.io', apiHost: 'registry-1.docker.io' };

const good: Array<[input: string, want: Reference]> = [
  // The inputs every caller relies on.
  ['ubuntu', { ...HUB, repository: 'library/ubuntu', tag: 'latest' }],
  ['ubuntu:22.04', { ...HUB, repository: 'library/ubuntu', tag: '22.04' }],
  ['docker.io/library/ubuntu', { ...HUB, repository: 'library/ubuntu', tag: 'latest' }],
  ['index.docker.io/foo/bar', { ...HUB, repository: 'foo/bar', tag: 'latest' }],
  [
    `ghcr.io/owner/app@${DIGEST}`,
    { registry: 'ghcr.io', apiHost: 'ghcr.io', repository: 'owner/app', digest: DIGEST },
  ],
  ['registry.k8s.io/pause:3.9', { registry: 'registry.k8s.io', apiHost: 'registry.k8s.io', repository: 'pause', tag: '3.9' }],
  [
    'localhost:5000/team/api:dev',
    { registry: 'localhost:5000', apiHost: 'localhost:5000', repository: 'team/api', tag: 'dev' },
  ],
  [
    `127.0.0.1:5000/a/b/c:tag@${DIGEST}`,
    { registry: '127.0.0.1:5000', apiHost: '127.0.0.1:5000', repository: 'a/b/c', tag: 'tag', digest: DIGEST },
  ],
  // Docker Hub normalization.
  ['docker.io/ubuntu', { ...HUB, repository: 'library/ubuntu', tag: 'latest' }],
  ['index.docker.io/ubuntu:20.04', { ...HUB, repository: 'library/ubuntu', tag: '20.04' }],
  ['registry-1.docker.io/library/busybox', { ...HUB, repository: 'library/busybox', tag: 'latest' }],
  ['Docker.IO/foo/bar', { ...HUB, repository: 'foo/bar', tag: 'latest' }],
  ['foo/bar', { ...HUB, repository: 'foo/bar', tag: 'latest' }],
  ['library/a/b', { ...HUB, repository: 'library/a/b', tag: 'latest' }],
  [`ubuntu@${DIGEST}`, { ...HUB, repository: 'library/ubuntu', digest: DIGEST }],
  [`ubuntu:22.04@${DIGEST}`, { ...HUB, repository: 'library/ubuntu', tag: '22.04', digest: DIGEST }],
  // Hosts: a first component is a host only with '.', ':' or exactly 'localhost'.
  ['localhost/app', { registry: 'localhost', apiHost: 'localhost', repository: 'app', tag: 'latest' }],
  // A name with no dot that is not localhost stays a Docker Hub image, with a numeric tag too, as docker reads it.
  ['busybox:1', { ...HUB, repository: 'library/busybox', tag: '1' }],
  ['myhost:5000', { ...HUB, repository: 'library/myhost', tag: '5000' }],
  ['foo.bar:1.0', { ...HUB, repository: 'library/foo.bar', tag: '1.0' }],
  // Docker Hub's image named like a registry, written in full.
  ['docker.io/library/localhost:5000', { ...HUB, repository: 'library/localhost', tag: '5000' }],
  ['myhost:5000/app', { registry: 'myhost:5000', apiHost: 'myhost:5000', repository: 'app', tag: 'latest' }],
  ['GHCR.io/owner/app', { registry: 'ghcr.io', apiHost: 'ghcr.io', repository: 'owner/app', tag: 'latest' }],
  ['[::1]:5000/team/api', { registry: '[::1]:5000', apiHost: '[::1]:5000', repository: 'team/api', tag: 'latest' }],
  ['[fe80::1]/app:v1', { registry: '[fe80::1]', apiHost: '[fe80::1]', repository: 'app', tag: 'v1' }],
  ['my-registry.example.com:443/x', { registry: 'my-registry.example.com:443', apiHost: 'my-registry.example.com:443', repository: 'x', tag: 'latest' }],
  ['foo.bar/baz', { registry: 'foo.bar', apiHost: 'foo.bar', repository: 'baz', tag: 'latest' }],
  // A host named like a transport, at a port, stays a registry, as docker reads it.
  ['oci:5000/app', { registry: 'oci:5000', apiHost: 'oci:5000', repository: 'app', tag: 'latest' }],
  ['docker.io/foo.bar/baz', { ...HUB, repository: 'foo.bar/baz', tag: 'latest' }],
  // Path component separators: '.', '_', '__', any run of '-' (not in the first
  // component, where a '.' would make it a host).
  ['team/a.b_c__d---e/f-g', { ...HUB, repository: 'team/a.b_c__d---e/f-g', tag: 'latest' }],
  ['0/1', { ...HUB, repository: '0/1', tag: 'latest' }],
  ['quay.io/a/b/c/d/e', { registry: 'quay.io', apiHost: 'quay.io', repository: 'a/b/c/d/e', tag: 'latest' }],
  // Tags: \w then [\w.-], up to 128 characters; uppercase allowed.
  ['ubuntu:Latest_1.2-rc', { ...HUB, repository: 'library/ubuntu', tag: 'Latest_1.2-rc' }],
  ['ubuntu:_x', { ...HUB, repository: 'library/ubuntu', tag: '_x' }],
  [`ubuntu:${'t'.repeat(128)}`, { ...HUB, repository: 'library/ubuntu', tag: 't'.repeat(128) }],
  // Other go-digest algorithms registries accept.
  [`a/b@sha512:${'0'.repeat(128)}`, { ...HUB, repository: 'a/b', digest: `sha512:${'0'.repeat(128)}` }],
  [`a/b@sha384:${'f'.repeat(96)}`, { ...HUB, repository: 'a/b', digest: `sha384:${'f'.repeat(96)}` }],
  // 255 characters of name in total, counted on the normalized name.
  [
    `example.com/${'a'.repeat(255 - 'example.com/'.length)}`,
    { registry: 'example.com', apiHost: 'example.com', repository: 'a'.repeat(243), tag: 'latest' },
  ],
];

describe('parseReference', () => {
  it.each(good)('parses %s', (input, want) => {
    expect(parseReference(input)).toStrictEqual(want);
  });

  it.each(good)('round-trips %s through formatReference', (input) => {
    const ref = parseReference(input);
    expect(parseReference(formatReference(ref))).toStrictEqual(ref);
  });

  it.each(good)('round-trips %s through familiarReference', (input) => {
    const ref = parseReference(input);
    expect(parseReference(familiarReference(ref))).toStrictEqual(ref);
  });
});

const bad: Array<[what: string, input: string, message: RegExp, suggestion?: RegExp]> = [
  ['empty input', '', /is empty/, /ubuntu:22\.04/],
  ['only whitespace', '   ', /is empty/],
  ['a space inside', 'ubu ntu', /'ubu ntu' has whitespace inside/, /'ubuntu'/],
  ['surrounding whitespace', ' ubuntu\n', /whitespace around/, /Remove the whitespace, e\.g\. 'ubuntu'/],
  ['a reference broken by a space', 'ubuntu: 22.04', /whitespace inside/, /Remove the whitespace, e\.g\. 'ubuntu:22\.04'/],
  ['a reference with words after it', 'ubuntu:22.04 is the one', /whitespace inside/, /Keep only the reference, e\.g\. 'ubuntu:22\.04'/],
  ['a run line the cleaner does not know', 'kubectl run x --image=nginx:1.25', /whitespace inside/, /^Keep only the reference, e\.g\. 'nginx:1\.25'\.$/],
  ['a login line, whose host:port is a registry, not an image', 'docker login 127.0.0.1:5000', /whitespace inside/, /^'127\.0\.0\.1:5000' is a registry's address, not an image: add the repository and tag after it, e\.g\. '127\.0\.0\.1:5000\/<repository>:<tag>'\.$/],
  ['a login line to a registry with no port', 'docker login ghcr.io', /whitespace inside/, /^'ghcr\.io' is a registry's address, not an image/],
  ['a login line to a named registry', 'podman login -u me registry.example.com:443', /whitespace inside/, /^'registry\.example\.com:443' is a registry's address/],
  ['a push to a registry, image named too', 'docker push localhost:5000/team/app:v1', /whitespace inside/, /^Keep only the reference, e\.g\. 'localhost:5000\/team\/app:v1'\.$/],
  ['a bare digest', `sha256:${HEX}`, /is a digest with no repository before it/, new RegExp(`'ubuntu@sha256:${HEX}'`)],
  ['an image ID', HEX, /is an image ID \(as "docker images --no-trunc" shows it\), not a repository name/, /names the image's config.*RepoDigests/],
  ['a bare digest that may be an image ID', `sha256:${HEX}`, /no repository before it/, /If it is an image ID, it names the image's config, not a manifest.*RepoDigests/],
  ['a repository and tag in two words', 'nginx latest', /whitespace inside/, /^Write the tag after a colon, e\.g\. 'nginx:latest'\.$/],
  ['a version in a second word', 'ubuntu 22.04', /whitespace inside/, /^Write the tag after a colon, e\.g\. 'ubuntu:22\.04'\.$/],
  ['a row of docker images', 'nginx   1.25-alpine   605c77e624dd   2 weeks ago   41MB', /whitespace inside/, /^Write the tag after a colon, e\.g\. 'nginx:1\.25-alpine'\.$/],
  ['two words either way', 'nginx alpine', /whitespace inside/, /^Write a tag after a colon, e\.g\. 'nginx:alpine', or remove the whitespace, e\.g\. 'nginxalpine'\.$/],
  ['more words that are no docker images row', 'my image name', /whitespace inside/, /^Remove the whitespace, e\.g\. 'myimagename'\.$/],
  ['a repository with a slash and a tag in two words', 'myuser/app v2', /whitespace inside/, /^Write the tag after a colon, e\.g\. 'myuser\/app:v2'\.$/],
  ['a docker images row of a registry repository', 'ghcr.io/owner/app   1.2.3   abc123def456   2 weeks ago   10MB', /whitespace/, /^Write the tag after a colon, e\.g\. 'ghcr\.io\/owner\/app:1\.2\.3'\.$/],
  ['a repository with a slash and a word', 'myuser/app please', /whitespace/, /^Keep only the reference, e\.g\. 'myuser\/app', or write a tag after a colon, e\.g\. 'myuser\/app:please'\.$/],
  ['a command line with no reference', 'docker run --rm -it', /^'docker run --rm -it' is a command line with no image reference in it\.$/, /^Paste the image reference alone/],
  ['a command the cleaner does not read', 'skopeo inspect docker://alpine', /whitespace/, /^Paste the image reference alone/],
  ["Docker's reserved scratch", 'scratch', /'scratch' is a reserved name, not an image/, /the image the Dockerfile builds/],
  ['scratch with a tag', 'docker.io/library/scratch:latest', /reserved name/],
  ['a scheme', 'https://example.com/app', /no scheme: remove 'https:\/\/'/, /'example\.com\/app'/],
  // An address the cleaning could not read: its path is no repository to suggest.
  ['a web page', 'https://github.com/owner/repo', /^'https:\/\/github\.com\/owner\/repo' is a web page, not an image reference\.$/, /^Paste the image reference the page shows, or its pull command\./],
  ["a registry's address", 'https://ghcr.io/', /^'https:\/\/ghcr\.io\/' is a registry's address, not an image\.$/, /^Add the repository and tag after it, e\.g\. 'ghcr\.io\/<repository>:<tag>'\.$/],
  ['a blob address', `https://registry.example.com/v2/team/app/blobs/${DIGEST}`, /is a registry API address that names no image/, /^Enter the image with a tag or digest, e\.g\. 'registry\.example\.com\/team\/app:<tag>'\.$/],
  ['a docker:// transport', 'docker://ubuntu', /remove 'docker:\/\/'/],
  // skopeo's and podman's other transports name images on a computer, not in a registry.
  ['an OCI archive', 'oci-archive:/tmp/x.tar', /^'oci-archive:\/tmp\/x\.tar' names an OCI archive file on the computer it was written on, not an image in a registry\.$/, /^Drop the file '\/tmp\/x\.tar' on this page, or open it with "Choose an archive…"/],
  ['a docker-archive naming one of its images', 'docker-archive:/tmp/app.tar:app:v1', /names a docker-archive file/, /^Drop the file '\/tmp\/app\.tar' on this page/],
  ['an OCI layout folder', 'oci:/srv/layout:v1', /names an OCI image layout folder/, /^Open the folder '\/srv\/layout' with "Choose a folder…"/],
  ["a folder in skopeo's dir: format", 'dir:/tmp/img', /skopeo's own dir: format/, /"skopeo copy dir:\/tmp\/img oci-archive:image\.tar", and drop image\.tar on this page/],
  ['an image in the Docker daemon', 'docker-daemon:ubuntu:22.04', /^'docker-daemon:ubuntu:22\.04' names an image in the local Docker daemon, not an image in a registry\.$/, /^If it was pulled from a registry, inspect it there: enter 'ubuntu:22\.04'\. Otherwise export it, "docker save -o image\.tar ubuntu:22\.04", and drop image\.tar on this page\.$/],
  ["a local build in the Docker daemon", 'docker-daemon:localhost/mine:dev', /local Docker daemon/, /^Export it, "docker save -o image\.tar localhost\/mine:dev", and drop image\.tar on this page\.$/],
  ['an image in containers storage', 'containers-storage:ubuntu', /names an image in the local containers storage \(podman, buildah, CRI-O\)/, /enter 'ubuntu'\. Otherwise export it, "podman save --format oci-archive -o image\.tar ubuntu"/],
  ['a store named before the image', 'containers-storage:[overlay@/var/lib/containers/storage]localhost/mine:1', /local containers storage/, /^Export it, "podman save --format oci-archive -o image\.tar localhost\/mine:1"/],
  ['uppercase repository', 'Ubuntu', /must be lowercase: 'Ubuntu'/, /'ubuntu'/],
  ['uppercase keeps host and tag in the fix', 'ghcr.io/Owner/App:V1', /must be lowercase: 'Owner\/App'/, /'ghcr\.io\/owner\/app:V1'/],
  ['an empty tag', 'ubuntu:', /tag after ':' is empty in 'ubuntu:'/, /'ubuntu:latest'/],
  ['an empty tag before a digest', `ubuntu:@${DIGEST}`, /tag after ':' is empty/],
  ['an empty digest', 'ubuntu@', /digest after '@' is empty in 'ubuntu@'/],
  ['two digests', `ubuntu@${DIGEST}@${DIGEST}`, /more than one '@'/],
  ['a digest without algorithm', `ubuntu@${HEX}`, /has no algorithm/],
  ['a Hub-style dashed digest', `ubuntu@sha256-${HEX}`, /has no algorithm/, new RegExp(`'ubuntu@sha256:${HEX.slice(0, 20)}`)],
  ['an unknown algorithm', `ubuntu@md5:${'a'.repeat(32)}`, /Unsupported digest algorithm 'md5'/],
  ['an algorithm named like an Object property', `ubuntu@constructor:${HEX}`, /Unsupported digest algorithm 'constructor'/],
  ['a malformed algorithm', `ubuntu@sha 256:${HEX}`, /whitespace/],
  ['a malformed algorithm name', `ubuntu@-sha:${HEX}`, /Malformed digest algorithm '-sha'/],
  ['an uppercase algorithm', `ubuntu@SHA256:${HEX}`, /algorithms are lowercase: 'SHA256'/, /'ubuntu@sha256:/],
  ['a short digest', `ubuntu@sha256:${HEX.slice(1)}`, /sha256 digest has 64 hex characters; .* has 63/],
  ['a long digest', `ubuntu@sha256:${HEX}0`, /has 65/],
  ['a non-hex digest', `ubuntu@sha256:${'g'.repeat(64)}`, /contains 'g', which is not a hex digit/],
  ['an uppercase-hex digest', `ubuntu@sha256:${HEX.toUpperCase()}`, /uppercase hex/, new RegExp(`'ubuntu@sha256:${HEX.slice(0, 20)}`)],
  ['an empty digest hex', 'ubuntu@sha256:', /has no hex after 'sha256:'/],
  ['a double slash', 'foo//bar', /'foo\/\/bar' has an empty path component \(a double slash\)/, /'foo\/bar'/],
  ['a leading slash', '/ubuntu', /starts with '\/'/],
  ['a trailing slash', 'ghcr.io/owner/', /ends with '\/'/],
  ['only a host', 'localhost:5000/', /ends with '\/'/],
  // docker reads these as Docker Hub images ('library/localhost' at tag 5000); meant is a registry.
  ['a registry at a port', 'localhost:5000', /^'localhost:5000' is a registry's address, not an image\.$/, /^Add the repository and tag after it, e\.g\. 'localhost:5000\/<repository>:<tag>'\. \(Docker Hub's image of that name is 'docker\.io\/library\/localhost:5000'\.\)$/],
  ['localhost alone', 'localhost', /'localhost' is a registry's address/, /'localhost\/<repository>:<tag>'/],
  ['an IPv4 registry', '127.0.0.1:5000', /'127\.0\.0\.1:5000' is a registry's address/, /'127\.0\.0\.1:5000\/<repository>:<tag>'/],
  ['a named registry at a port', 'myregistry.example.com:443', /is a registry's address/, /'myregistry\.example\.com:443\/<repository>:<tag>'/],
  ['an IPv6 registry', '[::1]:5000', /'\[::1\]:5000' is a registry's address/, /^Add the repository and tag after it, e\.g\. '\[::1\]:5000\/<repository>:<tag>'\.$/],
  ['a registry named alone', 'ghcr.io', /'ghcr\.io' is a registry's address/, /'ghcr\.io\/<repository>:<tag>'/],
  ['another registry named alone', 'quay.io', /'quay\.io' is a registry's address/, /'quay\.io\/<repository>:<tag>'/],
  ['a tag too long', `ubuntu:${'t'.repeat(129)}`, /129 characters long; at most 128/],
  ['a tag starting with a dot', 'ubuntu:.hidden', /tag '\.hidden' cannot start with '\.'/],
  ['a tag starting with a dash', 'ubuntu:-rc', /cannot start with '-'/],
  ['a bad character in the tag', 'ubuntu:1+2', /Invalid character '\+' in the tag '1\+2'/],
  // An invisible character is named, not quoted (a quote would show nothing), and its removal is the advice.
  ['a zero-width space in the tag', 'alpine:latest\u200b', /^Invalid character U\+200B ZERO WIDTH SPACE in the tag 'latest\\u200b'\.$/, /^Remove the U\+200B ZERO WIDTH SPACE: it cannot be seen/],
  ['a zero-width space in the path', 'alp\u200bine', /^Invalid character U\+200B ZERO WIDTH SPACE in the repository name 'alp\\u200bine'\.$/, /^Remove the U\+200B ZERO WIDTH SPACE/],
  ['a bidi override in the path', 'team/\u202eppa', /^Invalid character U\+202E RIGHT-TO-LEFT OVERRIDE in '\\u202eppa' in 'team\/\\u202eppa'\.$/, /^Remove the U\+202E RIGHT-TO-LEFT OVERRIDE/],
  ['a look-alike letter in the path', '\uff41lpine', /^Invalid character 'ａ' \(U\+FF41\) in the repository name 'ａlpine'\.$/],
  ['two tags', 'ubuntu:22.04:x', /Invalid character ':' in the repository name 'ubuntu:22\.04'.*only start the tag/],
  ['a leading separator', 'foo/-bar', /cannot start with '-': '-bar' in 'foo\/-bar'/],
  ['a trailing separator', 'foo_/bar', /cannot end with '_': 'foo_'/],
  ['a trailing dot', 'ubuntu.', /cannot end with '\.'/],
  ['a double dot', 'a..b', /Invalid separator '\.\.'/],
  ['a triple underscore', 'a___b', /Invalid separator '___'/],
  ['mixed separators', 'a-.b', /Invalid separator '-\.'/],
  ['a bad character in the path', 'foo/b$r', /Invalid character '\$' in 'b\$r' in 'foo\/b\$r'/],
  ['no name before the tag', ':latest', /has no repository name/],
  ['no name before the digest', `@${DIGEST}`, /has no repository name/],
  ['a non-numeric port', 'localhost:abc/app', /port 'abc' in 'localhost:abc' is not a port number/],
  ['an empty port', 'localhost:/app', /has a ':' but no port number/],
  ['a port out of range', 'localhost:70000/app', /port '70000'/],
  ['an unbracketed IPv6 host', '::1:5000/app', /more than one ':'/, /brackets/],
  ['a bad IPv6 host', '[::g]:5000/app', /not a valid bracketed IPv6 address/],
  ['junk after an IPv6 host', '[::1]x/app', /Unexpected 'x' after the IPv6 address/],
  ['a host label with a leading dash', '-bad.example.com/app', /invalid label '-bad'/],
  ['a host with a double dot', 'bad..example.com/app', /empty label/],
  ['a name too long', `example.com/${'a'.repeat(244)}`, /is 256 characters long; at most 255/],
  ['a Hub name too long after normalization', 'a'.repeat(240), /'docker\.io\/library\/a+….* is 258 characters long/],
];

describe('parseReference rejects', () => {
  it.each(bad)('%s', (_what, input, message, suggestion) => {
    let caught: unknown;
    try {
      parseReference(input);
    } catch (err) {
      caught = err;
    }
    expect(caught, `parseReference(${JSON.stringify(input)}): got no error, want BadReferenceError`).toBeInstanceOf(
      BadReferenceError,
    );
    const err = caught as BadReferenceError;
    expect(err.message).toMatch(message);
    if (suggestion) expect(err.suggestion).toMatch(suggestion);
    expect(err.suggestion, 'every error says what to do').not.toBe('');
  });

  it('as a PullscopeError with code BAD_REFERENCE and status 400', () => {
    const err = (() => {
      try {
        parseReference('Ubuntu');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(PullscopeError);
    expect(err).toMatchObject({ code: 'BAD_REFERENCE', status: 400, name: 'BadReferenceError' });
    expect((err as BadReferenceError).toWire()).toMatchObject({ code: 'BAD_REFERENCE' });
  });

  it('with a fixed suggestion that parses', () => {
    for (const input of [
      'Ubuntu',
      'ghcr.io/Owner/App:V1',
      'foo//bar',
      `ubuntu@sha256:${HEX.toUpperCase()}`,
      `ghcr.io/o/app:1@SHA256:${HEX}`,
      `ubuntu@sha256-${HEX}`,
      'ubuntu: 22.04',
      'ubuntu:22.04 and more',
      `sha256:${HEX}`,
      'docker-daemon:ubuntu:22.04',
    ]) {
      let suggestion = '';
      try {
        parseReference(input);
      } catch (err) {
        suggestion = (err as BadReferenceError).suggestion;
      }
      const fixed = /'([^']+)'/.exec(suggestion)?.[1];
      expect(fixed, `suggestion for ${input}: got ${JSON.stringify(suggestion)}, want a quoted fix`).toBeDefined();
      expect(() => parseReference(fixed!)).not.toThrow();
    }
  });
});

describe('formatReference', () => {
  it.each([
    ['ubuntu:22.04', 'docker.io/library/ubuntu:22.04'],
    ['ubuntu', 'docker.io/library/ubuntu:latest'],
    ['index.docker.io/foo/bar', 'docker.io/foo/bar:latest'],
    [`localhost:5000/team/api:dev@${DIGEST}`, `localhost:5000/team/api:dev@${DIGEST}`],
    [`ghcr.io/owner/app@${DIGEST}`, `ghcr.io/owner/app@${DIGEST}`],
    ['[::1]:5000/a', '[::1]:5000/a:latest'],
  ])('writes %s as %s', (input, want) => {
    expect(formatReference(parseReference(input))).toBe(want);
  });
});

describe('familiarReference', () => {
  it.each([
    ['docker.io/library/ubuntu:22.04', 'ubuntu:22.04'],
    ['ubuntu', 'ubuntu:latest'],
    ['index.docker.io/foo/bar', 'foo/bar:latest'],
    [`ubuntu@${DIGEST}`, `ubuntu@${DIGEST}`],
    ['library/a/b', 'library/a/b:latest'],
    // Dropping docker.io here would make 'foo.bar' read as a registry host.
    ['docker.io/foo.bar/baz', 'docker.io/foo.bar/baz:latest'],
    ['docker.io/localhost/app', 'docker.io/localhost/app:latest'],
    // ...and here 'localhost:5000' would read as a registry.
    ['docker.io/library/localhost:5000', 'docker.io/library/localhost:5000'],
    ['registry.k8s.io/pause:3.9', 'registry.k8s.io/pause:3.9'],
    ['localhost:5000/team/api:dev', 'localhost:5000/team/api:dev'],
  ])('shortens %s to %s', (input, want) => {
    expect(familiarReference(parseReference(input))).toBe(want);
  });
});
