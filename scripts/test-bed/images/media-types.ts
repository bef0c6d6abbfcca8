/** The media types the test bed writes (image-spec media-types.md, Docker image manifest v2 schema 2). */
export const mediaTypes = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  inTotoStatement: 'application/vnd.in-toto+json',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
} as const;
