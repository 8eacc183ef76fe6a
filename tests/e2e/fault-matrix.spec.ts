// The fault matrix, end to end: for every API call the app makes and every fault the sandbox can inject
// (support/fault-matrix.ts), the page shows the expected view, keeps what the shopper typed, never spends
// the code twice, and its "Try again" (or "Send reset link") succeeds once the fault is gone. One test per
// cell; the table, with each cell's result, is printed at the end and must match the copy in docs/testing.md.
//
// Each fault lasts until the test clears it (`times: 0`: Chromium itself repeats a request whose kept-alive
// connection dropped). The page's clock is Playwright's and stands still from the submit on: the minimum
// delay, the 20 s request timeout and every wait move only when the test steps the clock.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { servers } from './support/servers';
import { Sandbox } from './support/sandbox';
import { EpApi } from './support/ep-api';
import { watchHealth } from './support/page-health';
import { pauseClock, stepClockUntil, stepClockUntilEnabled } from './support/fake-clock';
import { trackInFlight, type InFlight } from './support/in-flight';
import { CALLS, EXPECTED, FAULTS, KNOWN_BUGS, REDIRECT_PATH, renderTable, type Call, type FaultKind, type Outcome } from './support/fault-matrix';

const site = servers.crossOrigin;
const sandbox = new Sandbox(site.api);
const api = new EpApi(site.api);

const ADA = 'ada@example.com';
const OLD_PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new passphrase for ada';

/** Fake time the test may step through while waiting for the page to settle (two 20 s timeouts, and more). */
const SETTLE_LIMIT_MS = 70_000;
const STEP_MS = 250;

/** For checks once the page has settled: nothing is left to wait for. */
const settled = { timeout: 1_000 };

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const busy = (page: Page) => page.locator('button[aria-busy="true"]');

const FORGOT_TEXT: Partial<Record<Outcome, RegExp>> = {
  network: /^We couldn't reach the store\. Check your connection, then try again\.$/,
  server: /^The store couldn't handle the request just now\. Please try again in a moment\.$/,
  wait: /^Too many requests right now\. Please wait \d+ seconds?, then try again\.$/,
};
const NOTICE_TEXT: Partial<Record<Outcome, RegExp>> = {
  'notice: network': /^We couldn't reach the store, so your password hasn't been changed yet\./,
  'notice: server': /^The store couldn't handle the request just now, so your password hasn't been changed yet\./,
  'notice: wait': /^Too many requests right now\. Please wait \d+ seconds?, then try again\./,
};
const HEADINGS: Partial<Record<Outcome, string>> = {
  unavailable: 'Password reset is unavailable',
  expired: 'This link has expired or was already used',
  failed: 'Something went wrong',
  incomplete: 'This link is incomplete',
  'switched off': 'Password changes are switched off',
  done: 'Your password has been changed',
};

/** Steps the paused clock until nothing is being sent and the page shows an answer (`answered`). */
async function settle(page: Page, answered: () => Promise<boolean>): Promise<void> {
  await stepClockUntil(page, async () => (await busy(page).count()) === 0 && (await answered()), STEP_MS, SETTLE_LIMIT_MS);
}

/**
 * The page's exchanges (the test's own password logins carry no `Origin`): the code is spent at most once,
 * and nothing is exchanged after it was.
 */
async function expectCodeSpentAtMostOnce(): Promise<void> {
  const statuses = (await sandbox.requests())
    .filter((r) => r.route === 'account_member_tokens' && r.method === 'POST' && r.headers.origin === site.app)
    .map((r) => r.status);
  const won = statuses.filter((s) => s === 201).length;
  expect(won, `exchange statuses ${statuses.join(', ')}`).toBeLessThanOrEqual(1);
  if (won === 1) expect(statuses.at(-1), `exchange statuses ${statuses.join(', ')}`).toBe(201);
}

async function addFault(call: Call, fault: FaultKind): Promise<void> {
  if (fault.switches) await sandbox.setSwitches(fault.switches);
  await sandbox.fault({ route: call.route, status: undefined, delay_ms: 0, drop: false, malformed: false, ...fault.fault, times: 0 });
}

