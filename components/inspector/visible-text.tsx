import { describeCharacter } from '@/lib/character-name';
import { hasRightToLeft, textPieces } from '@/lib/visible-text';

/**
 * Text an image or a registry wrote (lib/visible-text.ts), shown so that it
 * cannot hide or reorder anything: each control, bidi or zero-width
 * character reads as its escape, marked and named on hover. A fragment is
 * isolated (`<bdi>`), so even right-to-left letters in it cannot reorder the
 * page's own words around it; a block of lines (`multiline`: a file, a
 * command, a raw document) keeps its line feeds and tabs and is its own
 * paragraph already.
 */
export function VisibleText({ text, multiline = false }: { text: string; multiline?: boolean }) {
  const pieces = textPieces(text, { multiline }).map((piece, i) =>
    typeof piece === 'string' ? (
      piece
    ) : (
      <span
        key={i}
        data-testid="hidden-character"
        title={`${describeCharacter(piece.codePoint)}, shown escaped: it is in the text, invisible or changing the direction of what follows`}
        className="rounded-sm bg-amber-100 px-px text-amber-900 dark:bg-amber-900 dark:text-amber-100"
      >
        {piece.escape}
      </span>
    ),
  );
  return multiline || !hasRightToLeft(text) ? <>{pieces}</> : <bdi>{pieces}</bdi>;
}
