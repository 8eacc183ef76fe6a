// End-to-end tests: the release build (dist/) served by the EP sandbox on loopback, driven in Debian's
// Chromium. Run through `cargo xtask test`, which builds them and sets EP_SANDBOX_BIN, EP_RESET_BIN
// and EP_DIST.
import { randomBytes } from 'node:crypto';
import { defineConfig } from '@playwright/test';
import { servers } from './support/servers';

// The sandboxes' admin secret: random for each run (the sandboxes read it from their environment, and so
// do the tests, whose workers inherit this process's), never the old fixed demo value a web page could guess.
process.env.EP_SANDBOX_CLIENT_SECRET ??= randomBytes(16).toString('hex');

const bin = process.env.EP_SANDBOX_BIN ?? '../../target/debug/ep-sandbox';
const resetBin = process.env.EP_RESET_BIN ?? '../../target/debug/ep-reset';
// The mailer's queue, started empty on every run.
const mailerDb = '../../target/e2e-mailer/queue.sqlite3';
const dist = process.env.EP_DIST ?? '../../dist';
const jsonReport = process.env.E2E_JSON_REPORT ?? '../../target/e2e-report.json';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  // The example storefronts have their own servers and run from examples.config.ts.
  testIgnore: 'examples/**',
  // The specs share each sandbox's state (outbox, faults, request log): one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 30_000,
  reporter: [['list'], ['json', { outputFile: jsonReport }]],
  outputDir: '../../target/e2e-results',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
      ],
    },
    trace: 'off',
  },
  webServer: [
    {
      // Embedding: the element's files served as from a CDN, the API on its own origin.
      command: `${bin} --listen 127.0.0.1:${servers.embed.cdnPort} --api-listen 127.0.0.1:${servers.embed.apiPort} --quiet --app-dir ${dist} --app-api-base ${servers.embed.api}`,
      url: `${servers.embed.api}/__sandbox/outbox.html`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      timeout: 20_000,
    },
    {
      // The storefront that embeds it, on a third origin, with a strict CSP and framework-style CSS.
      command: `node support/storefront-server.cjs ${servers.embed.storefrontPort} ${servers.embed.cdn} ${servers.embed.api}`,
      url: `${servers.embed.storefront}/healthz`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      timeout: 20_000,
    },
    {
      // Production-like: the app on one origin, the API on another (CORS applies). The hostile-link corpus
      // opens a page every few hundred milliseconds, each asking for a token, the settings and the profiles:
      // bursts of that can reach the dev-store limit (25/s), and no test here relies on the real limiter
      // (every 429 is an injected fault), so it is raised.
      command: `${bin} --listen 127.0.0.1:${servers.crossOrigin.appPort} --api-listen 127.0.0.1:${servers.crossOrigin.apiPort} --quiet --app-dir ${dist} --app-api-base ${servers.crossOrigin.api} --rate-limit 1000`,
      url: `${servers.crossOrigin.api}/__sandbox/outbox.html`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      timeout: 20_000,
    },
    {
      // The breach check on: the page's breach-check points at the sandbox's own range API (on the API origin).
      command: `${bin} --listen 127.0.0.1:${servers.breach.appPort} --api-listen 127.0.0.1:${servers.breach.apiPort} --quiet --app-dir ${dist} --app-api-base ${servers.breach.api} --app-breach-check ${servers.breach.range}`,
      url: `${servers.breach.api}/__sandbox/outbox.html`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      timeout: 20_000,
    },
    {
      // The breach check pointing at an origin the page's connect-src does not allow (the other pair's API).
      command: `${bin} --listen 127.0.0.1:${servers.breachBlocked.port} --quiet --app-dir ${dist} --app-api-base ${servers.breachBlocked.app} --app-breach-check ${servers.breach.range}`,
      url: `${servers.breachBlocked.app}/__sandbox/outbox.html`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      timeout: 20_000,
    },
    {
      // The same dist/ served under a sub-path, API on the same origin.
      command: `${bin} --listen 127.0.0.1:${servers.subPath.appPort} --quiet --app-dir ${dist} --app-base ${servers.subPath.base}/ --app-api-base ${servers.subPath.app}`,
      url: `${servers.subPath.app}/__sandbox/outbox.html`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      timeout: 20_000,
    },
    {
      // MailDev: the SMTP server the mailer sends to, and the inbox the mailer spec reads.
      command: `node ../../node_modules/maildev/bin/maildev --ip 127.0.0.1 --web-ip 127.0.0.1 --smtp ${servers.mailer.inboxSmtpPort} --web ${servers.mailer.inboxWebPort} --silent`,
      url: `${servers.mailer.inbox}/healthz`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      timeout: 20_000,
    },
    {
      // `ep-reset mailer`: the webhook receiver that e-mails the reset link through MailDev.
      command: `mkdir -p ../../target/e2e-mailer && rm -f ${mailerDb} ${mailerDb}-wal ${mailerDb}-shm && ${resetBin} mailer --listen 127.0.0.1:${servers.mailer.mailerPort} --ops-listen 127.0.0.1:${servers.mailer.mailerOpsPort} --app-url ${servers.mailer.app} --smtp-url smtp://127.0.0.1:${servers.mailer.inboxSmtpPort} --from 'Demo Store <no-reply@demo-store.example>' --db ${mailerDb} --retry-base-ms 200 --retry-max-ms 1000`,
      env: { EP_RESET_WEBHOOK_SECRET: servers.mailer.webhookSecret },
      url: servers.mailer.health,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      timeout: 20_000,
    },
    {
      // Cross-origin like production, with a webhook integration pointing at the mailer.
      command: `${bin} --listen 127.0.0.1:${servers.mailer.appPort} --api-listen 127.0.0.1:${servers.mailer.apiPort} --quiet --app-dir ${dist} --app-api-base ${servers.mailer.api} --webhook-url ${servers.mailer.hook} --webhook-secret ${servers.mailer.webhookSecret} --webhook-retry-base-ms 200`,
      url: `${servers.mailer.api}/__sandbox/outbox.html`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      timeout: 20_000,
    },
  ],
});
