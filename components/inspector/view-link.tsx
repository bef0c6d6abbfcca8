import Link from 'next/link';
import type { AnchorHTMLAttributes } from 'react';

/**
 * A link that may lead to another view of this page (`/?…`: a digest, a tag,
 * a layer's files). Such a view is a client-side navigation, which keeps the
 * tab's memory (credentials, verified layers) where a new document would
 * start over; anything else is a plain link.
 */
export function ViewLink({ href, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  if (href.startsWith('/?')) return <Link href={href} {...rest} />;
  return <a href={href} {...rest} />;
}
