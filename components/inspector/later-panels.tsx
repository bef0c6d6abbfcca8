'use client';

/**
 * The panels a first view does not wait for, each in a chunk of its own that
 * loads when the panel first renders. The first view is the manifest and the
 * config; every script the page loads before hydrating delays them, and
 * these carry the heaviest code (archive writers and zip, the file tree and
 * the download worker's client, the local-archive readers, the trace's curl
 * commands). Each sits in its own Suspense boundary, so a panel still loading
 * shows nothing and holds back nothing around it. None of them is rendered on
 * the server (they all need an inspection, which runs in the browser), so
 * hydration never waits for their chunks either.
 */
import { lazy, Suspense, type ComponentType, type JSX } from 'react';

function later<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Lazy = lazy(async () => ({ default: await load() }));
  function Later(props: P) {
    return (
      <Suspense fallback={null}>
        <Lazy {...(props as P & JSX.IntrinsicAttributes)} />
      </Suspense>
    );
  }
  return Later;
}

/** The files section (tree, viewer, file downloads), loaded when first shown. */
export const FilesSection = later(() => import('@/components/files/files-section').then((m) => m.FilesSection));
/** The downloads panel (layer blob, rootfs tar, OCI layout zip, docker-archive), loaded when first shown. */
export const DownloadsPanel = later(() => import('@/components/downloads/downloads-panel').then((m) => m.DownloadsPanel));
/** A local archive's summary and its comparison with a registry, loaded when first shown. */
export const ArchiveSummary = later(() => import('@/components/local/archive-summary').then((m) => m.ArchiveSummary));
/** The pull trace (every exchange, as curl), loaded when first shown. */
export const PullTracePanel = later(() => import('@/components/trace/pull-trace-panel').then((m) => m.PullTracePanel));
/** The token's decoded claims, loaded when first shown. */
export const TokenClaims = later(() => import('@/components/trace/token-claims').then((m) => m.TokenClaims));
/** The repository's tags, loaded when first shown. */
export const TagsPanel = later(() => import('@/components/trace/tags-panel').then((m) => m.TagsPanel));
/** The referrers of the image's manifests (signatures, SBOMs), loaded when first shown. */
export const ReferrersPanel = later(() => import('@/components/inspector/referrers-panel').then((m) => m.ReferrersPanel));
