// Where the e2e sandboxes listen: loopback ports away from the demo's 8080. E2E_PORT_OFFSET moves them
// all, so two checkouts can run their suites at the same time.
const offset = Number.parseInt(process.env.E2E_PORT_OFFSET ?? '0', 10) || 0;
const crossOriginAppPort = 4510 + offset;
const crossOriginApiPort = 4511 + offset;
const subPathPort = 4520 + offset;
// The real e-mail chain: a sandbox whose webhook integration calls `ep-reset mailer`, which sends
// through MailDev (SMTP, with a REST API for reading the inbox).
const mailerAppPort = 4550 + offset;
const mailerApiPort = 4551 + offset;
const mailerPort = 4552 + offset;
const inboxSmtpPort = 4553 + offset;
const inboxWebPort = 4554 + offset;
const mailerOpsPort = 4555 + offset;
// Embedding: a storefront page on one origin, the element's files on a second (a sandbox serving dist/
// as a CDN), the API on a third.
const storefrontPort = 4560 + offset;
const embedCdnPort = 4561 + offset;
const embedApiPort = 4562 + offset;
// The breach check: a cross-origin pair whose page has breach-check pointing at its own API's range API,
// and a single-origin sandbox whose page points at that same range API, which its CSP does not allow.
const breachAppPort = 4570 + offset;
const breachApiPort = 4571 + offset;
const breachBlockedPort = 4572 + offset;
// The example storefronts (examples/), each running its production build, all against one sandbox whose
// API is on its own origin. `cargo xtask test` builds Next.js and Vite with this API origin (see
// xtask/src/examples.rs, which derives it from the same offset).
const examplesSandboxPort = 4600 + offset;
const examplesApiPort = 4601 + offset;
const nextPort = 4602 + offset;
const nuxtPort = 4603 + offset;
const vitePort = 4604 + offset;

export const servers = {
  breach: {
    appPort: breachAppPort,
    apiPort: breachApiPort,
    app: `http://127.0.0.1:${breachAppPort}`,
    api: `http://127.0.0.1:${breachApiPort}`,
    range: `http://127.0.0.1:${breachApiPort}/range/`,
  },
  breachBlocked: {
    port: breachBlockedPort,
    app: `http://127.0.0.1:${breachBlockedPort}`,
  },
  embed: {
    storefrontPort,
    cdnPort: embedCdnPort,
    apiPort: embedApiPort,
    storefront: `http://127.0.0.1:${storefrontPort}`,
    cdn: `http://127.0.0.1:${embedCdnPort}`,
    api: `http://127.0.0.1:${embedApiPort}`,
  },
  crossOrigin: {
    appPort: crossOriginAppPort,
    apiPort: crossOriginApiPort,
    app: `http://127.0.0.1:${crossOriginAppPort}`,
    api: `http://127.0.0.1:${crossOriginApiPort}`,
  },
  subPath: {
    appPort: subPathPort,
    base: '/account/reset',
    app: `http://127.0.0.1:${subPathPort}`,
  },
  examples: {
    sandboxPort: examplesSandboxPort,
    apiPort: examplesApiPort,
    api: `http://127.0.0.1:${examplesApiPort}`,
    nextPort,
    nuxtPort,
    vitePort,
    next: `http://127.0.0.1:${nextPort}`,
    nuxt: `http://127.0.0.1:${nuxtPort}`,
    vite: `http://127.0.0.1:${vitePort}`,
  },
  mailer: {
    appPort: mailerAppPort,
    apiPort: mailerApiPort,
    app: `http://127.0.0.1:${mailerAppPort}`,
    api: `http://127.0.0.1:${mailerApiPort}`,
    mailerPort,
    hook: `http://127.0.0.1:${mailerPort}/one-time-password-token-notification`,
    mailerOpsPort,
    health: `http://127.0.0.1:${mailerOpsPort}/healthz`,
    metrics: `http://127.0.0.1:${mailerOpsPort}/metrics`,
    ready: `http://127.0.0.1:${mailerOpsPort}/readyz`,
    inboxSmtpPort,
    inboxWebPort,
    inbox: `http://127.0.0.1:${inboxWebPort}`,
    // A test value shared by the sandbox's integration and the mailer; never a real secret.
    webhookSecret: 'e2e-webhook-secret-5d1c-8a0f3e7b9c2d4f61',
  },
};
