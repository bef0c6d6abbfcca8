/**
 * The report: one table (figure, ours, baseline, ratio, target) printed to
 * the terminal and written as Markdown to bench/results.md, with the machine
 * it was measured on and a short reading of the numbers.
 */
import fs from 'node:fs';
import os from 'node:os';

/** One line of the table. */
export interface ReportRow {
  figure: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
  /** Whether the target is met; undefined when there is no target or no figure. */
  met?: boolean;
}

/** Where and how the figures were measured. */
export interface Machine {
  cpu: string;
  cpus: number;
  memory: string;
  node: string;
  chromium: string;
  date: string;
  mode: string;
  build: string;
}

/** The CPU model, as /proc/cpuinfo names it (os.cpus() as a fallback). */
export function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (match) return match[1].trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

const HEADERS = ['Figure', 'Ours', 'Baseline (same run, same bytes)', 'Ours / baseline', 'Target'];

function cells(row: ReportRow): string[] {
  const mark = row.met === undefined ? '' : row.met ? ' (met)' : ' (missed)';
  return [row.figure, row.ours, row.baseline, row.ratio, row.target + mark];
}

/** The table as fixed-width text for the terminal. */
export function textTable(rows: ReportRow[]): string {
  const table = [HEADERS, ...rows.map(cells)];
  const widths = HEADERS.map((_, i) => Math.max(...table.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(table[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...table.slice(1).map(line)].join('\n');
}

function markdownTable(rows: ReportRow[]): string {
  // Sub-rows are indented in the terminal; Markdown drops leading spaces, so they get an arrow.
  const line = (r: string[]) => `| ${r.map((c) => c.replace(/\|/g, '\\|').replace(/^  /, '↳ ')).join(' | ')} |`;
  return [line(HEADERS), line(HEADERS.map(() => '---')), ...rows.map((r) => line(cells(r)))].join('\n');
}

/** The whole Markdown report. */
export function markdownReport(machine: Machine, rows: ReportRow[], sections: { title: string; lines: string[] }[]): string {
  return [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (scripts/bench/run.ts). Every figure is compared with a baseline measured in the same run,',
    'on the same bytes, so that a noisy shared machine moves both sides alike; the ratio is the figure to compare across runs.',
    '',
    `- Date: ${machine.date}`,
    `- CPU: ${machine.cpu} (${machine.cpus} logical CPUs), memory ${machine.memory}`,
    `- Node ${machine.node}; Chromium ${machine.chromium} (headless)`,
    `- Mode: ${machine.mode}`,
    `- App build: ${machine.build}`,
    '',
    markdownTable(rows),
    '',
    ...sections.flatMap((s) => [`## ${s.title}`, '', ...s.lines, '']),
  ].join('\n');
}
