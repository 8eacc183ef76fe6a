// The app against a sandbox set to behave as a real store might, one switch at a time (sandbox/README.md,
// "Switches"): the OTP request's `type` spelling, CORS stripped from error answers, settings refused to
// the implicit token, duplicate credentials and a password profile's own minimum length. Cross-origin,
// release build. Every switch is set through the control API and undone by the reset before each test.
import { test, expect, type Page } from '@playwright/test';
import { servers } from './support/servers';
import { Sandbox } from './support/sandbox';
import { EpApi } from './support/ep-api';
import { watchHealth } from './support/page-health';
import { pauseClock, stepClockUntil, stepClockUntilEnabled } from './support/fake-clock';

const site = servers.crossOrigin;
const sandbox = new Sandbox(site.api);
const api = new EpApi(site.api);

const ADA = 'ada@example.com';
const NEW_PASSWORD = 'a brand new passphrase for ada';

test.beforeEach(async () => {
  await sandbox.reset();
});

const confirmation = (page: Page) => page.getByRole('heading', { level: 2, name: 'Check your e-mail' });

async function askForLink(page: Page, username: string): Promise<void> {
  await page.goto(`${site.app}/forgot_password`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Forgot your password?');
  await page.getByLabel('E-mail address').fill(username);
  await page.getByRole('button', { name: 'Send reset link' }).click();
}

/** The statuses the sandbox answered to the page's OTP requests, in order. */
async function otpStatuses(): Promise<number[]> {
  return (await sandbox.requests())
    .filter((r) => r.route === 'otp_request' && r.method === 'POST')
    .map((r) => r.status);
}

for (const spelling of ['hyphen', 'underscore'] as const) {
  test(`a store that accepts only the ${spelling} spelling of the OTP request still e-mails the link`, async ({ page }) => {
    await sandbox.setSwitches({ otp_request_type: spelling });
    const consoleText: string[] = [];
    page.on('console', (message) => consoleText.push(message.text()));
    await askForLink(page, ADA);
    await expect(confirmation(page)).toBeVisible();
    expect((await sandbox.outbox()).map((e) => e.to)).toEqual([ADA]);
    // The app starts with the documented underscores; a hyphen-only store refuses those once.
    expect(await otpStatuses()).toEqual(spelling === 'hyphen' ? [422, 202] : [202]);
    const hint = consoleText.filter((t) => t.includes('for the store owner') && t.includes('accepted "one-time-password-token-request"'));
    expect(hint.length).toBe(spelling === 'hyphen' ? 1 : 0);
  });
}

test('with a hyphen-only store, an unknown username sees the same confirmation and gets no e-mail', async ({ page }) => {
  await sandbox.setSwitches({ otp_request_type: 'hyphen' });
  await askForLink(page, 'nobody@example.com');
  await expect(confirmation(page)).toBeVisible();
  expect(await otpStatuses()).toEqual([422, 202]);
  expect(await sandbox.outbox()).toEqual([]);
});

test('a 429 without CORS headers reaches the page as a network error and shows the wait, not a broken page', async ({ page }) => {
  await sandbox.setSwitches({ strip_error_cors: true });
  await sandbox.fault({ route: 'otp_request', status: 429, times: 1 });
  const health = watchHealth(page);
  await page.clock.install();
  await page.goto(`${site.app}/forgot_password`);
  await page.getByLabel('E-mail address').fill(ADA);
  await pauseClock(page);
  // The browser withholds the blocked answer from the page (and from Playwright's response events).
  const failed = page.waitForEvent('requestfailed', (r) => r.url().includes('one-time-password-token-request'));
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await failed;
  expect(await otpStatuses()).toEqual([429]);
  const wait = page.getByRole('button', { name: /^Try again in \d+ s$/ });
  await stepClockUntil(page, async () => (await wait.count()) === 1, 100, 10_000);
  await expect(wait).toBeDisabled();
  await expect(page.getByText(/Please wait \d+ seconds?, then try again\./)).toBeVisible();
  await expect(page.getByLabel('E-mail address')).toHaveValue(ADA);

  const send = page.getByRole('button', { name: 'Send reset link' });
  await stepClockUntilEnabled(page, send, 250, 10_000);
  await page.clock.resume();
  await send.click();
  await expect(confirmation(page)).toBeVisible();
  expect((await sandbox.outbox()).length).toBe(1);
  // Only the browser's own report of the blocked answer; no page error, no panic.
  expect(health.problems.filter((p) => !p.includes('CORS') && !p.includes('Failed to load resource'))).toEqual([]);
});

test('a hyphen-only store whose refusal lacks CORS headers is reached with the other spelling after the wait', async ({ page }) => {
  await sandbox.setSwitches({ otp_request_type: 'hyphen', strip_error_cors: true });
  await page.clock.install();
  await page.goto(`${site.app}/forgot_password`);
  await page.getByLabel('E-mail address').fill(ADA);
  await pauseClock(page);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  const wait = page.getByRole('button', { name: /^Try again in \d+ s$/ });
  await stepClockUntil(page, async () => (await wait.count()) === 1, 100, 10_000);
  expect(await otpStatuses()).toEqual([422]);
  const send = page.getByRole('button', { name: 'Send reset link' });
  await stepClockUntilEnabled(page, send, 250, 10_000);
  await page.clock.resume();
  await send.click();
  await expect(confirmation(page)).toBeVisible();
  expect(await otpStatuses()).toEqual([422, 202]);
  expect((await sandbox.outbox()).map((e) => e.to)).toEqual([ADA]);
});

test('settings refused to the implicit token and no pinned ids: the page names the attributes to set', async ({ page }) => {
  await sandbox.setSwitches({ implicit_settings: 'refuse' });
  await page.goto(`${site.app}/forgot_password`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Password reset is unavailable');
  await expect(page.getByRole('listitem').filter({ hasText: 'realm-id' })).toHaveCount(1);
  await expect(page.getByText(/password-profile-id/)).toHaveCount(1);
  await expect(page.getByLabel('E-mail address')).toHaveCount(0);
  const settings = (await sandbox.requests()).filter((r) => r.route === 'settings');
  expect(settings.map((r) => r.status)).toEqual([403]);
  expect(await sandbox.count('otp_request')).toBe(0);
});

test('with duplicate credentials in the profile, the one whose username is in the link changes', async ({ page }) => {
  await sandbox.setSwitches({ duplicate_credentials: true });
  await api.requestCode(ADA);
  const [email] = await sandbox.outbox();
  await sandbox.clearRequests();
  // Only username and token: the app must pick the credential from the list itself.
  const link = `${site.app}/change_password?username=${encodeURIComponent(ADA)}&token=${email.otp}`;
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your password has been changed' })).toBeVisible();
  const routes = (await sandbox.requests()).filter((r) => r.method !== 'OPTIONS').map((r) => r.route);
  expect(routes.filter((r) => r === 'uappi_list')).toHaveLength(1);
  expect(await api.passwordLogin(ADA, NEW_PASSWORD)).toBe(201);
  expect(await api.passwordLogin(`old.${ADA}`, NEW_PASSWORD)).toBe(401);
});

test("a password profile's own min_length raises the page's minimum", async ({ page }) => {
  await api.setProfileMinLength(20);
  await api.requestCode(ADA);
  const [email] = await sandbox.outbox();
  await page.goto(email.link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
  await expect(page.locator('#epr-requirements li', { hasText: 'has at least 20 characters' })).toHaveCount(1);
  await sandbox.clearRequests();
  await page.getByLabel('New password', { exact: true }).fill('sixteen chars ok');
  await page.getByLabel('Confirm new password').fill('sixteen chars ok');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText(/Use at least 20 characters; this one has 16\./)).toBeVisible();
  expect(await sandbox.count('account_member_tokens')).toBe(0);
});

test('a 422 on the update that is not about the password offers "Try again", which succeeds', async ({ page }) => {
  await api.requestCode(ADA);
  const [email] = await sandbox.outbox();
  await sandbox.fault({ route: 'uappi_update', status: 422, times: 1 });
  await page.goto(email.link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await sandbox.clearRequests();
  await page.getByRole('button', { name: 'Change password' }).click();
  const notice = page.locator('#epr-form-notice');
  await expect(notice).toBeVisible();
  await expect(notice).not.toContainText('another password');
  await expect(page.getByLabel('New password', { exact: true })).toHaveValue(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your password has been changed' })).toBeVisible();
  const routes = (await sandbox.requests()).filter((r) => r.method !== 'OPTIONS').map((r) => r.route);
  expect(routes.filter((r) => r === 'account_member_tokens')).toHaveLength(1);
  expect(routes.filter((r) => r === 'uappi_update')).toHaveLength(2);
  expect(await api.passwordLogin(ADA, NEW_PASSWORD)).toBe(201);
});
