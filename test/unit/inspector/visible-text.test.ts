import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { VisibleText } from '@/components/inspector/visible-text';

const html = (text: string, multiline = false) => renderToStaticMarkup(createElement(VisibleText, { text, multiline }));

describe('VisibleText', () => {
  it('shows a bidi override as its escape, marked and named', () => {
    expect(html('echo \u202ehi')).toBe(
      'echo <span data-testid="hidden-character" title="U+202E RIGHT-TO-LEFT OVERRIDE, shown escaped: it is in the text, invisible or changing the direction of what follows" class="rounded-sm bg-amber-100 px-px text-amber-900 dark:bg-amber-900 dark:text-amber-100">\\u202e</span>hi',
    );
  });

  it('isolates a fragment with right-to-left letters, and leaves others and blocks of lines as they are', () => {
    expect(html('linux/עברית')).toBe('<bdi>linux/עברית</bdi>');
    expect(html('linux/amd64')).toBe('linux/amd64');
    expect(html('a\n\tעב', true)).toBe('a\n\tעב');
  });
});
