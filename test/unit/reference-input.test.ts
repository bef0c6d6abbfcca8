import { describe, expect, it } from 'vitest';
import { cleanReferenceInput, parseReference, type CleanedReferenceInput } from '@/lib/reference';

const HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const DIGEST = `sha256:${HEX}`;

const cleaned: Array<[input: string, want: CleanedReferenceInput]> = [
  // Plain references pass through; surrounding whitespace is not worth a note.
  ['ubuntu:22.04', { reference: 'ubuntu:22.04' }],
  ['  ubuntu:22.04\n', { reference: 'ubuntu:22.04' }],
  ['"ubuntu:22.04"', { reference: 'ubuntu:22.04', note: 'Removed the surrounding quotes.' }],
  // Command lines.
  ['docker pull ubuntu:22.04', { reference: 'ubuntu:22.04', note: "Removed 'docker pull'." }],
  ['  docker pull ubuntu\n', { reference: 'ubuntu', note: "Removed 'docker pull'." }],
  ['$ sudo docker pull nginx', { reference: 'nginx', note: "Removed 'docker pull'." }],
  ['podman pull quay.io/org/app', { reference: 'quay.io/org/app', note: "Removed 'podman pull'." }],
  ['docker image pull alpine', { reference: 'alpine', note: "Removed 'docker image pull'." }],
  ['nerdctl pull alpine', { reference: 'alpine', note: "Removed 'nerdctl pull'." }],
  [
    'docker pull --platform linux/arm64 ubuntu:22.04',
    {
      reference: 'ubuntu:22.04',
      platform: 'linux/arm64',
      note: "Removed 'docker pull'. Using platform linux/arm64 from the command's flags.",
    },
  ],
  [
    'docker pull --platform=linux/arm/v7 -q ubuntu',
    {
      reference: 'ubuntu',
      platform: 'linux/arm/v7',
      note: "Removed 'docker pull'. Using platform linux/arm/v7 from the command's flags. Ignored -q.",
    },
  ],
  [
    'podman pull --arch arm64 --variant v8 docker.io/library/alpine',
    {
      reference: 'docker.io/library/alpine',
      platform: 'linux/arm64/v8',
      note: "Removed 'podman pull'. Using platform linux/arm64/v8 from the command's flags.",
    },
  ],
  [
    "docker pull 'ghcr.io/owner/app:v1'",
    { reference: 'ghcr.io/owner/app:v1', note: "Removed 'docker pull'." },
  ],
  // Lines that run or build from an image.
  ['docker run -it --rm ubuntu:24.04 bash', { reference: 'ubuntu:24.04', note: "Removed 'docker run' and its flags. Ignored the container's command after the image." }],
  [
    'docker run -d -p 8080:80 -e A=b -v /srv:/data --name web --platform linux/arm64 nginx:1.25',
    { reference: 'nginx:1.25', platform: 'linux/arm64', note: "Removed 'docker run' and its flags. Using platform linux/arm64 from the command's flags." },
  ],
  ['sudo podman container create --env=A=b quay.io/org/app:1', { reference: 'quay.io/org/app:1', note: "Removed 'podman container create' and its flags." }],
  [
    'podman run --rm --pod mypod --detach-keys ctrl-x --oom-score-adj 500 --device-read-bps /dev/sda:1mb alpine',
    { reference: 'alpine', note: "Removed 'podman run' and its flags." },
  ],
  // Quoted values with spaces are one word, and lines joined by a trailing backslash one command, as a shell reads them.
  [
    'docker run -e "GREETING=hello world" --label \'a b\' -w /srv\\ data ubuntu:24.04 echo "hi there"',
    { reference: 'ubuntu:24.04', note: "Removed 'docker run' and its flags. Ignored the container's command after the image." },
  ],
  [
    'docker run --rm \\\n  --platform linux/arm64 \\\n  -e "A=b c" \\\n  ghcr.io/owner/app:v1',
    { reference: 'ghcr.io/owner/app:v1', platform: 'linux/arm64', note: "Removed 'docker run' and its flags. Using platform linux/arm64 from the command's flags." },
  ],
  // The same lines pasted into a one-line box, which drops the line breaks.
  [
    'docker run --rm \\  --platform linux/arm64 \\  ghcr.io/owner/app:v1',
    { reference: 'ghcr.io/owner/app:v1', platform: 'linux/arm64', note: "Removed 'docker run' and its flags. Using platform linux/arm64 from the command's flags." },
  ],
  ['docker pull --quiet \\alpine:3.20', { reference: 'alpine:3.20', note: "Removed 'docker pull'. Ignored --quiet." }],
  ['docker pull \\\n  --quiet \\\n  alpine:3.20', { reference: 'alpine:3.20', note: "Removed 'docker pull'. Ignored --quiet." }],
  ['docker run --net host -d nginx:1.25', { reference: 'nginx:1.25', note: "Removed 'docker run' and its flags." }],
  ['podman run --rm --uidmap 0:100000:65536 --tz local alpine', { reference: 'alpine', note: "Removed 'podman run' and its flags." }],
  [
    'podman run --arch arm64 --variant v8 alpine sh',
    { reference: 'alpine', platform: 'linux/arm64/v8', note: "Removed 'podman run' and its flags. Ignored the container's command after the image. Using platform linux/arm64/v8 from the command's flags." },
  ],
  // A flag we do not know: its next word is its value when that is no reference, and the reading is said when both hold.
  ['docker run --frobnicate 0:1:2 alpine', { reference: 'alpine', note: "Removed 'docker run' and its flags." }],
  [
    'docker run --frobnicate fast nginx:1.25',
    { reference: 'fast', note: "Removed 'docker run' and its flags. Took 'fast' as the image; if --frobnicate takes a value, the image is 'nginx:1.25'. Ignored the container's command after the image." },
  ],
  ['docker run -dit --frobnicate=x --rm nginx:1.25', { reference: 'nginx:1.25', note: "Removed 'docker run' and its flags." }],
  // The rest of a shell line (a pipe, a list) is not the command's.
  [
    'docker run --rm ubuntu:24.04 echo hi | tee log',
    { reference: 'ubuntu:24.04', note: "Removed 'docker run' and its flags. Ignored the container's command after the image. Ignored the rest of the shell line from '|'." },
  ],
  ['docker pull alpine:3.20 && docker run alpine:3.20', { reference: 'alpine:3.20', note: "Removed 'docker pull'. Ignored the rest of the shell line from '&&'." }],
  // An operator touching the image ends it, as in a shell; a quoted one is a flag's value.
  ['docker pull alpine:3.20|tee log', { reference: 'alpine:3.20', note: "Removed 'docker pull'. Ignored the rest of the shell line from '|'." }],
  ['docker pull -q alpine:3.20 2>/dev/null', { reference: 'alpine:3.20', note: "Removed 'docker pull'. Ignored the rest of the shell line from '2>'. Ignored -q." }],
  ['docker run --label "a|b" -e \'X=1;2\' alpine:3.20', { reference: 'alpine:3.20', note: "Removed 'docker run' and its flags." }],
  ['FROM golang:1.22 AS build', { reference: 'golang:1.22', note: "Removed the Dockerfile's 'FROM' and its 'AS' name." }],
  [
    'from --platform=linux/amd64 debian:12-slim',
    { reference: 'debian:12-slim', platform: 'linux/amd64', note: "Removed the Dockerfile's 'FROM'. Using platform linux/amd64 from the line's --platform." },
  ],
  ['FROM --platform=$BUILDPLATFORM alpine', { reference: 'alpine', note: "Removed the Dockerfile's 'FROM'." }],
  ['image: nginx:1.25', { reference: 'nginx:1.25', note: "Removed 'image:'." }],
  ['- image: "ghcr.io/owner/app:v1" # pinned', { reference: 'ghcr.io/owner/app:v1', note: "Removed 'image:'." }],
  // Docker Hub pages.
  ['https://hub.docker.com/_/ubuntu', { reference: 'ubuntu', note: 'Took the reference from the URL.' }],
  ['https://hub.docker.com/_/ubuntu/tags?page=1', { reference: 'ubuntu', note: 'Took the reference from the URL.' }],
  ['https://hub.docker.com/r/owner/app', { reference: 'owner/app', note: 'Took the reference from the URL.' }],
  ['https://hub.docker.com/r/library/nginx/tags', { reference: 'nginx', note: 'Took the reference from the URL.' }],
  [
    'https://hub.docker.com/repository/docker/owner/app/general',
    { reference: 'owner/app', note: 'Took the reference from the URL.' },
  ],
  [
    `https://hub.docker.com/layers/library/ubuntu/22.04/images/sha256-${HEX}?context=explore`,
    { reference: 'ubuntu:22.04', note: 'Took the reference from the URL.' },
  ],
  [
    `https://hub.docker.com/layers/owner/app/v1/images/sha256-${HEX}`,
    { reference: 'owner/app:v1', note: 'Took the reference from the URL.' },
  ],
  [
    `https://hub.docker.com/layers/nginx/library/nginx/1.25/images/sha256-${HEX}`,
    { reference: 'nginx:1.25', note: 'Took the reference from the URL.' },
  ],
  // Other registries' pages and plain registry URLs.
  ['https://ghcr.io/owner/app', { reference: 'ghcr.io/owner/app', note: 'Took the reference from the URL.' }],
  ['https://ghcr.io/owner/app:tag', { reference: 'ghcr.io/owner/app:tag', note: 'Took the reference from the URL.' }],
  [`https://ghcr.io/owner/app@${DIGEST}`, { reference: `ghcr.io/owner/app@${DIGEST}`, note: 'Took the reference from the URL.' }],
  ['https://quay.io/repository/org/app', { reference: 'quay.io/org/app', note: 'Took the reference from the URL.' }],
  ['https://quay.io/repository/org/app?tab=tags&tag=v2', { reference: 'quay.io/org/app:v2', note: 'Took the reference from the URL.' }],
  [
    `https://quay.io/repository/org/app/manifest/${DIGEST}`,
    { reference: `quay.io/org/app@${DIGEST}`, note: 'Took the reference from the URL.' },
  ],
  [
    'https://github.com/orgs/Acme/packages/container/package/tools%2Fbuilder',
    { reference: 'ghcr.io/acme/tools/builder', note: 'Took the reference from the URL.' },
  ],
  [
    'https://github.com/owner/repo/pkgs/container/app',
    { reference: 'ghcr.io/owner/app', note: 'Took the reference from the URL.' },
  ],
  // Registry API URLs, as they appear in logs and traces.
  [
    'https://registry-1.docker.io/v2/library/ubuntu/manifests/22.04',
    { reference: 'registry-1.docker.io/library/ubuntu:22.04', note: 'Took the reference from the URL.' },
  ],
  [
    `http://localhost:5000/v2/team/api/manifests/${DIGEST}`,
    { reference: `localhost:5000/team/api@${DIGEST}`, note: 'Took the reference from the URL.' },
  ],
  ['https://ghcr.io/v2/owner/app/tags/list', { reference: 'ghcr.io/owner/app', note: 'Took the reference from the URL.' }],
  ['docker://quay.io/org/app:1', { reference: 'quay.io/org/app:1', note: "Removed the 'docker://' transport prefix." }],
];

