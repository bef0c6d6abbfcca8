import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';
import { SITE_TITLE } from '@/components/inspector/page-title';

// Every page carries a per-request CSP nonce (proxy.ts), which only a dynamic render can put on Next's scripts.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: SITE_TITLE,
  description: 'See what a container image pull does: auth, index, manifest, config and every layer, verified in your browser.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">{children}</body>
    </html>
  );
}
