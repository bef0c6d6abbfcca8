import type { TraceEntry } from '@/lib/registry/trace';
import { toTraceRows, type TraceRowView } from '@/lib/trace/trace-view';
import { formatBytes } from '@/lib/format';
import { Panel } from '@/components/inspector/panel';
import { VisibleText } from '@/components/inspector/visible-text';
import { CopyButton } from './copy-button';

const KIND_LABEL: Record<TraceRowView['kind'], string> = { registry: 'registry', token: 'token server', redirect: 'redirect hop' };

/**
 * Every HTTP exchange the pull made, in order, as the proxy reported it:
 * method, URL (secrets redacted), status, time, size, the headers that
 * matter, and the curl command that does the same by hand.
 */
export function PullTracePanel({ entries, credentialed, cachedLayers = 0 }: { entries: readonly TraceEntry[]; credentialed: boolean; cachedLayers?: number }) {
  const rows = toTraceRows(entries, { credentialed });
  // A request this server refused to send is a row, but no exchange.
  const notSent = rows.filter((r) => r.notSent).length;
  const sent = rows.length - notSent;
  const earlier = rows.filter((r) => r.earlier).length;
  const count =
    `${sent} HTTP ${sent === 1 ? 'exchange' : 'exchanges'}` +
    (earlier > 0 ? ` (${earlier} made earlier)` : '') +
    (notSent > 0 ? `, ${notSent} ${notSent === 1 ? 'request' : 'requests'} not sent` : '');
  return (
    <Panel
      title="Pull trace"
      testId="pull-trace"
      aside={
        <span data-testid="trace-count" className="text-sm text-slate-500 dark:text-slate-400">
          {count}
        </span>
      }
    >
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">No requests yet.</p>
      ) : (
        <ol className="space-y-3">
          {rows.map((row) => (
            <TraceRow key={row.position} row={row} credentialed={credentialed} />
          ))}
        </ol>
      )}
      {cachedLayers > 0 && (
        <p data-testid="trace-cached-layers" className="mt-3 text-sm text-slate-500 dark:text-slate-400">
          {cachedLayers === 1 ? '1 layer was' : `${cachedLayers} layers were`} read from this tab’s cache, and verified again there: no request.
        </p>
      )}
      <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">
        Tokens, passwords and URL signatures are never shown. {credentialed ? 'Replace USER:PASS with your username and password or token. ' : ''}
        The commands need curl, and jq where a token is fetched.
      </p>
    </Panel>
  );
}

function TraceRow({ row, credentialed }: { row: TraceRowView; credentialed: boolean }) {
  return (
    <li
      data-testid="trace-row"
      data-kind={row.kind}
      data-status={row.status}
      data-not-sent={row.notSent ? 'true' : undefined}
      data-earlier={row.earlier ? 'true' : undefined}
      data-method={row.method}
      className={`rounded border p-3 ${row.earlier ? 'border-dashed border-slate-300 dark:border-slate-700' : 'border-slate-200 dark:border-slate-800'}`}
    >
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1 text-sm">
        <span className="text-slate-500 dark:text-slate-400">{row.position}.</span>
        <span className="font-mono font-semibold">{row.method}</span>
        <StatusBadge status={row.status} notSent={row.notSent} />
        <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">{KIND_LABEL[row.kind]}</span>
        <span className="text-slate-500 dark:text-slate-400">{row.durationMs} ms</span>
        {row.earlier && (
          <span data-testid="trace-earlier" className="rounded bg-slate-100 px-1.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
            earlier
          </span>
        )}
        {row.receivedBytes !== undefined ? (
          <span data-testid="trace-cut" className="text-red-700 dark:text-red-400">
            {`cut off after ${formatBytes(row.receivedBytes)}${row.bytes === undefined ? '' : ` of ${formatBytes(row.bytes)}`}`}
          </span>
        ) : (
          row.bytes !== undefined && <span className="text-slate-500 dark:text-slate-400">{formatBytes(row.bytes)}</span>
        )}
      </div>
      <div data-testid="trace-url" className="mt-1 break-all font-mono text-xs">
        {row.url}
      </div>
      {row.hopTo && (
        <div data-testid="trace-hop" className="mt-1 text-sm text-amber-700 dark:text-amber-400">
          ↪ {row.status} redirect: the next hop goes to <span className="font-mono">{row.hopTo}</span>
          {row.hopTo !== row.host ? ', another host, so Authorization is not sent there' : ''}
        </div>
      )}
      {row.note && <div className="mt-1 text-xs text-slate-500 dark:text-slate-400">{row.note}</div>}
      {row.earlier && (
        <div className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          Not sent again for this pull: Pullscope’s server got its token with this exchange and keeps a token until it expires
          (an hour at most), as Docker keeps one for the length of a pull. Shown from the server’s record, so the pull reads whole.
        </div>
      )}
      <HeaderList title="Sent" headers={row.requestHeaders} />
      <HeaderList title="Received" headers={row.responseHeaders} />
      {row.issuedToken && <div className="mt-1 text-xs text-slate-500 dark:text-slate-400">Issued a token: its decoded claims are shown under “Token”.</div>}
      <div className="mt-2">
        <div className="mb-1 flex items-center justify-between gap-2">
          <span className="text-xs text-slate-500 dark:text-slate-400">By hand{credentialed ? ' (USER:PASS is a placeholder)' : ''}</span>
          <CopyButton text={row.curl} />
        </div>
        <pre data-testid="curl-command" className="overflow-x-auto whitespace-pre rounded bg-slate-100 p-2 text-xs dark:bg-slate-950">
          {row.curl}
        </pre>
      </div>
    </li>
  );
}

function StatusBadge({ status, notSent }: { status: number; notSent?: boolean }) {
  const tone =
    status === 0
      ? 'text-red-700 dark:text-red-400'
      : status < 300
        ? 'text-emerald-700 dark:text-emerald-400'
        : status < 400
          ? 'text-amber-700 dark:text-amber-400'
          : status === 401
            ? 'text-sky-700 dark:text-sky-400'
            : 'text-red-700 dark:text-red-400';
  return (
    <span data-testid="trace-status" className={`font-mono font-semibold ${tone}`}>
      {notSent ? 'not sent' : status === 0 ? 'no answer' : status}
    </span>
  );
}

function HeaderList({ title, headers }: { title: string; headers: Array<[string, string]> }) {
  if (headers.length === 0) return null;
  return (
    // On a phone a value goes under its name: beside a long name it would get a few characters per line.
    <dl className="mt-1 grid grid-cols-1 gap-x-3 text-xs sm:grid-cols-[max-content_1fr]">
      {headers.map(([name, value]) => (
        <div key={name} className="contents">
          <dt className="text-slate-500 dark:text-slate-400">
            {title === 'Sent' ? '→' : '←'} <VisibleText text={name} />
          </dt>
          {/* A registry's header may carry bytes past ASCII (read as Latin-1, C1 controls among them): shown escaped. */}
          <dd data-testid="trace-header-value" className="min-w-0 break-all pl-4 font-mono sm:pl-0">
            <VisibleText text={value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
