import { cleanReferenceInput, isReference } from '@/lib/reference';
import { detectCredentials, detectSecret } from '@/lib/secret-like';

/**
 * A link whose `image` is a pasted command line or web page URL
 * (`?image=docker pull ubuntu`) is cleaned as the reference box cleans what is
 * typed. Returns the page's query with the reference alone (and the command's
 * platform, unless the link names one), or undefined when the link needs no
 * cleaning or its cleaned value still does not parse: the page then explains
 * what is wrong with the value as the link gave it.
 */
export function cleanedImageQuery(params: Record<string, string | string[] | undefined>): URLSearchParams | undefined {
  const image = params.image;
  if (typeof image !== 'string') return undefined;
  const cleaned = cleanReferenceInput(image);
  if (cleaned.reference === image) return undefined;
  if (!isReference(cleaned.reference)) return undefined;
  const query = queryOf(params);
  query.set('image', cleaned.reference);
  if (cleaned.platform !== undefined && !query.has('platform')) query.set('platform', cleaned.platform);
  return query;
}

/**
 * A link whose `image` holds what looks like a credential (`user:pass@host/…`, a token, `docker login -p …`, a pull
 * line's `--creds`) must not stay in the address, the page or its history: the query to redirect to (the cleaned
 * reference when cleaning leaves one free of the credential, else the link without its image) and the kind of
 * credential found. Undefined when the link's image holds none.
 */
export function imageQueryWithoutSecret(params: Record<string, string | string[] | undefined>): { query: URLSearchParams; kind: string; kept: boolean } | undefined {
  const image = Array.isArray(params.image) ? params.image[0] : params.image;
  const kind = image === undefined ? undefined : detectCredentials(image);
  if (kind === undefined) return undefined;
  const cleaned = cleanedImageQuery(params);
  const cleanedImage = cleaned?.get('image');
  if (cleaned && cleanedImage && detectSecret(cleanedImage) === undefined) return { query: cleaned, kind, kept: true };
  const query = queryOf(params);
  query.delete('image');
  return { query, kind, kept: false };
}

/** The page's parameters as a query, every value of each kept in order. */
function queryOf(params: Record<string, string | string[] | undefined>): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) query.append(key, one);
  }
  return query;
}
