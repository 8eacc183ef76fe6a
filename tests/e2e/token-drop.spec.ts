// The account-management token is dropped on `pagehide`, proven by the requests a kept token would
// make: after the code was exchanged and the password update failed for a passing reason, the page keeps
// the token so "Try again" repeats only the update. Once the page was hidden (the shopper left; the
// back-forward cache may bring the page back), "Try again" must not send the password with that token:
// it starts over from the link, whose code is spent, and offers a new link. The first test is the control:
// without `pagehide`, the same "Try again" does use the kept token, so the observation can fail.
import { test, expect, type Page } from '@playwright/test';
import { servers } from './support/servers';
import { Sandbox } from './support/sandbox';
import { EpApi } from './support/ep-api';

const site = servers.crossOrigin;
const sandbox = new Sandbox(site.api);
const api = new EpApi(site.api);
const ADA = 'ada@example.com';
const NEW_PASSWORD = 'a brand new passphrase for ada';

/** The page's own requests to `route` (the test's logins carry no Origin). */
async function pageRequests(route: string): Promise<number> {
  return (await sandbox.requests()).filter((r) => r.route === route && r.method !== 'OPTIONS' && r.headers.origin === site.app)
    .length;
}

/** Opens the link and submits; the update fails once (503), after the code was exchanged. */
async function exchangedThenFailed(page: Page): Promise<void> {
  await sandbox.reset();
  await api.requestCode(ADA);
  const [email] = await sandbox.outbox();
  await sandbox.fault({ route: 'uappi_update', status: 503, times: 1 });
  await page.goto(email.link);
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('#epr-form-notice')).toContainText('Your link was accepted');
  expect(await pageRequests('account_member_tokens')).toBe(1);
  expect(await pageRequests('uappi_update')).toBe(1);
}

const tryAgain = (page: Page) => page.getByRole('button', { name: 'Try again', exact: true });

test('control: while the page is shown, "Try again" uses the kept token and sends only the update', async ({ page }) => {
  await exchangedThenFailed(page);
  await tryAgain(page).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your password has been changed');
  expect(await pageRequests('account_member_tokens')).toBe(1);
  expect(await pageRequests('uappi_update')).toBe(2);
});

test('after pagehide the token is gone: "Try again" sends no update with it and offers a new link', async ({ page }) => {
  await exchangedThenFailed(page);
  await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })));
  await tryAgain(page).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link has expired or was already used');
  expect(await pageRequests('uappi_update'), 'no password sent with the dropped token').toBe(1);
  expect(await pageRequests('account_member_tokens'), 'the spent code, tried again').toBe(2);
  expect(await api.passwordLogin(ADA, NEW_PASSWORD)).not.toBe(201);
});
