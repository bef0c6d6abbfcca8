import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { showView } from './view-address';

/**
 * A link that may lead to another view of this page (`/?…`: a digest, a tag,
 * a layer's files). A plain click shows that view in place (view-address.ts),
 * keeping the tab's memory (credentials, verified layers) where a new
 * document would start over; a click that asks for a new tab or window, and
 * any other link, is the browser's.
 */
export function ViewLink({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  if (!href.startsWith('/?')) return <a href={href} onClick={onClick} {...rest} />;
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    event.preventDefault();
    showView(href);
  };
  return <a href={href} onClick={follow} {...rest} />;
}
