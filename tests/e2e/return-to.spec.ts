// After a successful reset the page returns the shopper to the store's `return-to`, but only a
// same-origin path, only after a visible countdown, and never if they chose to stay.
import { test, expect, type Page } from '@playwright/test';
import { servers } from './support/servers';
import { Sandbox } from './support/sandbox';
import { EpApi } from './support/ep-api';

const site = servers.crossOrigin;
const sandbox = new Sandbox(site.api);
const api = new EpApi(site.api);
const NEW_PASSWORD = 'a brand new passphrase for ada';

/**
 * Gives the mount element `return-to="<value>"`, as a store would write it in its page. An init
 * script sets it while the page is parsed, before the app's (deferred, module) script runs; the document
 * itself still comes from the sandbox (a document fulfilled by Playwright would count as coming from
 * outside loopback, and Chromium would then block its calls to the API).
 */
async function withReturnTo(page: Page, value: string): Promise<void> {
  await page.addInitScript((returnTo) => {
    const observer = new MutationObserver(() => {
      const mount = document.querySelector('ep-password-reset');
      if (mount) {
        mount.setAttribute('return-to', returnTo);
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true });
  }, value);
}

/** Requests a code, opens the e-mailed link and sets a new password. */
async function resetPassword(page: Page): Promise<void> {
  await api.requestCode('ada@example.com');
  const email = (await sandbox.outbox()).at(-1);
  expect(email).toBeDefined();
  await page.goto(email!.link);
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your password has been changed' })).toBeVisible();
}

/** Lets 15 s pass on the page's clock and checks that it did not navigate anywhere. */
async function expectNoNavigationWithin15s(page: Page): Promise<void> {
  let navigated = false;
  page.on('request', (r) => {
    if (r.resourceType() === 'document') navigated = true;
  });
  await page.clock.runFor(15_000);
  // A navigation started by the last timer would show up within a moment of real time.
  await page.waitForTimeout(300);
  expect(navigated).toBe(false);
}

test.beforeEach(async ({ page }) => {
  await sandbox.reset();
  await page.clock.install();
});

test('a same-origin return path: a visible countdown, then the store page', async ({ page }) => {
  await withReturnTo(page, '/account?tab=orders');
  await resetPassword(page);
  await expect(page.getByText(/^Taking you back to the store in \d+ seconds?\.$/)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Continue to the store' })).toHaveAttribute('href', '/account?tab=orders');
  // The store's own page, not the sandbox's fallback to the app: the test ends on a page that has loaded
  // nothing of ours (a whole app starting under the fake clock once kept the context from closing).
  await page.route(`${site.app}/account?tab=orders`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!DOCTYPE html><title>Orders</title><h1>Your orders</h1>' }),
  );
  const navigation = page.waitForRequest(
    (r) => r.url() === `${site.app}/account?tab=orders` && r.resourceType() === 'document',
  );
  await page.clock.runFor(11_000);
  await navigation;
  await expect(page.getByRole('heading', { name: 'Your orders' })).toBeVisible();
});

test('"Stay on this page" cancels the return', async ({ page }) => {
  await withReturnTo(page, '/account');
  await resetPassword(page);
  await page.getByRole('button', { name: 'Stay on this page' }).click();
  await expectNoNavigationWithin15s(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Your password has been changed' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Continue to the store' })).toBeVisible();
});

for (const hostile of ['https://evil.example/phish', '//evil.example', '/\\evil.example', 'javascript:alert(1)']) {
  test(`a return address that leaves the site is ignored: ${hostile}`, async ({ page }) => {
    await withReturnTo(page, hostile);
    await resetPassword(page);
    await expectNoNavigationWithin15s(page);
    await expect(page.getByText(/Taking you back to the store/)).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Continue to the store' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  });
}
