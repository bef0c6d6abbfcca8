import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AnnotationValue } from '@/components/inspector/annotations';

const html = (value: string) => renderToStaticMarkup(createElement(AnnotationValue, { value }));

describe('AnnotationValue', () => {
  it('links an address by the address it opens, with the value as written beside it when that reads otherwise', () => {
    const shown = html('https://github.com\u2044evil.example/x');
    expect(shown).toContain('href="https://github.xn--comevil-3d7c.example/x"');
    expect(shown).toMatch(/data-testid="annotation-link"[^>]*>https:\/\/github\.xn--comevil-3d7c\.example\/x<\/a>/);
    expect(shown).toContain('(written https://github.com\u2044evil.example/x)');
  });

  it('never shows a bidi override raw, in the link or beside it', () => {
    const shown = html('https://example.com/\u202emoc.elgoog');
    expect(shown).toMatch(/>https:\/\/example\.com\/%E2%80%AEmoc\.elgoog<\/a>/);
    expect(shown).toContain('\\u202e</span>moc.elgoog)');
    expect(shown).not.toContain('\u202e');
  });

  it('links a plain address by itself alone, and leaves other values text', () => {
    expect(html('https://github.com/owner/app')).toMatch(/^<a href="https:\/\/github\.com\/owner\/app"[^>]*>https:\/\/github\.com\/owner\/app<\/a>$/);
    expect(html('javascript:alert(1)')).toBe('javascript:alert(1)');
    expect(html('https://github.com@evil.example/')).toBe('https://github.com@evil.example/');
  });
});
