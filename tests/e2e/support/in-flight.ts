// Which of the page's requests are still on their way, so a test can let the page finish what it started
// before changing the sandbox under it.
import { expect, type Page, type Request } from '@playwright/test';

export type InFlight = {
  /** Waits until every request the page started has ended, except those `held` says the sandbox is holding. */
  ended(held?: (url: string) => boolean): Promise<void>;
};

export function trackInFlight(page: Page): InFlight {
  const open = new Set<Request>();
  page.on('request', (request) => open.add(request));
  page.on('requestfinished', (request) => open.delete(request));
  page.on('requestfailed', (request) => open.delete(request));
  return {
    async ended(held = () => false) {
      await expect
        .poll(() => [...open].filter((request) => !held(request.url())).map((request) => request.url()), {
          message: 'requests still on their way',
          timeout: 10_000,
        })
        .toEqual([]);
    },
  };
}