/**
 * Ends the fault once everything the page started has met it (a request the sandbox holds has met it
 * too): the store is back for whatever the shopper does next, and only for that.
 */
async function endFault(inFlight: InFlight, call: Call, fault: FaultKind): Promise<void> {
  await inFlight.ended((url) => fault.hangs === true && call.url.test(url));
  await sandbox.clearFaults();
}

/** Runs `body` as a named step, remembering it: a known bug must show at its own step, not earlier. */
let reached = '';
async function step<T>(name: string, body: () => Promise<T>): Promise<T> {
  reached = name;
  return test.step(name, body);
}

async function forgotCell(page: Page, call: Call, fault: FaultKind, expected: Outcome): Promise<void> {
  const inFlight = trackInFlight(page);
  await addFault(call, fault);
  await page.clock.install();
  await page.goto(`${site.app}/forgot_password`);
  const email = page.getByLabel('E-mail address');
  const send = page.getByRole('button', { name: 'Send reset link' });
  const confirmation = page.getByRole('heading', { level: 2, name: 'Check your e-mail' });
  const formError = page.locator('p.epr-error:visible');

  if (expected === 'unavailable') {
    await step('the page shows the expected view', async () => {
      await expect(h1(page)).toHaveText(HEADINGS.unavailable!);
      await expect(page.locator('form')).toHaveCount(0);
      expect(await sandbox.count('otp_request')).toBe(0);
    });
    return;
  }
  await expect(h1(page)).toHaveText('Forgot your password?');
  await email.fill(ADA);
  await pauseClock(page);
  await send.click();
  await settle(page, async () => (await formError.count()) > 0 || (await confirmation.count()) > 0);

  await step('the page shows the expected view', async () => {
    if (expected === 'sent') {
      await expect(confirmation).toBeVisible(settled);
      // A malformed answer is to a request the store handled; a refusal sent nothing.
      expect((await sandbox.outbox()).length).toBe(fault.id === 'malformed' ? 1 : 0);
      return;
    }
    await expect(formError).toHaveText(FORGOT_TEXT[expected]!, settled);
    await expect(email).toHaveValue(ADA);
    if (expected === 'wait') await expect(page.getByRole('button', { name: /^Try again in \d+ s$/ })).toBeDisabled();
  });
  if (expected === 'sent') return;

  await endFault(inFlight, call, fault);
  if (expected === 'wait') {
    await stepClockUntilEnabled(page, send, STEP_MS, 10_000);
  }
  await step('send again once the fault is gone', async () => {
    await send.click();
    await settle(page, async () => (await formError.count()) > 0 || (await confirmation.count()) > 0);
    const shown = (await formError.count()) > 0 ? await formError.textContent() : 'the confirmation';
    expect(shown, 'the view after sending again').toBe('the confirmation');
    expect((await sandbox.outbox()).map((e) => e.to)).toEqual([ADA]);
  });
}

