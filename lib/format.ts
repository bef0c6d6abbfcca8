/** Small formatting helpers for what people read; pure and framework-free. */

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** A byte count in binary units for people: 512 -> '512 B', 1536 -> '1.5 KiB', 1048576 -> '1 MiB'. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 1024) return `${n} B`;
  let value = n;
  let unit = -1;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // One decimal is enough to compare layers; '.0' adds nothing.
  const text = value.toFixed(1).replace(/\.0$/, '');
  // Rounding can reach the next unit: 1048575 B is '1024 KiB' at one decimal.
  if (text === '1024' && unit < UNITS.length - 1) return `1 ${UNITS[unit + 1]}`;
  return `${text} ${UNITS[unit]}`;
}

// Date's range: ±8.64e15 ms around the epoch (ECMA-262 §21.4.1.1); a base-256 tar mtime can lie beyond it.
const MAX_DATE_SECONDS = 8.64e12;

/**
 * A tar mtime (seconds since the epoch) as `tar -tv --utc` prints it, to the
 * second: 0 -> '1970-01-01 00:00:00', a real date like any other; seconds
 * beyond what a date can hold are printed as the number.
 */
export function formatMtime(seconds: number): string {
  if (!Number.isFinite(seconds) || Math.abs(seconds) > MAX_DATE_SECONDS) return String(seconds);
  const iso = new Date(Math.floor(seconds) * 1000).toISOString();
  return iso.slice(0, iso.indexOf('.')).replace('T', ' ');
}
