// The change-password journey against the sandbox, cross-origin (app and API on different ports), release
// build: from the e-mailed link to a password that the `password` login accepts.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { servers } from './support/servers';
import { Sandbox, type Email } from './support/sandbox';
import { EpApi } from './support/ep-api';
import { watchHealth } from './support/page-health';

const site = servers.crossOrigin;
const sandbox = new Sandbox(site.api);
const api = new EpApi(site.api);

const ADA = 'ada@example.com';
const ADA_OLD_PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new passphrase for ada';

test.beforeEach(async () => {
  await sandbox.reset();
});

/** Asks for a code without the UI and returns the e-mail; the request log is cleared afterwards. */
async function emailFor(username: string): Promise<Email> {
  await api.requestCode(username);
  const outbox = await sandbox.outbox();
  const email = outbox[outbox.length - 1];
  expect(email.username).toBe(username);
  await clearRequests();
  return email;
}

async function clearRequests(): Promise<void> {
  await sandbox.clearRequests();
}

/** The non-preflight routes the sandbox saw, in order. */
async function routes(): Promise<string[]> {
  return (await sandbox.requests()).filter((r) => r.method !== 'OPTIONS').map((r) => r.route);
}

/** Opens `link` and waits until the page is ready and its start-up requests (token, discovery) are done. */
async function open(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
  await expect.poll(routes).toContain('password_profiles');
}

async function choose(page: Page, password: string, confirmation = password): Promise<void> {
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Confirm new password').fill(confirmation);
}

const submit = (page: Page) => page.getByRole('button', { name: 'Change password' });
/** The page's heading, which each state change replaces and focuses. */
const h1 = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });
const done = (page: Page) => h1(page, 'Your password has been changed');

/** Everything the page keeps in Web Storage and cookies, as one string. */
async function storedByThePage(page: Page): Promise<string> {
  return page.evaluate(() => {
    const dump = (storage: Storage) =>
      Array.from({ length: storage.length }, (_, i) => storage.key(i) ?? '')
        .map((key) => `${key}=${storage.getItem(key) ?? ''}`)
        .join('\n');
    return `${dump(localStorage)}\n${dump(sessionStorage)}\n${document.cookie}`;
  });
}

test('forgot request, e-mailed link, new password: the new password signs in and the old one does not', async ({ page }) => {
  const health = watchHealth(page);
  const consoleText: string[] = [];
  page.on('console', (message) => consoleText.push(message.text()));

  await page.goto(`${site.app}/forgot_password`);
  await page.getByLabel('E-mail address').fill(ADA);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your e-mail' })).toBeVisible();
  const [email] = await sandbox.outbox();
  expect(email.link).toContain('user_authentication_password_profile_info_id=');
  await clearRequests();

  await open(page, email.link);
  await expect(page.getByText(`You're changing the password for ${ADA}.`)).toBeVisible();
  await choose(page, NEW_PASSWORD);
  await submit(page).click();
  await expect(done(page)).toBeVisible();
  await expect(done(page)).toBeFocused();
  await expect(page.locator('form')).toHaveCount(0);
  const signIn = page.getByRole('link', { name: 'Sign in' });
  await expect(signIn).toHaveAttribute('href', '/login');

  const log = await routes();
  expect(log.filter((r) => r === 'account_member_tokens')).toHaveLength(1);
  expect(log.filter((r) => r === 'uappi_update')).toHaveLength(1);
  expect(log).not.toContain('uappi_list');
  expect(await api.passwordLogin(ADA, NEW_PASSWORD)).toBe(201);
  expect(await api.passwordLogin(ADA, ADA_OLD_PASSWORD)).toBe(401);

  // Nothing secret stays behind in storage: not the code, not the new password, not a token (JWTs start
  // with "eyJ").
  const stored = await storedByThePage(page);
  for (const secret of [email.otp, NEW_PASSWORD, 'eyJ']) expect(stored).not.toContain(secret);

  // "Sign in" leaves the app: a full page load of the sign-in URL, not a route change inside the app.
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.url().endsWith('/login') && r.resourceType() === 'document', { timeout: 5_000 }),
    signIn.click(),
  ]);
  expect(request.url()).toBe(`${site.app}/login`);
  await page.waitForURL(`${site.app}/login`);

  // Nothing secret was logged during the whole journey.
  const leaked = consoleText.filter(
    (t) => t.includes(email.otp) || t.includes(NEW_PASSWORD) || t.includes('eyJ') || t.includes('token='),
  );
  expect(leaked).toEqual([]);
  expect(health.problems).toEqual([]);
});

