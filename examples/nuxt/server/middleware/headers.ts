// The storefront's headers: `unsafe-url` is the weakest referrer policy, which the tests run under.
export default defineEventHandler((event) => {
  setResponseHeader(event, 'Referrer-Policy', 'unsafe-url');
});
