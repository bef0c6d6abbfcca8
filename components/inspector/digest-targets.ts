import { digestRole } from '@/lib/oci/digest-roles';
import type { ConfigView } from '@/lib/oci/config-view';
import type { IndexView } from '@/lib/oci/index-view';
import type { ManifestView } from '@/lib/oci/manifest-view';
import { MediaType } from '@/lib/oci/media-types';
import { focusPanel } from './focus-panel';
import { CONFIG_ANCHOR, FILES_ANCHOR, type LayerLink } from './links';
import type { DigestTarget, DigestTargets } from './raw-json';

/** Where a digest found in a document leads: another manifest to inspect, or a blob to fetch; undefined where it leads nowhere. */
export type DigestLinker = (digest: string, mediaType: string | undefined) => string | undefined;

/** Layer `layer` (0-based) of the image shown, by its digest: its files, with the Files section brought into view as its tab's button does. */
export function layerTarget(layerLink: LayerLink, digest: string, layer: number): DigestTarget & { href: string } {
  return { href: layerLink(digest), onFollow: () => focusPanel(FILES_ANCHOR), title: `Layer ${layer + 1}: its files` };
}

function manifestTarget(href: string | undefined): DigestTarget | undefined {
  return href === undefined ? undefined : { href, title: 'This manifest, in its own view' };
}

/**
 * An index's digests, as its panel leads: a platform's entry chooses that
 * platform (its button), any other entry opens as its own view (its digest
 * link), and so does a manifest an entry is about.
 */
export function indexTargets(view: IndexView, link: DigestLinker, onChoose: (platform: string) => void): DigestTargets {
  return ({ digest, path }) => {
    const role = digestRole('index', path);
    if (role?.kind === 'entry') {
      const platform = view.platforms.find((p) => p.digest === digest);
      if (platform) return { onFollow: () => onChoose(platform.platform), title: `Choose ${platform.platform}` };
      return manifestTarget(link(digest, view.others.find((o) => o.digest === digest)?.mediaType ?? MediaType.OciManifest));
    }
    return role ? manifestTarget(link(digest, MediaType.OciManifest)) : undefined;
  };
}

/** A manifest's digests: the config leads to its panel, each layer (a schema 1 blobSum too) to its files, the subject to its view. */
export function manifestTargets(view: ManifestView, link: DigestLinker, layerLink: LayerLink | undefined): DigestTargets {
  return ({ digest, path }) => {
    const role = digestRole('manifest', path);
    if (role?.kind === 'config') {
      // After the browser's own move to the fragment, which focuses the page itself when the panel takes no focus.
      return { href: `#${CONFIG_ANCHOR}`, onFollow: () => setTimeout(() => focusPanel(CONFIG_ANCHOR)), title: 'The config, in its panel' };
    }
    // The page lists a schema 1 manifest's layers base first, as schema 2 does (manifest-view.ts).
    const layer = role?.kind === 'layer' ? role.layer : role?.kind === 'layer-from-top' ? view.layers.length - 1 - role.fromTop : undefined;
    if (layer !== undefined) return layerLink && view.layers[layer]?.digest === digest ? layerTarget(layerLink, digest, layer) : undefined;
    if (role?.kind === 'subject' && view.subject) return manifestTarget(link(digest, view.subject.mediaType));
    return undefined;
  };
}

/**
 * A config's diff_ids, each leading to the layer it names. Only when they
 * pair with the manifest's layers one to one: otherwise which layer one
 * names is not known (config-view.ts).
 */
export function configTargets(view: ConfigView, layerDigests: readonly string[], layerLink: LayerLink | undefined): DigestTargets {
  return ({ path }) => {
    const role = digestRole('config', path);
    if (role?.kind !== 'layer' || !layerLink || !view.diffIdsMatchLayers || layerDigests.length !== view.diffIds.length) return undefined;
    return layerTarget(layerLink, layerDigests[role.layer], role.layer);
  };
}
