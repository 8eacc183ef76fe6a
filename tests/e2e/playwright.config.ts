// End-to-end tests: the release build (dist/) served by the EP sandbox on loopback, driven in Debian's
// Chromium. Run through `cargo xtask test`, which builds both and sets EP_SANDBOX_BIN and EP_DIST.
import { defineConfig } from '@playwright/test';
import { servers } from './support/servers';

const bin = process.env.EP_SANDBOX_BIN ?? '../../target/debug/ep-sandbox';
const dist = process.env.EP_DIST ?? '../../dist';
const jsonReport = process.env.E2E_JSON_REPORT ?? '../../target/e2e-report.json';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
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
      // Production-like: the app on one origin, the API on another (CORS applies).
      command: `${bin} --listen 127.0.0.1:${servers.crossOrigin.appPort} --api-listen 127.0.0.1:${servers.crossOrigin.apiPort} --quiet --app-dir ${dist} --app-api-base ${servers.crossOrigin.api}`,
      url: `${servers.crossOrigin.api}/__sandbox/outbox`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      timeout: 20_000,
    },
    {
      // The same dist/ served under a sub-path, API on the same origin.
      command: `${bin} --listen 127.0.0.1:${servers.subPath.appPort} --quiet --app-dir ${dist} --app-base ${servers.subPath.base}/ --app-api-base ${servers.subPath.app}`,
      url: `${servers.subPath.app}/__sandbox/outbox`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      timeout: 20_000,
    },
  ],
});
