/**
 * Debian's Chromium, headless, driven by playwright-core — and sending
 * nothing off this machine: every host but loopback resolves to nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The switches every launch gets. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
  // Each new window otherwise starts the omnibox popup's WebUI renderer
  // (~1 s of CPU and ~150 MiB) while the page under test loads: a browser's
  // own chrome, which a user's window started long before.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
];

/**
 * Launches a headless Chromium confined to loopback. playwright-core gives
 * every launch a fresh temporary user-data-dir and removes it on close.
 * Its `newContext()` contexts are incognito: their storage (OPFS included)
 * lives in memory.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** A browser with a profile of its own; `close` ends the browser and removes the profile. */
export interface FreshProfile {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A Chromium with a fresh profile of its own, kept on disk like a user's
 * (OPFS writes reach a file, not the browser's memory).
 */
export async function launchFreshProfile(options: { acceptDownloads?: boolean } = {}): Promise<FreshProfile> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pullscope-profile-'));
  // The browser may still be writing its profile as it exits: retry the removal.
  const remove = () => fs.promises.rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  try {
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      acceptDownloads: options.acceptDownloads ?? false,
    });
    return {
      context,
      close: async () => {
        await context.close();
        await remove();
      },
    };
  } catch (err) {
    await remove();
    throw err;
  }
}

/** The version line of the Chromium the tests launch, e.g. `Chromium 156.0.8078.108`. */
export function chromiumVersion(): string {
  return execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split(/ built /)[0];
}
