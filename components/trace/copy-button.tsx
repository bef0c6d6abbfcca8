'use client';

import { useState } from 'react';

type CopyState = 'idle' | 'copied' | 'failed';

// What a screen reader hears: the button's new label alone is not announced, a polite status is.
const SAID: Record<CopyState, string> = {
  idle: '',
  copied: 'Copied to the clipboard',
  failed: 'Could not copy: this page may not write to the clipboard here. Select the command and copy it.',
};

/** Copies a text to the clipboard and says so for a moment, on the button and to a screen reader. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState<CopyState>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('copied');
    } catch {
      // Clipboard access needs a secure context and permission; the text stays selectable.
      setCopied('failed');
    }
    setTimeout(() => setCopied('idle'), 1500);
  };
  return (
    <>
      <button
        type="button"
        onClick={copy}
        data-testid="copy-button"
        className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Select and copy' : label}
      </button>
      {/* In the page from the start: a live region added with its text is not reliably announced. */}
      <span role="status" aria-live="polite" className="sr-only">
        {SAID[copied]}
      </span>
    </>
  );
}