describe('cleanReferenceInput', () => {
  it.each(cleaned)('cleans %j', (input, want) => {
    expect(cleanReferenceInput(input)).toStrictEqual(want);
  });

  it.each(cleaned)('turns %j into a reference that parses', (input) => {
    const { reference } = cleanReferenceInput(input);
    expect(() => parseReference(reference)).not.toThrow();
  });

  it('normalizes a cleaned registry API URL to the same image', () => {
    const { reference } = cleanReferenceInput('https://registry-1.docker.io/v2/library/ubuntu/manifests/22.04');
    expect(parseReference(reference)).toStrictEqual(parseReference('ubuntu:22.04'));
  });

  it('never keeps credentials from a command line', () => {
    const got = cleanReferenceInput('podman pull --creds alice:s3cret registry.example.com/team/app');
    expect(got.reference).toBe('registry.example.com/team/app');
    expect(JSON.stringify(got), `got ${JSON.stringify(got)}, want no password`).not.toContain('s3cret');
    expect(got.note).toMatch(/Dropped the credentials/);
  });

  it('never keeps credentials from a URL', () => {
    const got = cleanReferenceInput('https://alice:s3cret@registry.example.com/team/app:1');
    expect(got.reference).toBe('registry.example.com/team/app:1');
    expect(JSON.stringify(got), `got ${JSON.stringify(got)}, want no password`).not.toContain('s3cret');
    expect(got.note).toMatch(/Dropped the credentials in the URL/);
  });

  // What cannot be cleaned comes back (trimmed) for parseReference to explain.
  it.each([
    ['https://hub.docker.com/search?q=ubuntu', /no scheme/],
    ['https://github.com/owner/repo', /no scheme/],
    ['https://example.com/v2/team/app/blobs/' + DIGEST, /no scheme/],
    ['https://localhost:5000/v2/', /no scheme/],
    ['docker pull', /command line with no image reference/],
    ['docker pull ubuntu alpine', /whitespace/],
    ['docker run', /command line with no image reference/],
    ['docker run --rm', /command line with no image reference/],
    ['FROM', /must be lowercase/],
    ['ubu ntu', /whitespace inside/],
    ['Ubuntu', /must be lowercase/],
    ['', /empty/],
  ])('returns %j unchanged', (input, parseError) => {
    const got = cleanReferenceInput(input);
    expect(got, `got ${JSON.stringify(got)}, want the input back without a note`).toStrictEqual({ reference: input.trim() });
    expect(() => parseReference(got.reference)).toThrow(parseError);
  });
});
