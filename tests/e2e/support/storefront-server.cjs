// A storefront on its own origin for the embedding tests: serves the pages in ../storefront/ with the
// strict Content Security Policy docs/embedding.md gives, `{{CDN}}` and `{{API}}` filled in. Two variants of
// its account page: /themed.html adds the theme's stylesheet; /plain.html is the same page without the
// element (its lines marked `<!-- embed -->` left out), for comparing the host's own styles.
//   node storefront-server.cjs PORT CDN_ORIGIN API_ORIGIN
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const [port, cdn, api] = process.argv.slice(2);
const dir = path.join(__dirname, '..', 'storefront');
// The element needs exactly the CDN's scripts and styles, WASM compilation, and the API and CDN to fetch
// from; 'self' in style-src is the storefront's own stylesheet.
const csp = [
  "default-src 'none'",
  `script-src ${cdn} 'wasm-unsafe-eval'`,
  `style-src 'self' ${cdn}`,
  `connect-src ${api} ${cdn}`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
const variants = { '/': {}, '/themed.html': { theme: true }, '/plain.html': { plain: true } };
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8' };

http
  .createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://storefront');
    if (pathname === '/healthz') return res.end('ok');
    const variant = variants[pathname];
    const name = variant ? 'index.html' : path.basename(pathname);
    const file = path.join(dir, name);
    const type = types[path.extname(name)];
    if (!type || !fs.existsSync(file)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('not found');
    }
    let body = fs.readFileSync(file, 'utf8').replaceAll('{{CDN}}', cdn).replaceAll('{{API}}', api);
    body = body.replace('{{THEME}}', variant?.theme ? '<link rel="stylesheet" href="/theme.css">' : '');
    if (variant?.plain) body = body.split('\n').filter((line) => !line.includes('<!-- embed -->')).join('\n');
    res.writeHead(200, {
      'Content-Type': type,
      'Cache-Control': 'no-store',
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(body);
  })
  .listen(Number(port), '127.0.0.1');
