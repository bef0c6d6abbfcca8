'use client';

import { nameFromShown, shownName } from '@/lib/fs/shown-name';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { usePathname } from 'next/navigation';
import { asPullscopeError, type PullscopeError } from '@/lib/errors';
import { formatReference, parseReference, type Reference } from '@/lib/reference';
import { canonicalViewPath } from '@/lib/fs/path';
import { isLayerMediaType } from '@/lib/oci/media-types';
import { ProxyClient } from '@/lib/inspect/proxy-client';
import { TraceLog } from '@/lib/trace/trace-log';
import { PullTraceSection } from '@/components/trace/pull-trace-section';
import { HowAPullWorks } from '@/components/trace/how-a-pull-works';
import { ReferenceForm, type Credentials } from './reference-form';
import { credentialsSentTo, heldAfterUse, NO_CREDENTIALS, registryOf, type HeldCredentials, type RegistryName } from './held-credentials';
import { CredentialsElsewhere } from './credentials-elsewhere';
import { linkCleaningNote, removedSecretNote, takeLinkFragment } from './cleaning-note';
import { ErrorPanel } from './error-panel';
import { ReferenceSummary } from './reference-summary';
import { IndexPanel } from './index-panel';
import { ManifestPanel } from './manifest-panel';
import { ConfigPanel } from './config-panel';
import { HistoryPanel } from './history-panel';
import { inspectUrl, layerFilesUrl, viewUrl, type LayerLink, type ViewPlace } from './links';
import { useInspection, type FirstView } from './use-inspection';
import { useFilesAcrossPlatforms } from './files-across-platforms';
import { viewTitle } from './page-title';
import { useLayers } from '@/components/layers/use-layers';
import { AS_OF_TREE, canonicalChangesParam, parseChangesParam } from '@/components/files/as-of-params';
import { LayersPanel } from '@/components/layers/layers-panel';
import { ArchiveDrop } from '@/components/local/archive-drop';
import { EXAMPLE_INPUT, type LocalInput } from '@/components/local/local-input';
import { useArchiveInspection } from '@/components/local/use-archive-inspection';
import { ArchiveSummary, DownloadsPanel, FilesSection, ReferrersPanel, TagsPanel } from './later-panels';
import { showView, useViewParams } from './view-address';

export type { FirstView } from './use-inspection';

// A local archive's digests name blobs in a file on this machine: no link leads to them.
const noDigestLinks = () => undefined;

// The documents' panels change only with their documents and the view. A pull renders the page again for every layer
// that changes status (hundreds, on some images), and each of these lists every layer (tables, history, raw JSON with
// its links): rendered again each time, they took most of the main thread.
const SettledConfigPanel = memo(ConfigPanel);
const SettledHistoryPanel = memo(HistoryPanel);

// Numbers the tag listings of the tab: a listing is started over whenever the credentials change.
let nextTagsListing = 0;

/** The label a local archive's view carries in its address instead of an image. */
function localPlaceOf(example: boolean, archiveLabel: string | undefined): ViewPlace['local'] {
  return example ? ['example', '1'] : archiveLabel !== undefined ? ['archive', archiveLabel] : undefined;
}

/** The registry of the image in the address; undefined when there is none or it does not parse. */
function imageRegistryOf(image: string): RegistryName | undefined {
  if (!image) return undefined;
  try {
    return registryOf(parseReference(image));
  } catch {
    return undefined;
  }
}

/**
 * The whole inspection page: the URL is the state (image, platform);
 * credentials stay in memory. A local archive is the one exception: its
 * bytes are in memory only, and `?archive=<file name>` is a label (the
 * built-in example, `?example=1`, reopens from its link). `firstView` is the
 * image's first view as the server rendered it into the page, its digests
 * still to be checked by this tab.
 */
