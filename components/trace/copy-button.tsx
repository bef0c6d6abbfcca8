'use client';

import { useState } from 'react';

/** Copies a text to the clipboard and says so for a moment. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
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
    <button
      type="button"
      onClick={copy}
      data-testid="copy-button"
      className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
    >
      {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Select and copy' : label}
    </button>
  );
}
