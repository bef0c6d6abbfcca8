import { describe, expect, it } from 'vitest';
import { asciiFallback, attachmentDisposition, encodeExtValue } from '@/lib/download/content-disposition';

describe('attachmentDisposition', () => {
  it.each([
    ['whiteouts-v1-rootfs.tar', `attachment; filename="whiteouts-v1-rootfs.tar"; filename*=UTF-8''whiteouts-v1-rootfs.tar`],
    ['sha256-ab.tar.gz', `attachment; filename="sha256-ab.tar.gz"; filename*=UTF-8''sha256-ab.tar.gz`],
    ['my image.tar', `attachment; filename="my image.tar"; filename*=UTF-8''my%20image.tar`],
    ['café-ü.zip', `attachment; filename="caf_-_.zip"; filename*=UTF-8''caf%C3%A9-%C3%BC.zip`],
    ['a"b\\c.tar', `attachment; filename="a_b_c.tar"; filename*=UTF-8''a%22b%5Cc.tar`],
    ['😀.tar', `attachment; filename="_.tar"; filename*=UTF-8''%F0%9F%98%80.tar`],
  ])('names %s', (name, want) => {
    expect(attachmentDisposition(name)).toBe(want);
  });
});

describe('encodeExtValue', () => {
  it('keeps every attr-char of RFC 8187 and encodes every other ASCII byte', () => {
    for (let code = 0x20; code < 0x7f; code++) {
      const c = String.fromCharCode(code);
      const encoded = encodeExtValue(c);
      const attrChar = /[A-Za-z0-9!#$&+\-.^_`|~]/.test(c);
      expect(encoded, `encoding of ${JSON.stringify(c)}`).toBe(attrChar ? c : `%${code.toString(16).toUpperCase().padStart(2, '0')}`);
    }
  });

  it('round-trips through decodeURIComponent', () => {
    for (const name of ['layer (1).tar', 'образ.tar', '层.tar.zst', "it's;100%,done.zip"]) {
      expect(decodeURIComponent(encodeExtValue(name)), name).toBe(name);
    }
  });
});

describe('asciiFallback', () => {
  it.each([
    ['', 'download'],
    ['tab\there', 'tab_here'],
    ['ok.tar', 'ok.tar'],
  ])('turns %j into %j', (name, want) => {
    expect(asciiFallback(name)).toBe(want);
  });
});
