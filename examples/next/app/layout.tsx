import Link from 'next/link';
import type { ReactNode } from 'react';

// No favicon request: a storefront brings its own.
export const metadata = { title: 'Demo Store', icons: { icon: 'data:,' } };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header>
          <Link href="/">Demo Store</Link>
          <nav>
            <Link href="/account/reset/forgot_password">Forgot your password?</Link>
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
