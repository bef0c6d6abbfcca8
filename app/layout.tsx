import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

// Every page carries a per-request CSP nonce (proxy.ts), which only a dynamic render can put on Next's scripts.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Pullscope — docker pull, in the open',
  description: 'See what a container image pull does: auth, index, manifest, config and every layer, verified in your browser.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">{children}</body>
    </html>
  );
}
