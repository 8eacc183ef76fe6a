// The example storefronts (examples/next, examples/nuxt, examples/vite): each one's production build, with
// the npm package installed from its lockfile, driven in Debian's Chromium against one EP sandbox whose
// API is on its own origin. Run through `cargo xtask test`, which packs the package, installs and builds
// the examples, and sets EP_SANDBOX_BIN.
import { defineConfig } from '@playwright/test';
import config from './playwright.config';
import { servers } from './support/servers';

const bin = process.env.EP_SANDBOX_BIN ?? '../../target/debug/ep-sandbox';
const jsonReport = process.env.E2E_JSON_REPORT ?? '../../target/e2e-examples-report.json';
const { examples } = servers;
const examplesDir = '../../examples';

/** A server started by `command`, ready when `url` answers. */
const server = (command: string, url: string, env: Record<string, string> = {}) => ({
  command,
  url,
  env,
  reuseExistingServer: false,
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
  timeout: 30_000,
});

export default defineConfig({
  ...config,
  testDir: './examples',
  testIgnore: undefined,
  reporter: [['list'], ['json', { outputFile: jsonReport }]],
  outputDir: '../../target/e2e-examples-results',
  webServer: [
    // The hostile-link corpus opens a page every few hundred milliseconds: the rate limit is raised.
    server(
      `${bin} --listen 127.0.0.1:${examples.sandboxPort} --api-listen 127.0.0.1:${examples.apiPort} --quiet --rate-limit 1000`,
      `${examples.api}/__sandbox/outbox.html`,
    ),
    server(`cd ${examplesDir}/next && node_modules/.bin/next start --hostname 127.0.0.1 --port ${examples.nextPort}`, examples.next),
    server(`node ${examplesDir}/nuxt/.output/server/index.mjs`, examples.nuxt, {
      HOST: '127.0.0.1',
      PORT: String(examples.nuxtPort),
      NUXT_PUBLIC_EP_API_BASE: examples.api,
      NUXT_PUBLIC_EP_CLIENT_ID: 'demo-client-id',
    }),
    server(`cd ${examplesDir}/vite && node_modules/.bin/vite preview --host 127.0.0.1 --port ${examples.vitePort} --strictPort`, examples.vite),
  ],
});
