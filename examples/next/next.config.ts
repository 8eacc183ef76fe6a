import type { NextConfig } from 'next';

// No configuration for the element: webpack emits every file it loads. The storefront's headers:
// `unsafe-url` is the weakest referrer policy, which the tests run under.
const config: NextConfig = {
  async headers() {
    return [{ source: '/:path*', headers: [{ key: 'Referrer-Policy', value: 'unsafe-url' }] }];
  },
};

export default config;