test('a link carrying only username and token works too (ids from discovery, the token and the list)', async ({ page }) => {
  const email = await emailFor('grace@example.com');
  const link = `${site.app}/change_password?username=${encodeURIComponent(email.username)}&token=${email.otp}`;
  await open(page, link);
  await choose(page, NEW_PASSWORD);
  await submit(page).click();
  await expect(done(page)).toBeVisible();
  const log = await routes();
  expect(log.filter((r) => r === 'account_member_tokens')).toHaveLength(1);
  expect(log.filter((r) => r === 'uappi_list')).toHaveLength(1);
  expect(log.filter((r) => r === 'uappi_update')).toHaveLength(1);
  expect(await api.passwordLogin('grace@example.com', NEW_PASSWORD)).toBe(201);
  expect(await api.passwordLogin('grace@example.com', 'a computer bug in 1947')).toBe(401);
});

test('opening the link sends nothing that uses the code, and the code leaves the address at once', async ({ page }) => {
  const email = await emailFor(ADA);
  const fragmentLink = `${site.app}/change_password#${new URL(email.link).search.slice(1)}`;
  for (const link of [email.link, fragmentLink]) {
    await clearRequests();
    await open(page, link);
    const location = await page.evaluate(() => ({ search: location.search, hash: location.hash }));
    expect(location.search).not.toMatch(/token|username/);
    expect(location.hash).not.toMatch(/token|username/);
    expect(page.url()).not.toContain(email.otp);
    expect(await routes()).not.toContain('account_member_tokens');
  }
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
  expect(storage).not.toContain(email.otp);
});

test('a mismatch sends no request and says what to fix, keeping what was typed', async ({ page }) => {
  const email = await emailFor(ADA);
  await open(page, email.link);
  await clearRequests();
  await choose(page, NEW_PASSWORD, `${NEW_PASSWORD}!`);
  await submit(page).click();
  const confirmation = page.getByLabel('Confirm new password');
  await expect(confirmation).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText("The two passwords don't match.")).toBeVisible();
  await expect(confirmation).toBeFocused();
  await expect(confirmation).toHaveValue(`${NEW_PASSWORD}!`);
  await expect(page.getByLabel('New password', { exact: true })).toHaveValue(NEW_PASSWORD);
  expect(await routes()).toEqual([]);
});

test('a common password is refused before sending, from the list fetched on first focus', async ({ page }) => {
  const email = await emailFor(ADA);
  await open(page, email.link);
  await clearRequests();
  const list = page.waitForResponse((r) => r.url().endsWith('/common-passwords.txt'));
  await page.getByLabel('New password', { exact: true }).focus();
  expect((await list).status()).toBe(200);
  await choose(page, 'baseball1');
  await expect(page.locator('#epr-requirements li', { hasText: 'commonly used' })).toHaveClass('epr-unmet');
  await submit(page).click();
  await expect(page.getByText('This password is one of the most common ones')).toBeVisible();
  expect(await routes()).toEqual([]);
});

test('an expired code shows the expired view, whose button e-mails a new link', async ({ page }) => {
  const email = await emailFor(ADA);
  await sandbox.advanceClock(601);
  await open(page, email.link);
  await choose(page, NEW_PASSWORD);
  await submit(page).click();
  const heading = h1(page, 'This link has expired or was already used');
  await expect(heading).toBeVisible();
  await expect(heading).toBeFocused();
  await page.getByRole('button', { name: 'Send me a new link' }).click();
  await expect(page.locator('#epr-new-link-status')).toContainText("we've sent a new link");
  const outbox = await sandbox.outbox();
  expect(outbox).toHaveLength(2);
  expect(outbox[1].username).toBe(ADA);
  expect(outbox[1].otp).not.toBe(email.otp);
  expect((await routes()).filter((r) => r === 'account_member_tokens')).toHaveLength(1);

  // The code from the new e-mail can be typed right here, the password kept.
  await page.getByRole('button', { name: 'Enter the code from the new e-mail' }).click();
  await page.getByLabel('Code from the e-mail').fill(outbox[1].otp);
  await expect(page.getByLabel('New password', { exact: true })).toHaveValue(NEW_PASSWORD);
  await submit(page).click();
  await expect(done(page)).toBeVisible();
  expect(await api.passwordLogin(ADA, NEW_PASSWORD)).toBe(201);
});

