import type { NextConfig } from 'next';

// No configuration for the element: webpack emits every file it loads.
const config: NextConfig = {
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
