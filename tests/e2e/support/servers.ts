// Where the e2e sandboxes listen. Fixed loopback ports, away from the demo's 8080.
const crossOriginAppPort = 4510;
const crossOriginApiPort = 4511;
const subPathPort = 4520;
const hiddenRetryAfterAppPort = 4530;
const hiddenRetryAfterApiPort = 4531;

export const servers = {
  crossOrigin: {
    appPort: crossOriginAppPort,
    apiPort: crossOriginApiPort,
    app: `http://127.0.0.1:${crossOriginAppPort}`,
    api: `http://127.0.0.1:${crossOriginApiPort}`,
  },
  // Cross-origin, but the API does not expose Retry-After to the page (as a real store may not).
  hiddenRetryAfter: {
    appPort: hiddenRetryAfterAppPort,
    apiPort: hiddenRetryAfterApiPort,
    app: `http://127.0.0.1:${hiddenRetryAfterAppPort}`,
    api: `http://127.0.0.1:${hiddenRetryAfterApiPort}`,
  },
  subPath: {
    appPort: subPathPort,
    base: '/account/reset',
    app: `http://127.0.0.1:${subPathPort}`,
  },
};
