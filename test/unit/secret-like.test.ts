import { describe, expect, it } from 'vitest';
import { detectCredentials, detectSecret, isCredentialFlag, redactCredentials } from '@/lib/secret-like';

describe('detectSecret', () => {
  const secrets: [text: string, kind: string][] = [
    [`ghp_${'a1B2'.repeat(9)}`, 'a GitHub token'],
    [`  gho_${'Z'.repeat(36)}  `, 'a GitHub token'],
    [`github_pat_11ABCDEFG0_${'x'.repeat(40)}`, 'a GitHub token'],
    ['glpat-Xy12_ab34-CD56ef78GH', 'a GitLab access token'],
    [`dckr_pat_${'Q'.repeat(27)}`, 'a Docker Hub access token'],
    ['AKIAIOSFODNN7EXAMPLE', 'an AWS access key'],
    ['eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl', 'a JSON Web Token'],
    ['alice:wonderland@registry.example/team/app:1.0', 'a username and password'],
    ['https://alice:s3cret@ghcr.io/owner/app', 'a username and password'],
    ['docker pull alice:pw@localhost:5000/app', 'a username and password'],
    ['Basic YWxpY2U6d29uZGVybGFuZA==', 'an Authorization header'],
    ['Bearer abcdefghijklmnopqrstuvwxyz', 'an Authorization header'],
    ['docker login -u alice -p hunter2 registry.example', 'a password on a command line'],
    ['docker login --password=hunter2 registry.example', 'a password on a command line'],
    ['podman login -p hunter2 quay.io', 'a password on a command line'],
  ];
  it.each(secrets)('flags %s as %s', (text, kind) => {
    expect(detectSecret(text)).toBe(kind);
  });

  const references = [
    'ubuntu',
    'ubuntu:24.04',
    'library/ubuntu@sha256:' + 'a'.repeat(64),
    'ubuntu:24.04@sha256:' + 'b'.repeat(64),
    'localhost:5000/team/api:dev',
    '127.0.0.1:5000/test/multi:v1@sha256:' + 'c'.repeat(64),
    'ghcr.io/containerd/busybox:1.36',
    'registry.k8s.io/pause:3.9',
    'ghcr.io/owner/ghp_tools:latest', // too short to be a token
    'docker pull --platform linux/arm64 alpine:3.20',
    'docker run -d -p 8080:80 nginx:1.25', // -p publishes a port here
    'podman run -p 80:80 quay.io/org/app',
    'https://hub.docker.com/_/alpine',
    'quay.io/prometheus/node-exporter:v1.8.2',
  ];
  it.each(references)('leaves the reference %s alone', (text) => {
    expect(detectSecret(text)).toBeUndefined();
  });
});

describe('isCredentialFlag', () => {
  it.each([
    ['--creds', ['skopeo', 'inspect']],
    ['--src-creds', ['skopeo', 'copy']],
    ['--dest-registry-token', ['skopeo', 'copy']],
    ['--user', ['ctr', 'image', 'pull']],
    ['-u', ['ctr', 'i', 'pull']],
    ['-p', ['crane', 'auth', 'login']],
    ['-p', ['oras', 'pull']],
    ['--pass', ['regctl', 'image', 'inspect']],
    ['-p', ['regctl', 'registry', 'login']],
    ['-u', ['docker', 'login']],
    ['--docker-password', ['kubectl', 'create', 'secret']],
  ])('reads %s of %j as a credential', (flag, command) => {
    expect(isCredentialFlag(flag, command)).toBe(true);
  });

  it.each([
    ['-p', ['docker', 'run']], // publishes a port
    ['-u', ['docker', 'run']], // the container's user
    ['--user', ['podman', 'run']],
    ['-p', ['regctl', 'image', 'manifest']], // the platform
    ['--password-stdin', ['docker', 'login']], // reads it from stdin: the line holds none
    ['--platform', ['skopeo', 'inspect']],
  ])('reads %s of %j as no credential', (flag, command) => {
    expect(isCredentialFlag(flag, command)).toBe(false);
  });
});

describe('redactCredentials', () => {
  it.each([
    ['skopeo inspect --creds alice:s3cret docker://r.example/app', 'skopeo inspect --creds *** docker://r.example/app'],
    ['skopeo inspect --creds=alice:s3cret docker://r.example/app', 'skopeo inspect --creds=*** docker://r.example/app'],
    ['skopeo copy --src-creds "alice:s3 cret" docker://a oci:b', 'skopeo copy --src-creds *** *** docker://a oci:b'],
    ['sudo crane pull -u alice -p s3cret r.example/app out.tar', 'sudo crane pull -u *** -p *** r.example/app out.tar'],
    ['docker run -d -p 8080:80 -u 1000 nginx', 'docker run -d -p 8080:80 -u 1000 nginx'],
    ['docker pull x && docker login -u alice -p s3cret r.example', 'docker pull x && docker login -u *** -p *** r.example'],
    ['https://alice:s3cret@r.example/app', 'https://alice:***@r.example/app'],
    [`ubuntu:22.04@sha256:${'a'.repeat(64)}`, `ubuntu:22.04@sha256:${'a'.repeat(64)}`],
  ])('shows %j as %j', (text, want) => {
    expect(redactCredentials(text)).toBe(want);
  });
});

describe('detectCredentials', () => {
  it('names a command line credential flag that detectSecret leaves to the cleaning of the reference box', () => {
    expect(detectSecret('skopeo inspect --creds alice:s3cret docker://r.example/app')).toBeUndefined();
    expect(detectCredentials('skopeo inspect --creds alice:s3cret docker://r.example/app')).toBe('a password on a command line');
    expect(detectCredentials(`ghp_${'a1B2'.repeat(9)}`)).toBe('a GitHub token');
    expect(detectCredentials('docker run -p 8080:80 nginx')).toBeUndefined();
  });
});