export function Inspector({ firstView }: { firstView?: FirstView }) {
  const params = useViewParams();
  const pathname = usePathname();
  const image = params.get('image') ?? '';
  const platform = params.get('platform') ?? undefined;
  const layerParam = params.get('layer') ?? undefined;
  const rawPath = params.get('path') ?? undefined;
  // A link may say `etc/os-release` or `/etc/`: the tree, the viewer and the URL all use the one canonical form.
  // Names that were not UTF-8, or hold control characters, travel in their escaped form (`\xe9`), which a URL can carry.
  const pathParam = rawPath === undefined ? undefined : canonicalViewPath(nameFromShown(rawPath));
  // Where a layer replaced an entry with one of the other shape, both are listed at the path: this names the replaced one.
  const replacedParam = params.get('replaced') === '1';
  // A layer's tab as the filesystem as of that layer, and the kinds of change it shows.
  const treeParam = params.get('tree') ?? undefined;
  // A link may say `changes=Added,bogus`: the address shows the kinds the boxes tick, in one form, as it does the path.
  const changesAsked = params.get('changes') ?? undefined;
  const changesRaw = canonicalChangesParam(changesAsked);
  const changesShown = useMemo(() => parseChangesParam(changesRaw), [changesRaw]);
  const example = params.get('example') === '1';
  const archiveLabel = params.get('archive') ?? undefined;
  const isLocal = !image && (example || archiveLabel !== undefined);

  // Credentials live only in this component's memory: never in the URL or storage. They belong to the registry they
  // were entered for, as `docker login` keeps them per registry: another registry's image is pulled without them.
  const [credentials, setCredentials] = useState<HeldCredentials>(NO_CREDENTIALS);
  const imageRegistry = useMemo(() => imageRegistryOf(image), [image]);
  const bound = credentials.registry !== undefined && credentials.registry.apiHost === imageRegistry?.apiHost;
  // One object while neither the credentials nor their binding change: the tag listing and the runs are keyed on it.
  const sentCredentials = useMemo<Credentials>(
    () => (bound ? { username: credentials.username, password: credentials.password } : NO_CREDENTIALS),
    [bound, credentials],
  );
  const heldElsewhere = !isLocal && imageRegistry !== undefined && credentials.registry !== undefined && !bound;
  // What the credential fields hold right now, submitted or not: read when a local archive is compared with its registry.
  const typedCredentials = useRef<Credentials>({ username: '', password: '' });
  const [attempt, setAttempt] = useState(0);
  const [submitError, setSubmitError] = useState<PullscopeError | undefined>();
  // What cleaning a pasted command line or URL removed, said while the image it gave is shown.
  const [cleaning, setCleaning] = useState<{ image: string; note: string } | undefined>();
  useEffect(() => {
    const { cleanedFrom, removedSecret } = takeLinkFragment();
    const note =
      removedSecret !== undefined ? removedSecretNote(removedSecret) : cleanedFrom === undefined ? undefined : linkCleaningNote(cleanedFrom, image, platform);
    if (note) setCleaning({ image, note });
    // Once, for the address the page was opened at.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // The tab's title names the view, as the server's does for a page load; a view changed in the page changes it too.
  const title = viewTitle({
    image: isLocal ? undefined : image,
    archive: !isLocal ? undefined : example ? 'the built-in example' : archiveLabel,
    layer: layerParam,
    path: pathParam === undefined ? undefined : shownName(pathParam),
  });
  useEffect(() => {
    document.title = title;
  }, [title]);
  // The archive the user chose; the URL can only label it, so it lives here.
  const [picked, setPicked] = useState<LocalInput | undefined>();
  const [archiveImage, setArchiveImage] = useState(0);
  const localInput = !isLocal ? undefined : example ? EXAMPLE_INPUT : picked && picked.name === archiveLabel ? picked : undefined;
  const inspection = useInspection(isLocal ? '' : image, platform, sentCredentials, attempt, firstView);
  const local = useArchiveInspection(localInput, platform, archiveImage, attempt);
  // A local archive's comparison with its registry is the one pull of its view: its exchanges are the pull trace there.
  const [comparisonLog] = useState(() => new TraceLog());
  const [comparisonCredentialed, setComparisonCredentialed] = useState(false);
  const comparisonSink = useMemo(
    () => ({
      begin: (credentialed: boolean) => {
        comparisonLog.clear();
        setComparisonCredentialed(credentialed);
      },
      add: comparisonLog.append,
      clear: comparisonLog.clear,
    }),
    [comparisonLog],
  );
  const { state, status, error } = isLocal ? local : inspection;
  // The panels of the first view may show it before the tab has checked it; everything after them waits for the tab.
  const shown = isLocal ? local.state : inspection.shown;
  const referenceError = submitError ?? inspection.referenceError;
  // Tag listing uses its own client so it stays out of the pull trace.
  // Each set of credentials gets its own client, and the tag list a new listing (its key): an answer to other credentials stays behind.
  const tagsListing = useMemo(() => ({ client: new ProxyClient({ credentials: sentCredentials }), id: nextTagsListing++ }), [sentCredentials]);
  // A local archive's layers start once their Blobs are found in it.
  const layersView = useLayers(
    isLocal && !local.layerBlobs ? undefined : state,
    sentCredentials,
    layerParam !== 'merged' ? layerParam : undefined,
    isLocal ? local.layerBlobs : undefined,
    // Each blob the layers fetch is part of the pull: its exchanges join the trace.
    isLocal ? undefined : inspection.addTrace,
  );

  const navigate = useCallback(
    (next: ViewPlace, replace = false) => {
      // Without an image, the view stays on the local archive it shows (or the one just chosen).
      const url = viewUrl(pathname, { ...next, local: next.image ? undefined : (next.local ?? localPlaceOf(example, archiveLabel)) });
      showView(url, replace);
    },
    [pathname, example, archiveLabel],
  );

  useEffect(() => {
    const pathAsked = rawPath !== undefined && rawPath !== shownName(pathParam!);
    if (pathAsked || changesAsked !== changesRaw) navigate({ image, platform, layer: layerParam, path: pathParam, replaced: replacedParam, tree: treeParam, changes: changesRaw }, true);
  }, [rawPath, pathParam, replacedParam, image, platform, layerParam, treeParam, changesAsked, changesRaw, navigate]);

  const openLocal = (input: LocalInput) => {
    setPicked(input);
    setArchiveImage(0);
    if (input.kind === 'example') return navigate({ local: ['example', '1'] });
    // The file a link named, given back as it asks: the view the link describes (platform, layer, file) is kept.
    const restoring = isLocal && !localInput && input.name === archiveLabel;
    navigate({ ...(restoring && { platform, layer: layerParam, path: pathParam }), local: ['archive', input.name] });
  };

  const onSubmit = (input: string, creds: Credentials, askedPlatform?: string, note?: string): boolean => {
    let reference: Reference;
    try {
      reference = parseReference(input);
    } catch (err) {
      setSubmitError(asPullscopeError(err));
      setCleaning(undefined);
      return false;
    }
    // Fields typed (or changed) now are for this image's registry; fields left as they were stay with their own.
    setCredentials(heldAfterUse(credentials, creds, registryOf(reference)));
    setSubmitError(undefined);
    const canonical = formatReference(reference);
    setCleaning(note ? { image: canonical, note } : undefined);
    // A pasted command's --platform picks the platform, as `docker pull --platform` does.
    if (canonical === image && platform === askedPlatform) setAttempt((n) => n + 1);
    else navigate({ image: canonical, platform: askedPlatform });
    return true;
  };

  // The tag list is no part of the first view: it starts once this repository's documents are in (or failed),
  // so its request does not compete with theirs, and it stays while the user moves between the repository's tags.
  const repositoryKey = state && !isLocal ? `${state.reference.apiHost}/${state.reference.repository}` : undefined;
  // Approved for a repository and a set of credentials: new credentials wait for the outcome of a run made with them.
  const tagsKey = repositoryKey === undefined ? undefined : `${repositoryKey} ${tagsListing.id}`;
  const [tagsRepository, setTagsRepository] = useState<string | undefined>();
  // A registry that never answered, that the user stopped waiting for, or that this server refuses to reach, is not asked
  // for its tags as well, nor one that said the repository does not exist: the answer would only be the same error again.
  // Credentials it refused would be refused for the tags too.
  const tagsWorthAsking = !['STOPPED', 'REGISTRY_UNREACHABLE', 'HOST_NOT_ALLOWED', 'NAME_UNKNOWN', 'AUTH_FAILED'].includes(error?.code ?? '');
  const runMatches = isLocal || inspection.runCredentials === sentCredentials;
  if (tagsKey !== undefined && status !== 'loading' && runMatches && tagsWorthAsking && tagsRepository !== tagsKey) setTagsRepository(tagsKey);

  // An artifact's layers (an attestation's statements, a chart) are no image's filesystem: its files open on its first layer.
  const manifestLayers = state?.manifest?.view.layers ?? [];
  const artifactLayers = manifestLayers.length > 0 && manifestLayers.every((l) => !isLayerMediaType(l.mediaType));
  const filesView = layerParam ?? (artifactLayers ? manifestLayers[0].digest : 'merged');
  // Another platform of the same pull keeps the files shown until its own are merged.
  const files = useFilesAcrossPlatforms(`${isLocal ? `local ${archiveLabel ?? ''} ${example} ${archiveImage}` : image} ${attempt}`, filesView, {
    layerDigests: manifestLayers.map((l) => l.digest),
    layers: layersView.layers,
    merged: layersView.merged,
    mergedNote: layersView.mergedNote,
    sourceOf: layersView.sourceOf,
  });
  const replacing = (isLocal ? local.replacing : inspection.replacing) === true;
  // A config whose bytes failed their digest check is shown as received; nothing made of it (history, layers, files, downloads) is.
  const configRejected = state?.config?.check.ok === false;
  // A layer named in the history or a raw document leads to its files, where the Files section is (or is on its way).
  const shownLayers = shown?.manifest?.view.layers ?? [];
  const linksLayers = shown?.config !== undefined && !configRejected && shownLayers.length > 0;
  // Kept while the view it leads from is the same, so the document panels (memoized below) are not rendered again for it.
  const layerLink = useMemo<LayerLink | undefined>(
    () => (linksLayers ? (digest) => layerFilesUrl(pathname, { image, local: localPlaceOf(example, archiveLabel), platform }, digest) : undefined),
    [linksLayers, pathname, image, example, archiveLabel, platform],
  );
  const shownLayerDigests = useMemo(() => shownLayers.map((l) => l.digest), [shownLayers]);

  // The manifests whose referrers are listed: the index the reference resolved to, and the platform's manifest.
  const referrersSubjects = [
    ...(state?.index?.check.ok ? [{ label: 'index', digest: state.index.check.computed }] : []),
    ...(state?.manifest?.check.ok ? [{ label: state.manifest.view.kind === 'index' ? 'index' : 'manifest', digest: state.manifest.check.computed }] : []),
  ].filter((s, i, all) => all.findIndex((o) => o.digest === s.digest) === i);

  // Blobs read from the tab's cache make no request: the trace says how many, so none looks missing.
  const cachedLayers = new Set(layersView.layers.filter((l) => l.status === 'done' && l.fromCache).map((l) => l.result?.digest.want)).size;
  const pullTrace = isLocal ? comparisonLog : inspection.traceLog;
  const pullCredentialed = isLocal ? comparisonCredentialed : inspection.credentialed;

  return (
    <div className="space-y-4">
      <ReferenceForm
        initialValue={image}
        note={cleaning?.image === image ? cleaning.note : undefined}
        credentials={credentials}
        busy={!isLocal && status === 'loading'}
        onStop={inspection.stop}
        typed={typedCredentials}
        referenceError={referenceError}
        openCredentials={error?.code === 'AUTH_REQUIRED' || error?.code === 'AUTH_FAILED'}
        onSubmit={onSubmit}
      />
      {heldElsewhere && (
        <CredentialsElsewhere
          heldFor={credentials.registry!.shown}
          target={imageRegistry!.shown}
          without="this image is pulled without them"
          onSendHere={() => {
            setCredentials({ ...credentials, registry: imageRegistry });
            setAttempt((n) => n + 1);
          }}
        />
      )}
      <ArchiveDrop onOpen={openLocal} onExample={() => openLocal(EXAMPLE_INPUT)} />
      {isLocal && (
        <ArchiveSummary
          label={localInput?.name ?? archiveLabel ?? ''}
          example={example}
          status={status}
          archive={local.archive}
          image={local.image}
          state={local.state}
          imageIndex={archiveImage}
          comparison={{
            heldFor: credentials.registry,
            // Compared as Inspect pulls: fields typed since are this registry's; held ones go only to their own.
            credentialsFor: (registry) => {
              const held = heldAfterUse(credentials, typedCredentials.current, registry);
              setCredentials(held);
              return credentialsSentTo(held, registry);
            },
            sendTo: (registry) => {
              setCredentials({ ...credentials, registry });
              return { username: credentials.username, password: credentials.password };
            },
            trace: comparisonSink,
          }}
          onChooseImage={(i) => {
            setArchiveImage(i);
            navigate({});
          }}
        />
      )}
      {isLocal && !localInput && (
        <p role="alert" data-testid="archive-not-held" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          This link names the local archive {archiveLabel}, but a file on someone&apos;s disk cannot be reopened from a link. Choose it again
          above; nothing is uploaded.
        </p>
      )}
      {shown && !isLocal && <ReferenceSummary state={shown} status={status} />}
      {error && <ErrorPanel error={error} title={isLocal ? 'Reading the archive stopped' : undefined} />}
      {shown?.index && (
        <IndexPanel
          index={shown.index}
          reference={shown.reference}
          linkDigest={isLocal ? noDigestLinks : undefined}
          choice={shown.platform}
          // The open file stays open, to compare it across platforms: in the merged filesystem, since a layer digest is the platform's own.
          onChoose={(p) => navigate({ image, platform: p, ...(pathParam !== undefined && { layer: 'merged', path: pathParam }) })}
        />
      )}
      {shown?.nested?.map((nested) => (
        <IndexPanel
          key={nested.view.digest}
          nested
          index={nested}
          reference={shown.reference}
          linkDigest={isLocal ? noDigestLinks : undefined}
          choice={shown.platform}
          // The index above names this one for one platform only (a pull follows an entry's claim, as containerd does):
          // another of its platforms is reached by opening this index itself.
          onChoose={(p) =>
            navigate({ image: isLocal ? image : formatReference({ ...shown.reference, tag: undefined, digest: nested.view.digest }), platform: p })
          }
        />
      ))}
      {/* Below the index, the platform left stays (marked busy) until the chosen one is read: nothing above moves. */}
      <Replaceable busy={replacing}>
        {shown?.manifest && (
          <ManifestPanel
            manifest={shown.manifest}
            reference={shown.reference}
            platform={platform}
            linkDigest={isLocal ? noDigestLinks : undefined}
            layerLink={layerLink}
          />
        )}
        {shown?.config && <SettledConfigPanel config={shown.config} layerDigests={shownLayerDigests} layerLink={layerLink} />}
        {/* An artifact's config has no build history. */}
        {shown?.config && shown.config.view.artifactConfig === undefined && !configRejected && <SettledHistoryPanel config={shown.config} layerLink={layerLink} />}
        {state?.manifest && state.config && !configRejected && state.manifest.view.layers.length > 0 && (
          <LayersPanel
            manifest={state.manifest.view}
            layers={layersView.layers}
            progress={layersView.progress}
            chainIds={state.config.chainIds}
            selected={layerParam}
            onSelect={(digest) => navigate({ image, platform, layer: digest, tree: treeParam, changes: changesRaw })}
            onRetry={layersView.retry}
          />
        )}
      </Replaceable>
      <Replaceable busy={replacing || files.held}>
        {state?.manifest && state.config && !configRejected && state.manifest.view.layers.length > 0 && (
          <FilesSection
            layerDigests={files.layerDigests}
            layers={files.layers}
            merged={files.merged}
            mergedNote={files.mergedNote}
            view={filesView}
            path={pathParam}
            replaced={replacedParam}
            asOf={treeParam === AS_OF_TREE}
            changes={changesShown}
            sourceOf={files.sourceOf}
            // Each file opened, mode switched or filter changed is a step Back returns to; the same view again replaces its own entry, as does a tab the arrow keys pass through.
            onNavigate={(next, replace) =>
              navigate(
                { image, platform, ...next },
                replace === true || (next.layer === filesView && next.path === pathParam && (next.replaced ?? false) === replacedParam && next.tree === treeParam && next.changes === changesRaw),
              )
            }
            onTrace={isLocal ? undefined : inspection.addTrace}
            linkManifest={isLocal ? undefined : (digest) => inspectUrl(state.reference, digest)}
          />
        )}
      </Replaceable>
      <Replaceable busy={replacing}>
        {state?.manifest && state.config && !configRejected && (!isLocal || local.archive) && (
          <DownloadsPanel
            state={state}
            layersView={layersView}
            credentials={sentCredentials}
            local={
              isLocal && local.archive
                ? { source: local.archive, blobOf: (digest) => local.archive!.layerBlob(digest), synthesized: local.image?.synthesized ?? false }
                : undefined
            }
            onTrace={isLocal ? undefined : inspection.addTrace}
          />
        )}
      </Replaceable>
      {state?.fetched?.note && (
        <p data-testid="head-note" className="text-sm text-slate-500 dark:text-slate-400">
          {state.fetched.note}
        </p>
      )}
      <PullTraceSection log={pullTrace} credentialed={pullCredentialed} cachedLayers={isLocal ? 0 : cachedLayers} />
      {state && repositoryKey !== undefined && referrersSubjects.length > 0 && (
        // Through the tag list's client, outside the pull trace.
        <ReferrersPanel
          key={`${referrersSubjects.map((s) => s.digest).join(' ')} ${tagsListing.id}`}
          reference={state.reference}
          subjects={referrersSubjects}
          client={tagsListing.client}
        />
      )}
      {state && tagsKey !== undefined && tagsRepository === tagsKey && (
        <TagsPanel
          key={tagsKey}
          reference={state.reference}
          client={tagsListing.client}
          // A tag the registry answered for is one of its tags, though its page may not be loaded yet.
          current={state.resolvedDigest !== undefined && state.reference.digest === undefined ? state.reference.tag : undefined}
        />
      )}
      <HowAPullWorks />
    </div>
  );
}

/**
 * Panels that another platform's are replacing: still shown, dimmed and busy for assistive technology, in one
 * element that stays whether or not it holds anything (so nothing inside is rebuilt when the platform changes).
 */
function Replaceable({ busy, children }: { busy: boolean; children: ReactNode }) {
  return (
    <div aria-busy={busy} data-testid="replaceable" data-busy={busy} className={`space-y-4 empty:hidden ${busy ? 'opacity-60 transition-opacity' : ''}`}>
      {children}
    </div>
  );
}
