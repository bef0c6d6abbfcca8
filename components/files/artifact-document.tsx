'use client';

import { useEffect, useRef, useState } from 'react';
import { asPullscopeError, type PullscopeError } from '@/lib/errors';
import { formatBytes } from '@/lib/format';
import { indentJson } from '@/lib/files/indent-json';
import { inTotoStatementView } from '@/lib/oci/in-toto-statement';
import type { LayerSource } from '@/lib/pipeline/messages';
import type { TraceSink } from '@/lib/registry/trace';
import { concatBytes } from '@/lib/stream/concat-bytes';
import { labelledSink } from '@/lib/trace/label-trace';
import { layerPool } from '@/components/layers/layer-pool';
import { AnnotationValue } from '@/components/inspector/annotations';
import { ViewLink } from '@/components/inspector/view-link';
import { artifactBlobName } from '@/components/downloads/download-names';
import { ContentPreview, type FilePreview } from './file-viewer';
import { DownloadProgress } from '@/components/downloads/download-progress';
import { useDownload } from '@/components/downloads/use-download';
import { visibleText } from '@/lib/visible-text';

// As for a file: a preview stops here, and the rest is a download.
const PREVIEW_BYTES = 1024 * 1024;

interface Props {
  layerNumber: number;
  mediaType: string;
  mediaTypeWords: string;
  size: number;
  source: LayerSource;
  onTrace?: TraceSink;
  /** Whether the config gave this layer a diff_id to check (an artifact's config gives none). */
  diffIdChecked: boolean;
  /** Where a subject's manifest digest opens, in this repository; absent for a local archive. */
  linkManifest?: (digest: string) => string;
}

/**
 * A layer that is a document, not a filesystem (an in-toto attestation, an
 * SBOM, a signature): what it is, what an in-toto statement says it is about,
 * and its text. The blob is read again through a layer worker, from the tab's
 * cache when it is there, and checked against its digest when read whole.
 */
export function ArtifactDocument({ layerNumber, mediaType, mediaTypeWords, size, source, diffIdChecked, onTrace, linkManifest }: Props) {
  const [preview, setPreview] = useState<FilePreview | undefined>();
  const [error, setError] = useState<PullscopeError | undefined>();
  // Read when the document is read, so a new sink alone does not read it again.
  const traceTo = useRef(onTrace);
  traceTo.current = onTrace;

  useEffect(() => {
    setPreview(undefined);
    setError(undefined);
    const controller = new AbortController();
    const blob = layerPool().streamBlob(source, labelledSink((entries) => traceTo.current?.(entries), `document of layer ${layerNumber}`));
    readHead(blob, PREVIEW_BYTES, controller.signal).then(
      (p) => !controller.signal.aborted && setPreview(p),
      (e: unknown) => !controller.signal.aborted && setError(asPullscopeError(e)),
    );
    return () => controller.abort();
  }, [source, layerNumber]);

  const text = preview && new TextDecoder().decode(preview.bytes);
  // A statement longer than the preview (a large SBOM) is still summed up, and indented, from its first bytes.
  const statement = preview && text !== undefined ? inTotoStatementView(text, { truncated: preview.truncated }) : undefined;
  const pretty = preview && text !== undefined && (preview.truncated || isJson(text)) ? indentJson(text) : undefined;

  const documentDownload = useDownload();
  const download = () =>
    documentDownload.start(`Layer ${layerNumber} document`, artifactBlobName(source.digest, mediaType), () => ({
      stream: layerPool().streamBlob(source, labelledSink(onTrace, `download, layer ${layerNumber}`)),
      total: size,
    }));

  return (
    <div data-testid="artifact-document" className="rounded border border-slate-200 p-3 text-sm dark:border-slate-800">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p>
          Layer {layerNumber} is a document, not a filesystem{mediaTypeWords === mediaType ? ' ' : `: ${mediaTypeWords} `}(
          <code className="break-all font-mono text-xs">{mediaType}</code>), {formatBytes(size)}.{' '}
          {diffIdChecked
            ? 'Its digest and diff_id are checked as for any layer; it has no files.'
            : 'Its digest is checked as for any layer (the config gives it no diff_id); it has no files.'}
        </p>
        <button type="button" onClick={download} className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
          Download document
        </button>
      </div>
      <DownloadProgress status={documentDownload.status} onCancel={documentDownload.cancel} />
      {statement && (
        <dl data-testid="in-toto-statement" className="mt-2 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-3 gap-y-1 text-xs">
          <dt className="text-slate-500 dark:text-slate-400">statement</dt>
          <dd className="break-all font-mono">
            <AnnotationValue value={statement.type} />
          </dd>
          <dt className="text-slate-500 dark:text-slate-400">predicate type</dt>
          <dd className="break-all font-mono" data-testid="in-toto-predicate-type">
            {statement.predicateType === undefined ? '—' : <AnnotationValue value={statement.predicateType} />}
          </dd>
          <dt className="text-slate-500 dark:text-slate-400">about</dt>
          <dd>
            <ul>
              {statement.subjects.map((s, i) => (
                <li key={i} data-testid="in-toto-subject" className="break-all">
                  <span className="font-mono">{s.name || '(no name)'}</span>
                  {s.digest &&
                    (linkManifest ? (
                      <>
                        {' '}
                        <ViewLink href={linkManifest(s.digest)} className="digest text-sky-700 hover:underline dark:text-sky-400" data-testid="in-toto-subject-link">
                          {s.digest}
                        </ViewLink>
                      </>
                    ) : (
                      <span className="digest"> {s.digest}</span>
                    ))}
                </li>
              ))}
            </ul>
          </dd>
        </dl>
      )}
      {error && (
        <p role="alert" className="mt-2 text-red-700 dark:text-red-400">
          {visibleText(error.message, { multiline: true })}
        </p>
      )}
      {preview && (
        <>
          {pretty !== undefined && (
            <p data-testid="document-preview-note" className="mt-2 text-xs text-slate-500 dark:text-slate-400">
              {preview.truncated
                ? `The first ${formatBytes(preview.bytes.length)} of ${formatBytes(size)}, as JSON indented for reading; download the document for the rest. The bytes checked and downloaded are as the registry sent them.`
                : 'JSON, indented for reading; the bytes checked and downloaded are as the registry sent them.'}
            </p>
          )}
          <ContentPreview preview={pretty === undefined ? preview : { bytes: new TextEncoder().encode(pretty), truncated: false }} />
        </>
      )}
      {!preview && !error && <p className="mt-2 text-slate-500 dark:text-slate-400">Reading…</p>}
    </div>
  );
}

/** The first `limit` bytes of a stream; read whole when it is no longer, so its digest check at the end runs. */
async function readHead(stream: ReadableStream<Uint8Array>, limit: number, signal: AbortSignal): Promise<FilePreview> {
  const reader = stream.getReader();
  // Leaving the view stops the read (and the worker's request with it).
  const stop = () => void reader.cancel().catch(() => {});
  signal.addEventListener('abort', stop, { once: true });
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes: concatBytes(parts, total), truncated: false };
      parts.push(value);
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel();
        return { bytes: concatBytes(parts, total).subarray(0, limit), truncated: true };
      }
    }
  } finally {
    signal.removeEventListener('abort', stop);
    reader.releaseLock();
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
