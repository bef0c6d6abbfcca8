import Link from 'next/link';
import type { ReactNode } from 'react';

/**
 * A digest's link: a view of this page (`/?…`) is a client-side navigation,
 * which keeps the tab's memory (credentials, verified layers) where a new
 * document would start over; anything else is a plain link.
 */
export function DigestLink({ href, className, children }: { href: string; className?: string; children: ReactNode }) {
  if (href.startsWith('/?')) {
    return (
      <Link href={href} className={className}>
        {children}
      </Link>
    );
  }
  return (
    <a href={href} className={className}>
      {children}
    </a>
  );
}