test('a failed update is retried with "Try again" without exchanging the code again', async ({ page }) => {
  const email = await emailFor(ADA);
  await sandbox.fault({ route: 'uappi_update', status: 503, times: 1 });
  await open(page, email.link);
  await choose(page, NEW_PASSWORD);
  await submit(page).click();
  const notice = page.locator('#epr-form-notice');
  await expect(notice).toContainText("couldn't handle the request");
  await expect(notice).toContainText("Your link was accepted");
  await expect(notice).toBeFocused();
  await expect(page.getByLabel('New password', { exact: true })).toHaveValue(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(done(page)).toBeVisible();
  const log = await routes();
  expect(log.filter((r) => r === 'account_member_tokens')).toHaveLength(1);
  expect(log.filter((r) => r === 'uappi_update')).toHaveLength(2);
  expect(await api.passwordLogin(ADA, NEW_PASSWORD)).toBe(201);
});

test('a lost connection during the exchange keeps the input and the retry succeeds', async ({ page }) => {
  const email = await emailFor(ADA);
  // Until cleared: Chromium silently repeats a request whose reused connection closed without an answer.
  await sandbox.fault({ route: 'account_member_tokens', drop: true, times: 0 });
  await open(page, email.link);
  await choose(page, NEW_PASSWORD);
  await submit(page).click();
  await expect(page.locator('#epr-form-notice')).toContainText("We couldn't reach the store");
  await expect(page.getByLabel('New password', { exact: true })).toHaveValue(NEW_PASSWORD);
  await sandbox.clearFaults();
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(done(page)).toBeVisible();
});

test('a double-click exchanges the code exactly once', async ({ page }) => {
  const email = await emailFor(ADA);
  await open(page, email.link);
  await choose(page, NEW_PASSWORD);
  await submit(page).dblclick();
  await expect(done(page)).toBeVisible();
  expect((await routes()).filter((r) => r === 'account_member_tokens')).toHaveLength(1);
});

test('a member with no account gets a plain explanation and nothing is updated', async ({ page }) => {
  const email = await emailFor('no.accounts@example.com');
  await open(page, email.link);
  await choose(page, NEW_PASSWORD);
  await submit(page).click();
  await expect(page.getByRole('heading', { level: 1, name: "This account can't reset its password here" })).toBeVisible();
  expect(await routes()).not.toContain('uappi_update');
});

test('a store with self-management disabled gets a plain explanation and the password is unchanged', async ({ page }) => {
  // beforeEach's reset puts the settings back to update_only.
  await api.setSelfManagement('disabled');
  const consoleText: string[] = [];
  page.on('console', (message) => consoleText.push(message.text()));
  const email = await emailFor(ADA);
  await open(page, email.link);
  await choose(page, NEW_PASSWORD);
  await submit(page).click();
  const heading = h1(page, 'Password changes are switched off');
  await expect(heading).toBeVisible();
  await expect(heading).toBeFocused();
  await expect(
    page.getByText("This store doesn't let shoppers change their own password right now. Your password hasn't been changed."),
  ).toBeVisible();
  await expect(page.locator('form')).toHaveCount(0);
  const log = await routes();
  expect(log.filter((r) => r === 'account_member_tokens')).toHaveLength(1);
  expect((await sandbox.requests()).filter((r) => r.route === 'uappi_update').map((r) => r.status)).toEqual([403]);
  expect(await api.passwordLogin(ADA, ADA_OLD_PASSWORD)).toBe(201);
  expect(await api.passwordLogin(ADA, NEW_PASSWORD)).toBe(401);
  // The store owner's hint goes to the console, with no secret in it.
  expect(consoleText.some((t) => t.includes('account_member_self_management'))).toBe(true);
  expect(consoleText.filter((t) => t.includes(email.otp) || t.includes(NEW_PASSWORD) || t.includes('eyJ'))).toEqual([]);
});

test('the form and the success view have no accessibility violations', async ({ page }) => {
  const email = await emailFor(ADA);
  await open(page, email.link);
  const axe = () => new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect((await axe()).violations.map((v) => v.id)).toEqual([]);
  await choose(page, NEW_PASSWORD);
  await page.keyboard.press('Enter');
  await expect(done(page)).toBeVisible();
  expect((await axe()).violations.map((v) => v.id)).toEqual([]);
});

test('after a reload the code can be typed from the e-mail', async ({ page }) => {
  const email = await emailFor(ADA);
  await open(page, email.link);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
  await page.getByLabel('E-mail address').fill(ADA);
  const code = page.getByLabel('Code from the e-mail');
  await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
  await code.fill(email.otp);
  await choose(page, NEW_PASSWORD);
  await submit(page).click();
  await expect(done(page)).toBeVisible();
  expect((await routes()).filter((r) => r === 'account_member_tokens')).toHaveLength(1);
  expect(await api.passwordLogin(ADA, NEW_PASSWORD)).toBe(201);
});
