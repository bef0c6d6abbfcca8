/**
 * The proxy's SSRF policy, wired to Node's resolver and the operator's
 * PULLSCOPE_ALLOWED_HOSTS. The classification itself is pure (lib/registry).
 */
import { lookup } from 'node:dns/promises';
import { makeHostChecker, parseAllowedHosts } from '@/lib/registry/host-policy';

async function resolveAll(hostname: string): Promise<string[]> {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => a.address);
}

let checker: ((url: URL) => Promise<void>) | undefined;

/** The host checker for this process, built once from the environment. */
export function hostChecker(): (url: URL) => Promise<void> {
  checker ??= makeHostChecker({
    resolve: resolveAll,
    allowed: parseAllowedHosts(process.env.PULLSCOPE_ALLOWED_HOSTS),
  });
  return checker;
}
