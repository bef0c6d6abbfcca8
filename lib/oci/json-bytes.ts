/**
 * Bytes to a JSON object, for documents whose digest is taken over those same
 * bytes (RFC 8259: JSON text exchanged between systems is UTF-8, and the OCI
 * documents are objects at the top). The bytes are only read, never
 * re-serialized: re-encoding would change the digest.
 */
import { BadDocumentError, DocumentTooLargeError, NotJsonError } from './document-errors';
import { findDuplicateKey, formatJsonPath } from './json-duplicate-keys';

const PREVIEW_CHARS = 40;

/** Decodes `bytes` as a UTF-8 JSON object whose objects have distinct keys; `subject` names the document in errors ("manifest", "config"). */
export function readJsonObject(bytes: Uint8Array, subject: string, limit: number): Record<string, unknown> {
  if (bytes.byteLength > limit) throw new DocumentTooLargeError(subject, bytes.byteLength, limit);
  // RFC 8259 §8.1: JSON sent between systems carries no byte-order mark. Go's encoding/json (docker,
  // containerd) refuses one, and a decoder that skipped it would read a document other than the bytes hashed.
  if (startsWithBom(bytes)) {
    throw new BadDocumentError(subject, 'starts with a UTF-8 byte-order mark (bytes EF BB BF) before its JSON; docker and containerd refuse such a document too');
  }
  let text: string;
  try {
    // ignoreBOM: a decoder left to its default drops a leading mark unseen; the text must be the bytes hashed.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (err) {
    throw notJson(subject, new TextDecoder().decode(bytes.subarray(0, PREVIEW_CHARS * 4)), err);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw notJson(subject, text, err);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadDocumentError(subject, `is not a JSON object: got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`}`);
  }
  // JSON.parse kept the last of repeated keys; another parser may keep the first (json-duplicate-keys.ts).
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) {
    throw new BadDocumentError(
      formatJsonPath(subject, duplicate),
      'is given twice in one object; JSON parsers disagree on which value counts, so the document is refused',
    );
  }
  return value as Record<string, unknown>;
}

function startsWithBom(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

function notJson(subject: string, text: string, cause?: unknown): NotJsonError {
  const trimmed = text.trimStart();
  const looksLikeHtml = /^<(?:!doctype|html|head|body|\?xml)?/i.test(trimmed);
  return new NotJsonError(subject, preview(trimmed), looksLikeHtml, cause);
}

// A short, single-line quote of what arrived, so the message can show it safely.
function preview(text: string): string {
  const chars = Array.from(text);
  const head = chars
    .slice(0, PREVIEW_CHARS)
    .map((c) => (c < ' ' || c === '\u007f' ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c))
    .join('');
  return chars.length > PREVIEW_CHARS ? `${head}…` : head;
}
