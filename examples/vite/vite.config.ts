import { defineConfig } from 'vite';

// No configuration for the element: Vite emits every file it loads. The preview server sends the
// storefront's headers; `unsafe-url` is the weakest referrer policy, which the tests run under.
export default defineConfig({
  preview: {
    headers: { 'Referrer-Policy': 'unsafe-url' },
  },
});
