// Where the e2e sandboxes listen. Fixed loopback ports, away from the demo's 8080.
const crossOriginAppPort = 4510;
const crossOriginApiPort = 4511;
const subPathPort = 4520;

export const servers = {
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
};
