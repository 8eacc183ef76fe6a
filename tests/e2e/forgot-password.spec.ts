// The forgot-password journey against the sandbox, cross-origin (app and API on different ports), release build.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { servers } from './support/servers';
import { Sandbox } from './support/sandbox';
import { watchHealth } from './support/page-health';
import { pauseClock, stepClockUntil, stepClockUntilEnabled } from './support/fake-clock';

const site = servers.crossOrigin;
const sandbox = new Sandbox(site.api);

async function open(page: Page, app: string = site.app, query = ''): Promise<void> {
  await page.goto(`${app}/forgot_password${query}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Forgot your password?');
}

async function ask(page: Page, username: string): Promise<void> {
  await page.getByLabel('E-mail address').fill(username);
  await page.getByRole('button', { name: 'Send reset link' }).click();
}

/** The form's error (the username field's own error element is always present, hidden when unused). */
const formError = (page: Page) => page.locator('p.epr-error:visible');

const confirmation = (page: Page) => page.getByRole('heading', { level: 2, name: 'Check your e-mail' });

test.beforeEach(async () => {
  await sandbox.reset();
});

test('a known user gets an e-mail whose link opens the change-password page', async ({ page }) => {
  const health = watchHealth(page);
  await open(page);
  await ask(page, '  Ada@Example.com ');
  await expect(confirmation(page)).toBeVisible();
  await expect(confirmation(page)).toBeFocused();
  const outbox = await sandbox.outbox();
  expect(outbox.map((e) => e.to)).toEqual(['ada@example.com']);
  expect(outbox[0].link.startsWith(`${site.app}/change_password?`)).toBe(true);
  await page.goto(outbox[0].link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
  expect(health.problems).toEqual([]);
});

test('an unknown user sees exactly the same page, and no e-mail is sent', async ({ page }) => {
  await open(page);
  await ask(page, 'ada@example.com');
  await expect(confirmation(page)).toBeVisible();
  // The countdown ticks with time, not with the account: compare everything else.
  const withoutCountdown = (html: string) => html.replace(/Send again in \d+ s/, 'Send again in N s');
  const known = withoutCountdown(await page.locator('main').innerHTML());
  await sandbox.reset();

  await open(page);
  await ask(page, 'nobody@example.com');
  await expect(confirmation(page)).toBeVisible();
  const unknown = withoutCountdown(await page.locator('main').innerHTML());
  expect(unknown).toBe(known);
  expect(await sandbox.outbox()).toEqual([]);
  expect(await sandbox.count('otp_request')).toBe(1);
});

test('a double-click sends exactly one request', async ({ page }) => {
  await open(page);
  await page.getByLabel('E-mail address').fill('ada@example.com');
  await page.getByRole('button', { name: 'Send reset link' }).dblclick();
  await expect(confirmation(page)).toBeVisible();
  expect(await sandbox.count('otp_request')).toBe(1);
  expect((await sandbox.outbox()).length).toBe(1);
});

test('"Send again" waits out the cooldown, with a visible countdown', async ({ page }) => {
  await open(page);
  await ask(page, 'ada@example.com');
  const again = page.getByRole('button', { name: /^Send again in \d+ s$/ });
  await expect(again).toBeDisabled();
  await again.click({ force: true });
  expect(await sandbox.count('otp_request')).toBe(1);
  await expect(page.getByRole('status')).toContainText('You can ask for another link in 60 seconds.');
});

test('an invalid address sends nothing and says what to fix', async ({ page }) => {
  await open(page);
  await ask(page, 'not an address');
  const field = page.getByLabel('E-mail address');
  await expect(page.getByText('Enter an e-mail address, like name@example.com.')).toBeVisible();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toBeFocused();
  await expect(field).toHaveValue('not an address');
  expect(await sandbox.count('otp_request')).toBe(0);
});

test('the username from the address is prefilled and removed from the address bar', async ({ page }) => {
  await open(page, site.app, '?username=ada%40example.com&utm_source=mail');
  await expect(page.getByLabel('E-mail address')).toHaveValue('ada@example.com');
  expect(page.url()).toBe(`${site.app}/forgot_password?utm_source=mail`);
});

test('a dropped connection while online waits like a rate limit, keeps the input, and then sends', async ({ page }) => {
  // A 429 or 5xx without CORS headers looks exactly like this to the page, so it backs off before retrying.
  // Until cleared: Chromium itself retries a request once when a kept-alive connection drops.
  await sandbox.fault({ route: 'otp_request', drop: true, times: 0 });
  await page.clock.install();
  await open(page);
  await page.getByLabel('E-mail address').fill('ada@example.com');
  await pauseClock(page);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  const wait = page.getByRole('button', { name: /^Try again in \d+ s$/ });
  await stepClockUntil(page, async () => (await wait.count()) === 1, 100, 10_000);
  await expect(wait).toBeDisabled();
  await expect(page.getByText(/^Too many requests right now\. Please wait \d+ seconds?, then try again\.$/)).toBeVisible();
  await expect(page.getByLabel('E-mail address')).toHaveValue('ada@example.com');
  await sandbox.clearFaults();
  const send = page.getByRole('button', { name: 'Send reset link' });
  await stepClockUntilEnabled(page, send, 250, 10_000);
  await page.clock.resume();
  await send.click();
  await expect(confirmation(page)).toBeVisible();
  expect((await sandbox.outbox()).length).toBe(1);
});

test('offline, the page says to check the connection, keeps the input, and retrying works', async ({ page, context }) => {
  await open(page);
  await page.getByLabel('E-mail address').fill('ada@example.com');
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(formError(page)).toHaveText("We couldn't reach the store. Check your connection, then try again.");
  await expect(page.getByLabel('E-mail address')).toHaveValue('ada@example.com');
  await expect(formError(page)).toBeFocused();
  expect(await sandbox.count('otp_request')).toBe(0);
  await context.setOffline(false);
  // Chromium reports onLine before its network stack takes requests again: wait until one gets through.
  await expect
    .poll(() => page.evaluate(() => fetch(location.href, { cache: 'no-store' }).then(() => true, () => false)))
    .toBe(true);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(confirmation(page)).toBeVisible();
  expect((await sandbox.outbox()).length).toBe(1);
});

test('a store error is reported and the request can be retried', async ({ page }) => {
  await sandbox.fault({ route: 'otp_request', status: 503, times: 1 });
  await open(page);
  await ask(page, 'ada@example.com');
  await expect(formError(page)).toHaveText(
    "The store couldn't handle the request just now. Please try again in a moment.",
  );
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(confirmation(page)).toBeVisible();
});

/** Counts the page's own OTP requests (POST, preflights excluded), as the browser sends them. */
function countOtpRequests(page: Page): { sent: number } {
  const counter = { sent: 0 };
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes('one-time-password-token-request')) counter.sent += 1;
  });
  return counter;
}

for (const variant of [
  // Elastic Path documents no exposed Retry-After; a store (or a proxy in front of it) may expose one.
  { name: 'with a readable Retry-After', switches: { expose_retry_after: true } },
  { name: 'with Retry-After hidden from the page (backoff)', switches: { expose_retry_after: false } },
  { name: 'without Retry-After (backoff)', switches: { retry_after: false, expose_retry_after: true } },
]) {
  test(`429 ${variant.name}: the wait is shown and nothing is sent during it`, async ({ page }) => {
    await sandbox.setSwitches(variant.switches);
    await sandbox.fault({ route: 'otp_request', status: 429, times: 1 });
    // The app reads time only through Date.now, setTimeout and setInterval: all on this clock. It flows
    // with real time until paused; the network stays real.
    await page.clock.install();
    const otp = countOtpRequests(page);
    await open(page);
    await page.getByLabel('E-mail address').fill('ada@example.com');

    // From here on, time moves only when the test says so: the 429 wait cannot run out by itself.
    await pauseClock(page);
    const answered = page.waitForResponse((r) => r.url().includes('one-time-password-token-request') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    expect((await answered).status()).toBe(429);
    // The answer is held back for the 1.5 s minimum delay; step through it until the wait is shown. The
    // wait is at least 1 s of fake time from then on, far more than the 100 ms steps.
    const message = page.getByText(/^Too many requests right now\. Please wait \d+ seconds?, then try again\.$/);
    await stepClockUntil(page, () => message.isVisible(), 100, 10_000);
    const wait = page.getByRole('button', { name: /^Try again in \d+ s$/ });
    await expect(wait).toBeDisabled();
    await expect(message).toBeVisible();

    // Still inside the wait (the clock is stopped): neither the button nor Enter sends anything.
    await wait.click({ force: true });
    await page.getByLabel('E-mail address').press('Enter');
    await page.waitForTimeout(500); // real time, for a request that would be on its way
    await expect(message).toBeVisible();
    expect(otp.sent).toBe(1);
    expect(await sandbox.count('otp_request')).toBe(1);

    // Once the wait is over, the same form sends again.
    const send = page.getByRole('button', { name: 'Send reset link' });
    // (The sandbox's Retry-After is 2 s; a first backoff is 1 to 2 s.)
    await stepClockUntilEnabled(page, send, 250, 5_000);
    await expect(message).toBeHidden();
    await page.clock.resume();
    await send.click();
    await expect(confirmation(page)).toBeVisible();
    expect(otp.sent).toBe(2);
    await expect.poll(() => sandbox.count('otp_request')).toBe(2);
    expect((await sandbox.outbox()).length).toBe(1);
  });
}

test('"Back to sign in" leaves the app with a full page load of the sign-in URL', async ({ page }) => {
  await open(page);
  const link = page.getByRole('link', { name: 'Back to sign in' });
  await expect(link).toHaveAttribute('href', '/login');
  // A router-handled click would only change the address: no document request would be made.
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.url().endsWith('/login') && r.resourceType() === 'document', { timeout: 5_000 }),
    link.click(),
  ]);
  expect(request.url()).toBe(`${site.app}/login`);
  expect(request.isNavigationRequest()).toBe(true);
  await page.waitForURL(`${site.app}/login`);
});

test('when the store refuses discovery, the page names the attributes to set instead of a form', async ({ page }) => {
  // The served index.html has no realm-id or password-profile-id: the page must discover them.
  await sandbox.fault({ route: 'settings', status: 403, times: 0 });
  try {
    const health = watchHealth(page);
    await page.goto(`${site.app}/forgot_password`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Password reset is unavailable');
    await expect(page.getByRole('listitem').filter({ hasText: 'realm-id' })).toHaveCount(1);
    await expect(page.locator('form')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Send reset link' })).toHaveCount(0);
    await expect(page.getByLabel('E-mail address')).toHaveCount(0);
    expect((await sandbox.requests()).some((r) => r.route === 'settings' && r.status === 403)).toBe(true);
    expect(await sandbox.count('otp_request')).toBe(0);
    // The browser itself reports the refused request; nothing else may go wrong.
    expect(health.problems.filter((p) => !p.includes('status of 403'))).toEqual([]);
  } finally {
    await sandbox.clearFaults();
  }
});

test('the confirmation view has no accessibility violations', async ({ page }) => {
  await open(page);
  await ask(page, 'ada@example.com');
  await expect(confirmation(page)).toBeVisible();
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => v.id)).toEqual([]);
});

test('keyboard only: type, Enter, and the confirmation takes focus', async ({ page }) => {
  await open(page);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('E-mail address')).toBeFocused();
  await page.keyboard.type('ada@example.com');
  await page.keyboard.press('Enter');
  await expect(confirmation(page)).toBeFocused();
});
