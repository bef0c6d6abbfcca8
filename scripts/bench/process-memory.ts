/**
 * Reading memory of processes from /proc (Linux): the resident set of one
 * process, the proportional set of Chromium's processes started under us,
 * and a sampler that keeps the peak while something runs.
 */
import fs from 'node:fs';

/** VmRSS of `pid` in bytes; 0 when the process is gone. */
export function residentBytes(pid: number): number {
  return statusBytes(pid, 'VmRSS');
}

/** A `kB` field of /proc/<pid>/status in bytes; 0 when the process is gone. */
function statusBytes(pid: number, field: string): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Pss of `pid` in bytes (shared pages divided among the processes sharing
 * them); 0 when the process is gone. Chromium's processes share most of their
 * code and V8 snapshot, so summed RSS would count that once per process.
 */
export function proportionalBytes(pid: number): number {
  try {
    const match = /^Pss:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Every live descendant of `root` (children, their children, …). */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The field after the parenthesised command name; the name itself may hold spaces.
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      // gone since readdir
    }
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** RssAnon of `pid` in bytes (its private, anonymous pages: what Chrome's task manager counts as a tab's footprint); 0 when gone. */
export function anonymousBytes(pid: number): number {
  return statusBytes(pid, 'RssAnon');
}

/** Memory of our Chromium processes at one moment. */
export interface ChromiumMemory {
  /** Summed Pss of every Chromium process. */
  all: number;
  /** Summed Pss of the renderer processes (the tab's, and any spare or blank ones Chromium keeps). */
  renderers: number;
  /**
   * Pss of the largest renderer: the tab's, which holds the page and its
   * worker threads (one process per site), while it works.
   */
  tab: number;
  /** RssAnon of that renderer. */
  tabPrivate: number;
}

/** Memory of the Chromium processes started under this process. */
export function chromiumMemory(): ChromiumMemory {
  let all = 0;
  let renderers = 0;
  let tab = 0;
  let tabPid = 0;
  for (const pid of descendants(process.pid)) {
    const cmd = commandLine(pid);
    if (!cmd.includes('chrom')) continue;
    // Chromium rewrites its argv into one space-separated title, so match within it.
    const pss = proportionalBytes(pid);
    all += pss;
    if (!cmd.includes('--type=renderer')) continue;
    renderers += pss;
    if (pss > tab) {
      tab = pss;
      tabPid = pid;
    }
  }
  return { all, renderers, tab, tabPrivate: tabPid ? anonymousBytes(tabPid) : 0 };
}

/**
 * Samples `read` every `intervalMs` until stopped; `stop` returns the largest
 * value seen of each field. The interval is coarse on purpose: scanning /proc
 * costs CPU the measured work would otherwise have.
 */
export function samplePeaks<K extends string>(read: () => Record<K, number>, intervalMs = 250): { stop(): Record<K, number> } {
  const peak = read();
  const take = () => {
    const now = read();
    for (const key of Object.keys(now) as K[]) peak[key] = Math.max(peak[key], now[key]);
  };
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return peak;
    },
  };
}
