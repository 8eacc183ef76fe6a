// The storefront's own referrer policy, `unsafe-url` (the weakest, which the tests run under), but on the
// reset pages: a reset link carries a one-time code in its address, which no request of that page may
// send as its Referer. A header, because the page's scripts are requested before any <meta> in its head.
export default defineEventHandler((event) => {
  const resetPage = event.path.startsWith('/account/reset/');
  setResponseHeader(event, 'Referrer-Policy', resetPage ? 'no-referrer' : 'unsafe-url');
});
