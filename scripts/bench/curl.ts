/** Running curl, the native HTTP client our baselines use, and reading its own timings (`-w`). */
import { execFile } from 'node:child_process';

/** What curl reports about one transfer. */
export interface CurlTiming {
  status: number;
  bytes: number;
  /** curl's `time_total`, in ms: connect to last byte, without curl's own start-up. */
  ms: number;
}

/** GETs `url`, writing the body to `output` (`/dev/null` to discard it). */
export function curlGet(url: string, output: string, headers: Record<string, string> = {}): Promise<CurlTiming> {
  // A transfer that stalls for a minute is broken; a slow one is measured however long it takes.
  const args = ['-sS', '--speed-limit', '1', '--speed-time', '60', '-o', output, '-w', '%{http_code} %{size_download} %{time_total}'];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    execFile('curl', args, (error, stdout, stderr) => {
      if (error) return reject(new Error(`curl ${url} failed: ${stderr.trim()}`, { cause: error }));
      const [status, bytes, seconds] = stdout.trim().split(' ').map(Number);
      resolve({ status, bytes, ms: seconds * 1000 });
    });
  });
}
