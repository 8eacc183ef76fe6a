import type { NextConfig } from 'next';

// No configuration for the element: webpack emits every file it loads.
const config: NextConfig = {
  // The element's pages are one segment under /account/reset/. A deeper address is sent to the forgot
  // page: on a page of its own, Next.js's router would send the address's path, which a doctored link
  // may have put the code in, with every prefetch.
  async redirects() {
    return [{ source: '/account/reset/:page/:rest+', destination: '/account/reset/forgot_password', permanent: false }];
  },
  async headers() {
    return [
      // The storefront's own policy: `unsafe-url`, the weakest, which the tests run under.
      { source: '/:path*', headers: [{ key: 'Referrer-Policy', value: 'unsafe-url' }] },
      // A reset link carries a one-time code in its address: no request of the reset pages may send it as
      // its Referer. A header, because the page's scripts are requested before any <meta> in its head.
      { source: '/account/reset/:path*', headers: [{ key: 'Referrer-Policy', value: 'no-referrer' }] },
    ];
  },
};

export default config;
