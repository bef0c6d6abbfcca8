import { describe, expect, it } from 'vitest';
import { BadReferenceError, cleanReferenceInput, formatReference, parseReference, type CleanedReferenceInput } from '@/lib/reference';

const HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const DIGEST = `sha256:${HEX}`;

const cleaned: Array<[input: string, want: CleanedReferenceInput]> = [
  // Plain references pass through; surrounding whitespace is not worth a note.
  ['ubuntu:22.04', { reference: 'ubuntu:22.04' }],
  ['  ubuntu:22.04\n', { reference: 'ubuntu:22.04' }],
  ['"ubuntu:22.04"', { reference: 'ubuntu:22.04', note: 'Removed the surrounding quotes.' }],
  ['alpine:latest\u200b', { reference: 'alpine:latest', note: 'Removed the invisible U+200B ZERO WIDTH SPACE after the reference.' }],
  ['\ufeff\u2060 docker pull alpine \u200b\u2060', { reference: 'alpine', note: "Removed the invisible U+2060 WORD JOINER, U+200B ZERO WIDTH SPACE around the reference. Removed 'docker pull'." }],
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
  // A package version's page names its tag in ?tag=, which keeps its case; GitHub's version id is no tag.
  [
    'https://github.com/orgs/myorg/packages/container/app/123456789?tag=1.0',
    { reference: 'ghcr.io/myorg/app:1.0', note: 'Took the reference from the URL.' },
  ],
  [
    'https://github.com/Owner/repo/pkgs/container/app/123456?tag=V1.0-RC',
    { reference: 'ghcr.io/owner/app:V1.0-RC', note: 'Took the reference from the URL.' },
  ],
  [
    'https://github.com/Owner/repo/pkgs/container/app/123456',
    {
      reference: 'ghcr.io/owner/app:latest',
      note: "Took the reference from the URL. The URL's package version 123456 names no tag, so 'latest' is shown; for that version, enter the tag or digest its page shows.",
    },
  ],
  ['https://github.com/users/me/packages/container/app/versions', { reference: 'ghcr.io/me/app', note: 'Took the reference from the URL.' }],
  // Docker Hub's page of one tag (and one platform's image of it) in your own repositories, and its API.
  [
    `https://hub.docker.com/repository/docker/alice/app/tags/v1.2/sha256-${HEX}`,
    { reference: 'alice/app:v1.2', note: 'Took the reference from the URL.' },
  ],
  ['https://hub.docker.com/v2/repositories/library/ubuntu/tags/22.04', { reference: 'ubuntu:22.04', note: 'Took the reference from the URL.' }],
  ['https://hub.docker.com/v2/namespaces/grafana/repositories/grafana/tags?page_size=10', { reference: 'grafana/grafana', note: 'Took the reference from the URL.' }],
  ['https://index.docker.io/v1/repositories/library/ubuntu/tags', { reference: 'ubuntu', note: 'Took the reference from the URL.' }],
  ['https://index.docker.io/v1/repositories/ubuntu/tags/22.04', { reference: 'ubuntu:22.04', note: 'Took the reference from the URL.' }],
  // The gallery shows public.ecr.aws's images; the Microsoft Artifact Registry's pages wrap the repository.
  ['https://gallery.ecr.aws/nginx/nginx', { reference: 'public.ecr.aws/nginx/nginx', note: 'Took the reference from the URL.' }],
  ['https://gallery.ecr.aws/docker/library/nginx?tab=tags', { reference: 'public.ecr.aws/docker/library/nginx', note: 'Took the reference from the URL.' }],
  ['https://mcr.microsoft.com/en-us/artifact/mar/dotnet/runtime/tags', { reference: 'mcr.microsoft.com/dotnet/runtime', note: 'Took the reference from the URL.' }],
  ['https://mcr.microsoft.com/en-us/product/dotnet/runtime/about', { reference: 'mcr.microsoft.com/dotnet/runtime', note: 'Took the reference from the URL.' }],
  ['https://mcr.microsoft.com/artifact/mar/azure-cli', { reference: 'mcr.microsoft.com/azure-cli', note: 'Took the reference from the URL.' }],
  ['https://mcr.microsoft.com/dotnet/runtime:8.0', { reference: 'mcr.microsoft.com/dotnet/runtime:8.0', note: 'Took the reference from the URL.' }],
  ['https://quay.io/prometheus/node-exporter:v1.8.0', { reference: 'quay.io/prometheus/node-exporter:v1.8.0', note: 'Took the reference from the URL.' }],
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
  // Other registry tools' lines: the operand that names the image, and the platform their flags choose.
  [
    'skopeo --override-arch arm64 --override-variant v8 inspect --raw docker://quay.io/org/app:1',
    {
      reference: 'quay.io/org/app:1',
      platform: 'linux/arm64/v8',
      note: "Removed 'skopeo inspect' and its flags. Using platform linux/arm64/v8 from the command's flags. Removed the 'docker://' transport prefix.",
    },
  ],
  [
    'skopeo copy --all docker://quay.io/org/app:1 oci-archive:/tmp/app.tar',
    { reference: 'quay.io/org/app:1', note: "Removed 'skopeo copy' and its flags. Took the copy's source as the image. Removed the 'docker://' transport prefix." },
  ],
  ['crane --platform linux/arm64 pull ghcr.io/owner/app:v1 app.tar', { reference: 'ghcr.io/owner/app:v1', platform: 'linux/arm64', note: "Removed 'crane pull' and its flags. Ignored the output file. Using platform linux/arm64 from the command's flags." }],
  ['crane manifest ghcr.io/owner/app:v1 | jq .', { reference: 'ghcr.io/owner/app:v1', note: "Removed 'crane manifest' and its flags. Ignored the rest of the shell line from '|'." }],
  ['oras manifest fetch ghcr.io/owner/chart:1.0', { reference: 'ghcr.io/owner/chart:1.0', note: "Removed 'oras manifest fetch' and its flags." }],
  // To regctl's image commands -p is the platform.
  ['regctl image manifest -p linux/arm64 ghcr.io/owner/app:v1', { reference: 'ghcr.io/owner/app:v1', platform: 'linux/arm64', note: "Removed 'regctl image manifest' and its flags. Using platform linux/arm64 from the command's flags." }],
  ['sudo ctr -n k8s.io images pull docker.io/library/alpine:3.20', { reference: 'docker.io/library/alpine:3.20', note: "Removed 'ctr images pull' and its flags." }],
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

  // Registry tools take credentials as flags; the image is read, the credentials dropped, and nothing shows them.
  const PASSWORD = 'wonderland-7f3a';
  const IMAGE = '127.0.0.1:5000/private/secret:v1';
  it.each([
    `skopeo inspect --creds alice:${PASSWORD} docker://${IMAGE}`,
    `skopeo inspect --creds=alice:${PASSWORD} docker://${IMAGE}`,
    `skopeo copy --src-creds alice:${PASSWORD} docker://${IMAGE} oci:/tmp/layout`,
    `skopeo copy --dest-creds=alice:${PASSWORD} docker://${IMAGE} docker://registry.example.com/copy:v1`,
    `skopeo inspect --registry-token ${PASSWORD} docker://${IMAGE}`,
    `skopeo copy --src-registry-token ${PASSWORD} docker://${IMAGE} dir:/tmp/image`,
    `skopeo inspect --username alice --password ${PASSWORD} docker://${IMAGE}`,
    `ctr image pull --user alice:${PASSWORD} ${IMAGE}`,
    `ctr -n k8s.io i pull -u alice:${PASSWORD} ${IMAGE}`,
    `buildah pull --creds alice:${PASSWORD} ${IMAGE}`,
    `podman pull --creds alice:${PASSWORD} ${IMAGE}`,
    `sudo nerdctl pull --creds alice:${PASSWORD} ${IMAGE}`,
    `crane pull -u alice -p ${PASSWORD} ${IMAGE} out.tar`,
    `crane manifest --token ${PASSWORD} ${IMAGE}`,
    `oras pull -u alice -p ${PASSWORD} ${IMAGE}`,
    `oras pull --identity-token=${PASSWORD} ${IMAGE}`,
    `regctl image inspect --user alice --pass ${PASSWORD} ${IMAGE}`,
  ])('reads %j as the image alone, dropping its credentials', (input) => {
    const got = cleanReferenceInput(input);
    expect(got.reference, `got ${JSON.stringify(got)}`).toBe(IMAGE);
    expect(got.note).toContain('Dropped the credentials from the command; enter them in the Username and Password fields.');
    expect(JSON.stringify(got), `got ${JSON.stringify(got)}, want no password`).not.toContain(PASSWORD);
    expect(formatReference(parseReference(got.reference))).not.toContain(PASSWORD);
  });

  // Lines whose image cannot be told: what the parser says of them neither shows the credential nor offers it as the image.
  it.each([
    `skopeo inspect --creds alice:${PASSWORD}`,
    `skopeo inspect --creds "alice:${PASSWORD} x" docker://${IMAGE} extra`,
    `skopeo sync --src-creds alice:${PASSWORD} --src docker ${IMAGE} /tmp/mirror`,
    `ctr image pull --user alice:${PASSWORD}`,
    `ctr image pull --user=alice:${PASSWORD} ${IMAGE} another.example/x:1`,
    `crane pull -u alice -p ${PASSWORD} ${IMAGE} registry.example.com/other:v2 out.tar`,
    `oras pull -u alice -p ${PASSWORD} --oci-layout ./layout:v1`,
    `regctl registry login -u alice -p ${PASSWORD} 127.0.0.1:5000`,
    `kubectl create secret docker-registry regcred --docker-server=127.0.0.1:5000 --docker-username=alice --docker-password=${PASSWORD}`,
  ])('never shows or suggests the credentials of %j', (input) => {
    const got = cleanReferenceInput(input);
    let caught: unknown;
    try {
      parseReference(got.reference);
    } catch (err) {
      caught = err;
    }
    expect(caught, `parseReference(${JSON.stringify(got.reference)}): got no error, want BadReferenceError`).toBeInstanceOf(BadReferenceError);
    const { message, suggestion } = caught as BadReferenceError;
    for (const text of [message, suggestion, got.note ?? '']) {
      expect(text, `got ${JSON.stringify(text)}, want no password`).not.toContain(PASSWORD);
      expect(text, `got ${JSON.stringify(text)}, want no username:password offered`).not.toMatch(/alice:/);
    }
  });

  it("leaves a skopeo line's local source to the parser, which says it names a file, not a registry's image", () => {
    const got = cleanReferenceInput('skopeo copy oci-archive:/tmp/app.tar docker://registry.example.com/team/app:v1');
    expect(got).toStrictEqual({ reference: 'oci-archive:/tmp/app.tar', note: "Removed 'skopeo copy' and its flags. Took the copy's source as the image." });
    expect(() => parseReference(got.reference)).toThrow(/names an OCI archive file on the computer it was written on/);
  });

  it('never keeps credentials from a URL', () => {
    const got = cleanReferenceInput('https://alice:s3cret@registry.example.com/team/app:1');
    expect(got.reference).toBe('registry.example.com/team/app:1');
    expect(JSON.stringify(got), `got ${JSON.stringify(got)}, want no password`).not.toContain('s3cret');
    expect(got.note).toMatch(/Dropped the credentials in the URL/);
  });

  // What cannot be cleaned comes back (trimmed) for parseReference to explain.
  it.each([
    ['https://hub.docker.com/search?q=ubuntu', /is a web page, not an image reference/],
    ['https://github.com/owner/repo', /is a web page/],
    // Other pages of the sites an image's page is read from, and of sites that are no registry: refused, not read as a repository.
    ['https://github.com/orgs/myorg/packages/container/app/settings', /is a web page/],
    ['https://hub.docker.com/u/alice', /is a web page/],
    ['https://quay.io/organization/prometheus', /is a web page/],
    ['https://quay.io/repository/', /is a web page/],
    ['https://gallery.ecr.aws/nginx', /is a web page/],
    ['https://mcr.microsoft.com/en-us/catalog?search=dotnet', /is a web page/],
    ['https://index.docker.io/v1/search?q=ubuntu', /is a web page/],
    ['https://artifacthub.io/packages/helm/bitnami/nginx', /is a web page/],
    ['https://console.cloud.google.com/gcr/images/google-containers/GLOBAL/pause', /is a web page/],
    ['https://example.com/v2/team/app/blobs/' + DIGEST, /registry API address that names no image/],
    ['https://localhost:5000/v2/', /^'https:\/\/localhost:5000\/v2\/' is a registry's address, not an image\.$/],
    ['https://ghcr.io', /registry's address/],
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
