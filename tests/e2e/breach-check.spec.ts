// The opt-in breach check (the element's breach-check attribute), end to end: the release build in
// Chromium against the sandbox's Pwned Passwords compatible range API. A breached password is refused
// before the code is spent; a strong one goes through; a service that cannot be reached (down, or not in
// the page's connect-src) leaves only the built-in list, which the page says, and the reset completes;
// and only 5-hex-character prefixes of the hash ever leave the page.
import { createHash } from 'node:crypto';
import { test, expect, type Page } from '@playwright/test';
import { servers } from './support/servers';
import { Sandbox, type LoggedRequest } from './support/sandbox';
import { EpApi } from './support/ep-api';
import { watchHealth } from './support/page-health';

const site = servers.breach;
const sandbox = new Sandbox(site.api);
const api = new EpApi(site.api);
/** A page whose breach-check points at `site`'s range API, which its connect-src does not allow. */
const blocked = { app: servers.breachBlocked.app, sandbox: new Sandbox(servers.breachBlocked.app), api: new EpApi(servers.breachBlocked.app) };

const ADA = 'ada@example.com';
/** One of the sandbox's demo breached passwords: it passes every other rule of the element. */
const BREACHED = 'breached passphrase 2019';
const STRONG = 'a brand new passphrase for ada';

const ONLY_BUILT_IN = 'Only the built-in list of common passwords was checked: the data-breach check couldn\'t be reached.';

test.beforeEach(async () => {
  await sandbox.reset();
  await blocked.sandbox.reset();
});

/**
 * Opens a fresh reset link for Ada from `store`, whose page has the element's breach-check on (the
 * sandbox's --app-breach-check).
 */
async function openWithBreachCheck(page: Page, store = { sandbox, api }): Promise<void> {
  await store.api.requestCode(ADA);
  const outbox = await store.sandbox.outbox();
  await store.sandbox.clearRequests();
  await sandbox.clearRequests();
  await page.goto(outbox[outbox.length - 1].link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
  await expect(page.locator('#epr-breach')).toHaveText(/^hasn't appeared in a known data breach/);
}

async function choose(page: Page, password: string): Promise<void> {
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Confirm new password').fill(password);
  await page.getByRole('button', { name: 'Change password' }).click();
}

const done = (page: Page) => page.getByRole('heading', { level: 1, name: 'Your password has been changed' });

/** The page's exchanges of the code (the test's own logins carry no Origin). */
async function exchanges(): Promise<LoggedRequest[]> {
  return (await sandbox.requests()).filter(
    (r) => r.route === 'account_member_tokens' && r.method === 'POST' && r.headers.origin === site.app,
  );
}

/** Every range request the sandbox saw, preflights aside. */
async function rangeRequests(): Promise<LoggedRequest[]> {
  return (await sandbox.requests()).filter((r) => r.route === 'range' && r.method === 'GET');
}

function sha1(password: string): string {
  return createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();
}

test('a breached password is refused before the code is spent; a strong one then goes through', async ({ page }) => {
  const health = watchHealth(page);
  await openWithBreachCheck(page);
  await choose(page, BREACHED);
  const line = page.locator('#epr-breach');
  await expect(line).toHaveText(/^This password has appeared in a data breach/);
  await expect(line).toHaveClass('epr-unmet');
  await expect(page.locator('#epr-new-password-error')).toContainText('This password has appeared in a data breach');
  await expect(page.getByLabel('New password', { exact: true })).toBeFocused();
  expect(await exchanges(), 'the code was not spent').toEqual([]);
  expect(await rangeRequests()).toHaveLength(1);

  await choose(page, STRONG);
  await expect(done(page)).toBeVisible();
  await expect(page.getByText(ONLY_BUILT_IN)).toHaveCount(0);
  expect((await exchanges()).map((r) => r.status)).toEqual([201]);
  expect(await api.passwordLogin(ADA, STRONG)).toBe(201);
  expect(health.problems).toEqual([]);
});

test('only a 5-hex-character prefix leaves the page, padded, without referrer or cookies', async ({ page }) => {
  await openWithBreachCheck(page);
  await choose(page, BREACHED);
  await expect(page.locator('#epr-breach')).toHaveText(/^This password has appeared/);
  // The same password again: answered from what the page already has.
  await page.getByRole('button', { name: /Change password|Try again/ }).click();
  await choose(page, STRONG);
  await expect(done(page)).toBeVisible();
  const requests = await rangeRequests();
  expect(requests.map((r) => r.path)).toEqual([`/range/${sha1(BREACHED).slice(0, 5)}`, `/range/${sha1(STRONG).slice(0, 5)}`]);
  for (const request of requests) {
    expect(request.path).toMatch(/^\/range\/[0-9A-F]{5}$/);
    expect(request.headers['add-padding']).toBeDefined();
    expect(request.headers.referer).toBeUndefined();
    expect(request.headers.cookie).toBeUndefined();
  }
  // Nothing else the sandbox saw carries a hash, a suffix or a password.
  const everything = JSON.stringify(await sandbox.requests());
  for (const secret of [BREACHED, STRONG, sha1(BREACHED).slice(5), sha1(STRONG).slice(5), encodeURIComponent(STRONG)]) {
    expect(everything).not.toContain(secret);
  }
});

test('the service down: the page says only the built-in list was checked, and the reset completes', async ({ page }) => {
  const hints: string[] = [];
  page.on('console', (message) => hints.push(message.text()));
  await sandbox.setSwitches({ breach_range: 'down' });
  await openWithBreachCheck(page);
  await choose(page, STRONG);
  await expect(done(page)).toBeVisible();
  await expect(page.getByText(ONLY_BUILT_IN)).toBeVisible();
  expect(await api.passwordLogin(ADA, STRONG)).toBe(201);
  expect(hints.join('\n')).toContain('the service did not answer');
});

test('the service outside the page\'s connect-src: the same, and the console names the CSP', async ({ page }) => {
  const hints: string[] = [];
  page.on('console', (message) => hints.push(message.text()));
  await openWithBreachCheck(page, blocked);
  await choose(page, STRONG);
  await expect(done(page)).toBeVisible();
  await expect(page.getByText(ONLY_BUILT_IN)).toBeVisible();
  expect(await blocked.api.passwordLogin(ADA, STRONG)).toBe(201);
  expect(await rangeRequests(), 'the browser never sent it').toEqual([]);
  const hint = hints.find((text) => text.includes('breach-check could not'));
  expect(hint).toContain('Content-Security-Policy');
  expect(hint).toContain('connect-src');
});

test('a service answering an error status leaves the built-in list too, naming the status', async ({ page }) => {
  const hints: string[] = [];
  page.on('console', (message) => hints.push(message.text()));
  await sandbox.fault({ route: 'range', status: 503 });
  await openWithBreachCheck(page);
  await choose(page, STRONG);
  await expect(done(page)).toBeVisible();
  await expect(page.getByText(ONLY_BUILT_IN)).toBeVisible();
  expect(hints.join('\n')).toContain('the service answered status 503');
});