async function changeCell(page: Page, call: Call, fault: FaultKind, expected: Outcome): Promise<void> {
  const inFlight = trackInFlight(page);
  await api.requestCode(ADA);
  const [email] = await sandbox.outbox();
  const url = new URL(email.link);
  if (call.linkWithoutCredentialId) url.searchParams.delete('user_authentication_password_profile_info_id');
  await sandbox.clearRequests();
  await addFault(call, fault);
  await page.clock.install();
  await page.goto(url.toString());
  await expect(h1(page)).toHaveText('Choose a new password');
  const password = page.getByLabel('New password', { exact: true });
  const confirmation = page.getByLabel('Confirm new password');
  await password.fill(NEW_PASSWORD);
  await confirmation.fill(NEW_PASSWORD);
  const notice = page.locator('#epr-form-notice');
  const formShown = async () => (await h1(page).textContent()) === 'Choose a new password';
  const answered = async () => !(await formShown()) || (await notice.isVisible());
  await pauseClock(page);
  await page.getByRole('button', { name: 'Change password' }).click();
  await settle(page, answered);

  await step('the page shows the expected view', async () => {
    const text = NOTICE_TEXT[expected];
    if (text) {
      await expect(notice).toHaveText(text, settled);
      // After the exchange, the notice says the link need not be replaced; before it, it must not.
      const accepted = 'Your link was accepted';
      if (call.id === 'list' || call.id === 'update') await expect(notice).toContainText(accepted, settled);
      else await expect(notice).not.toContainText(accepted, settled);
      await expect(password).toHaveValue(NEW_PASSWORD);
      await expect(confirmation).toHaveValue(NEW_PASSWORD);
      const label = expected === 'notice: wait' ? /^Try again in \d+ s$/ : /^Try again$/;
      await expect(page.getByRole('button', { name: label })).toBeVisible();
    } else {
      await expect(h1(page)).toHaveText(HEADINGS[expected]!, settled);
      await expect(page.locator('form')).toHaveCount(0);
    }
  });
  await expectCodeSpentAtMostOnce();
  // (The test's own logins go through the faulted routes too.)
  await endFault(inFlight, call, fault);
  if (!NOTICE_TEXT[expected]) {
    // Only a "done" changed the password; every other final view left the old one.
    const works = expected === 'done' ? NEW_PASSWORD : OLD_PASSWORD;
    expect(await api.passwordLogin(ADA, works)).toBe(201);
    return;
  }

  const tryAgain = page.getByRole('button', { name: 'Try again', exact: true });
  if (expected === 'notice: wait') {
    await stepClockUntilEnabled(page, tryAgain, STEP_MS, 10_000);
  }
  await step('try again once the fault is gone', async () => {
    await tryAgain.click();
    await settle(page, answered);
    const notShown = (await notice.isVisible()) ? await notice.textContent() : await h1(page).textContent();
    expect(notShown, 'the view after "Try again"').toBe(HEADINGS.done);
    expect(await api.passwordLogin(ADA, NEW_PASSWORD)).toBe(201);
  });
  await expectCodeSpentAtMostOnce();
}

type Result = 'pass' | 'fail' | 'known bug';
const results = new Map<string, Result>();
/** Known-bug cells that failed before reaching the bug's step: a failure of the test, not the bug. */
const failedEarly: string[] = [];

test.beforeEach(async () => {
  await sandbox.reset();
  reached = '';
});

test.afterEach(async ({}, testInfo) => {
  const key = testInfo.annotations.find((a) => a.type === 'cell')?.description;
  if (key === undefined) return;
  const bug = KNOWN_BUGS[key];
  if (testInfo.status === testInfo.expectedStatus) {
    if (bug && reached !== bug.step) failedEarly.push(`${key}: failed at "${reached}", expected at "${bug.step}"`);
    results.set(key, bug ? 'known bug' : 'pass');
  } else {
    results.set(key, 'fail');
  }
});

for (const call of CALLS) {
  for (const fault of FAULTS) {
    const key = `${call.id}/${fault.id}`;
    const expected = EXPECTED[call.id][fault.id];
    test(`${call.label} × ${fault.label} → ${expected}`, async ({ page }) => {
      test.info().annotations.push({ type: 'cell', description: key });
      const bug = KNOWN_BUGS[key];
      test.fail(bug !== undefined, bug?.why);
      const health = watchHealth(page);
      if (call.stage === 'change submit') await changeCell(page, call, fault, expected);
      else await forgotCell(page, call, fault, expected);
      // Failed requests show up in the console; a page error (a panic) never may.
      expect(health.problems.filter((p) => p.startsWith('page error'))).toEqual([]);
      // A redirect is never followed: its target never hears of the page (nor of its tokens).
      expect((await sandbox.requests()).filter((r) => r.path === REDIRECT_PATH)).toEqual([]);
    });
  }
}

test.afterAll(() => {
  const table = renderTable(results);
  console.log(`\nFault matrix (${results.size} cells):\n${table}\n`);
  expect(failedEarly, 'known-bug cells must fail at the bug, not before').toEqual([]);
});

test('docs/testing.md shows the fault matrix as the table defines it', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'docs', 'testing.md'), 'utf8');
  const section = readme.split('<!-- fault-matrix:start -->')[1]?.split('<!-- fault-matrix:end -->')[0];
  expect(section?.trim()).toBe(renderTable());
});
