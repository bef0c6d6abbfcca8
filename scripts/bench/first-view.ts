/**
 * Figure 3: time to first view. From navigation to the config panel in the
 * DOM (the manifest and the config fetched and rendered; the page's HTML may
 * carry them, their digests still to be checked) and to the verified view
 * (the tab has hashed the config and its digest checked out), for an image on
 * the token-auth registry, in a fresh browser profile each time, against the
 * bare minimum a client must do: curl the token, the manifest and the config,
 * one after another (the sum of curl's own timings).
 */
import fs from 'node:fs';
import path from 'node:path';
import { launchFreshProfile } from '../../test/support/browser';
import { curlGet } from './curl';
import { markWhenPresent, readMark } from './page-timing';

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** Both first views of one fresh profile: the first visit (nothing cached) and a second one (the app's scripts in the HTTP cache). */
export interface FirstView {
  coldMs: number;
  warmMs: number;
  /** Until the tab has checked the config's digest, on the same visits. */
  coldVerifiedMs: number;
  warmVerifiedMs: number;
}

const CONFIG_SHOWN = '[data-testid="config-panel"]';
const CONFIG_VERIFIED = '[data-testid="check-config"][data-ok="true"]';

/** Milliseconds from navigation to the config panel, and to its digest checked by the tab, for `reference`, on a first and a second visit. */
export async function timeFirstView(appUrl: string, reference: string): Promise<FirstView> {
  const profile = await launchFreshProfile();
  const context = profile.context;
  try {
    const url = `${appUrl}/?${new URLSearchParams({ image: reference })}`;
    const visit = async () => {
      const page = await context.newPage();
      await markWhenPresent(page, '__benchConfigShown', CONFIG_SHOWN);
      await markWhenPresent(page, '__benchConfigVerified', CONFIG_VERIFIED);
      await page.goto(url, { waitUntil: 'commit' });
      const shown = await readMark(page, '__benchConfigShown', 120_000);
      const verified = await readMark(page, '__benchConfigVerified', 120_000);
      await page.close();
      return { shown, verified };
    };
    const cold = await visit();
    const warm = await visit();
    return { coldMs: cold.shown, warmMs: warm.shown, coldVerifiedMs: cold.verified, warmVerifiedMs: warm.verified };
  } finally {
    await profile.close();
  }
}

/** Where the token registry is and what to fetch from it. */
export interface BareTarget {
  host: string;
  realm: string;
  service: string;
  repository: string;
  tag: string;
}

/** Milliseconds of curl's token, manifest and config requests, in sequence; checks each answer. */
export async function timeBareCurl(target: BareTarget, scratchDir: string): Promise<number> {
  fs.mkdirSync(scratchDir, { recursive: true });
  const file = (name: string) => path.join(scratchDir, name);
  const scope = `repository:${target.repository}:pull`;
  const token = await curlGet(`${target.realm}?${new URLSearchParams({ service: target.service, scope })}`, file('token.json'));
  const { token: bearer } = JSON.parse(fs.readFileSync(file('token.json'), 'utf8')) as { token: string };
  const auth = { Authorization: `Bearer ${bearer}` };
  const manifest = await curlGet(`http://${target.host}/v2/${target.repository}/manifests/${target.tag}`, file('manifest.json'), { ...auth, Accept: ACCEPT });
  const { config } = JSON.parse(fs.readFileSync(file('manifest.json'), 'utf8')) as { config: { digest: string } };
  const blob = await curlGet(`http://${target.host}/v2/${target.repository}/blobs/${config.digest}`, file('config.json'), auth);
  for (const [what, timing] of [['token', token], ['manifest', manifest], ['config', blob]] as const) {
    if (timing.status !== 200) throw new Error(`bare ${what} request: got HTTP ${timing.status}, want 200`);
  }
  return token.ms + manifest.ms + blob.ms;
}
