import { describe, expect, it } from 'vitest';
import { detectSecret } from '@/lib/secret-like';

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
