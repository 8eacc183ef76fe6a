// Embedding: <ep-password-reset> in a storefront page (tests/e2e/storefront/) on its own origin, served
// with the strict Content Security Policy of docs/embedding.md and framework-style host CSS; the element's files on a
// second origin (a sandbox serving dist/ as a CDN); the API on a third. Both journeys run inside the
// element; the page proves no CSP violation, no style leaking either way, light-DOM inputs for password
// managers, the host events (and nothing personal in them), remove/re-add, nothing added to `window`,
// no accessibility violation, and no Referer with the code despite the host's own `unsafe-url` policy.
import { test, expect, type Page, type Request } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { servers } from './support/servers';
import { Sandbox } from './support/sandbox';
import { EpApi } from './support/ep-api';
import { watchHealth } from './support/page-health';

const { storefront, cdn, api } = servers.embed;
const sandbox = new Sandbox(api);
const ADA = 'ada@example.com';
const NEW_PASSWORD = 'a brand new passphrase for ada';
const EVENTS = ['ep-reset-ready', 'ep-reset-link-sent', 'ep-reset-password-changed', 'ep-reset-link-expired', 'ep-reset-error'];

type Heard = { type: string; detail: string; bubbled: boolean; composed: boolean };
type Probe = { windowKeys: string[]; violations: string[]; events: Heard[] };

test.beforeEach(async () => {
  await sandbox.reset();
});

/**
 * Before the page's own scripts: the keys of `window`, a record of CSP violations, and every host event
 * as the document hears it (so it bubbled out of the element). The probe's one global is its own.
 */
async function probe(page: Page): Promise<void> {
  await page.addInitScript((names) => {
    const record = { windowKeys: Object.keys(window), violations: [] as string[], events: [] as unknown[] };
    document.addEventListener('securitypolicyviolation', (e) => record.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    for (const name of names) {
      document.addEventListener(name, (e) => {
        const event = e as CustomEvent;
        record.events.push({ type: e.type, detail: JSON.stringify(event.detail ?? null), bubbled: event.bubbles, composed: event.composed });
      });
    }
    Object.defineProperty(window, '__epProbe', { value: record, enumerable: false });
  }, EVENTS);
}

const read = (page: Page): Promise<Probe> => page.evaluate(() => (window as unknown as { __epProbe: Probe }).__epProbe);
const heard = async (page: Page): Promise<string[]> => (await read(page)).events.map((e) => e.type);

async function expectEvents(page: Page, expected: string[]): Promise<void> {
  await expect.poll(() => heard(page)).toEqual(expected);
  for (const event of (await read(page)).events) {
    expect(event.bubbled && event.composed, `${event.type} bubbles and is composed`).toBe(true);
    expect(event.detail, `${event.type}: nothing personal or secret`).not.toMatch(/@|ada|token|password|[0-9a-f]{6}/i);
  }
}

/** What the probe must find at the end of every test: no violation, nothing new on `window`. */
async function expectClean(page: Page): Promise<void> {
  const { windowKeys, violations } = await read(page);
  expect(violations, 'CSP violations').toEqual([]);
  // `axe` is axe-core's own, injected by the accessibility checks.
  const added = (await page.evaluate(() => Object.keys(window))).filter((key) => !windowKeys.includes(key) && key !== 'axe');
  expect(added, 'globals the element added to window').toEqual([]);
}

/**
 * axe-core's violations inside the element. axe injects a `<style>` of its own, which this page's CSP
 * refuses: those reports (a violation and a console error), made while axe runs, are the test tool's and
 * are dropped from the records.
 */
async function axeViolations(page: Page, health?: { problems: string[] }): Promise<string[]> {
  const before = (await read(page)).violations.length;
  const problems = health?.problems.length ?? 0;
  const result = await new AxeBuilder({ page }).include('ep-password-reset').withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  await page.evaluate((n) => (window as unknown as { __epProbe: Probe }).__epProbe.violations.splice(n), before);
  health?.problems.splice(problems);
  return result.violations.map((v) => v.id);
}

/** The host's own elements, as styled by its CSS. */
async function hostStyles(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const id of ['site-title', 'site-link', 'page-title', 'page-intro', 'site-button']) {
      const style = getComputedStyle(document.getElementById(id)!);
      for (const property of ['color', 'font-size', 'font-family', 'margin-top', 'padding-top', 'background-color', 'border-top-width', 'text-transform', 'box-sizing']) {
        out[`#${id} ${property}`] = style.getPropertyValue(property);
      }
    }
    out['body font-size'] = getComputedStyle(document.body).fontSize;
    out['body background'] = getComputedStyle(document.body).backgroundColor;
    return out;
  });
}

/** Inputs and buttons of the element: visible, bordered or filled, their text readable. */
async function expectUsableControls(page: Page): Promise<void> {
  const controls = await page.evaluate(() =>
    Array.from(document.querySelectorAll('ep-password-reset input:not(.epr-visually-hidden), ep-password-reset button')).map((el) => {
      const s = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      return {
        what: `${el.tagName} ${el.id || el.className}`,
        input: el.tagName === 'INPUT',
        height: box.height,
        border: parseFloat(s.borderTopWidth),
        background: s.backgroundColor,
        color: s.color,
        transform: s.textTransform,
        fontSize: parseFloat(s.fontSize),
      };
    }),
  );
  expect(controls.length).toBeGreaterThan(0);
  for (const c of controls) {
    expect(c.height, `${c.what} is visible`).toBeGreaterThan(20);
    expect(c.fontSize, `${c.what}: the host's 22px body does not reach in`).toBeLessThan(20);
    expect(c.transform, `${c.what}: the host's uppercase does not reach in`).toBe('none');
    expect(c.color, c.what).not.toBe(c.background);
    if (c.input) expect(c.border, `${c.what} has a visible border`).toBeGreaterThanOrEqual(1);
    else expect(c.border >= 1 || c.background !== 'rgba(0, 0, 0, 0)', `${c.what} looks like a button`).toBe(true);
    expect(c.background, `${c.what}: the host's pink buttons do not reach in`).not.toBe('rgb(255, 105, 180)');
  }
}

/** What a password manager finds with a light-DOM query from the host page. */
const formInputs = (page: Page) =>
  page.evaluate(() => Array.from(document.querySelectorAll('form input')).map((i) => `${(i as HTMLInputElement).type} ${i.getAttribute('autocomplete')}`));

test('forgot password inside the element, on a strict-CSP storefront, styles kept apart', async ({ page }) => {
  const plain = await page.context().newPage();
  await plain.goto(`${storefront}/plain.html`);
  const hostAlone = await hostStyles(plain);
  await plain.close();

  const health = watchHealth(page);
  await probe(page);
  await page.goto(storefront);
  const element = page.locator('ep-password-reset');
  await expect(element.getByRole('heading', { level: 1 })).toHaveText('Forgot your password?');
  await expectEvents(page, ['ep-reset-ready']);
  expect(await hostStyles(page), "the host's elements keep their styles").toEqual(hostAlone);
  await expectUsableControls(page);
  expect(await formInputs(page)).toEqual(['email username']);
  expect(await axeViolations(page, health)).toEqual([]);

  await element.getByLabel('E-mail address').fill(ADA);
  await element.getByRole('button', { name: 'Send reset link' }).click();
  await expect(element.getByRole('heading', { level: 2, name: 'Check your e-mail' })).toBeVisible();
  await expectEvents(page, ['ep-reset-ready', 'ep-reset-link-sent']);
  expect(await axeViolations(page, health)).toEqual([]);
  expect(await sandbox.outbox()).toHaveLength(1);
  await expectClean(page);
  expect(health.problems).toEqual([]);
});

test('change password inside the element from the e-mailed link, the code off the address', async ({ page }) => {
  await new EpApi(api).requestCode(ADA);
  const [email] = await sandbox.outbox();
  const link = new URL(email.link);
  const health = watchHealth(page);
  await probe(page);
  await page.goto(`${storefront}/${link.search}`);
  const element = page.locator('ep-password-reset');
  await expect(element.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
  const params = new URL(page.url()).searchParams;
  expect([params.has('token'), params.has('username')], 'code and username left the address').toEqual([false, false]);
  await expectEvents(page, ['ep-reset-ready']);
  expect(await formInputs(page)).toEqual(['text username', 'password new-password', 'password new-password']);
  await expectUsableControls(page);
  expect(await axeViolations(page, health)).toEqual([]);

  await element.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await element.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await element.getByRole('button', { name: 'Change password' }).click();
  await expect(element.getByRole('heading', { level: 1, name: 'Your password has been changed' })).toBeVisible();
  await expectEvents(page, ['ep-reset-ready', 'ep-reset-password-changed']);
  expect(await axeViolations(page, health)).toEqual([]);
  expect(await new EpApi(api).passwordLogin(ADA, NEW_PASSWORD)).toBe(201);
  await expectClean(page);
  expect(health.problems).toEqual([]);
});

test('an expired link, a new one, and the forgot view: all inside the element, no page load', async ({ page }) => {
  const health = watchHealth(page);
  await probe(page);
  await page.goto(`${storefront}/?username=ada%40example.com&token=wrong1`);
  const element = page.locator('ep-password-reset');
  await element.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await element.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await element.getByRole('button', { name: 'Change password' }).click();
  await expect(element.getByRole('heading', { level: 1 })).toHaveText('This link has expired or was already used');
  await expectEvents(page, ['ep-reset-ready', 'ep-reset-link-expired']);
  expect(await axeViolations(page, health)).toEqual([]);
  await element.getByRole('button', { name: 'Send me a new link' }).click();
  await expectEvents(page, ['ep-reset-ready', 'ep-reset-link-expired', 'ep-reset-link-sent']);

  const address = page.url();
  await page.evaluate(() => Object.defineProperty(window, '__samePage', { value: true }));
  await element.getByRole('button', { name: 'Ask for a new link' }).click();
  await expect(element.getByRole('heading', { level: 1 })).toHaveText('Forgot your password?');
  await expect(element.getByRole('heading', { level: 1 })).toBeFocused();
  expect(page.url(), "the host's address is untouched").toBe(address);
  expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
  await expect(element.getByLabel('E-mail address')).toHaveValue(ADA);
  await expectClean(page);
  // The wrong code's refusal is the browser's own console line; nothing else may go wrong.
  expect(health.problems.filter((p) => !p.includes('status of 4'))).toEqual([]);
});

test('the host themes the element through its custom properties', async ({ page }) => {
  await probe(page);
  await page.goto(`${storefront}/themed.html`);
  const button = page.locator('ep-password-reset').getByRole('button', { name: 'Send reset link' });
  await expect(button).toBeVisible();
  const style = await button.evaluate((el) => {
    const s = getComputedStyle(el);
    return { background: s.backgroundColor, color: s.color, radius: s.borderTopLeftRadius, font: s.fontFamily };
  });
  expect(style).toEqual({ background: 'rgb(122, 31, 92)', color: 'rgb(255, 250, 240)', radius: '0px', font: 'Georgia, "Times New Roman", serif' });
  const field = page.locator('ep-password-reset').getByLabel('E-mail address');
  await field.focus();
  expect(await field.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('dashed');
  await expectClean(page);
});

test('a failure reaches the host as ep-reset-error with a short code', async ({ page }) => {
  await probe(page);
  await page.goto(storefront);
  const element = page.locator('ep-password-reset');
  await expectEvents(page, ['ep-reset-ready']);
  await sandbox.fault({ route: 'otp_request', status: 503 });
  await element.getByLabel('E-mail address').fill(ADA);
  await element.getByRole('button', { name: 'Send reset link' }).click();
  await expectEvents(page, ['ep-reset-ready', 'ep-reset-error']);
  expect((await read(page)).events[1].detail).toBe('{"code":"server"}');
  await expectClean(page);
});

test('a misconfigured element explains itself inside the element and tells the host', async ({ page }) => {
  const health = watchHealth(page);
  await probe(page);
  await page.goto(`${storefront}/misconfigured.html`);
  const element = page.locator('ep-password-reset');
  await expect(element.getByRole('heading', { level: 1 })).toHaveText('Password reset is unavailable');
  await expect(element.getByRole('listitem')).toHaveText('The attribute client-id is missing.');
  await expectEvents(page, ['ep-reset-error']);
  expect((await read(page)).events[0].detail).toBe('{"code":"configuration"}');
  expect(await axeViolations(page, health)).toEqual([]);
  await expectClean(page);
  expect(health.problems).toEqual([]);
});

test('removed and added again, twice: a fresh app each time, nothing left running', async ({ page }) => {
  const health = watchHealth(page);
  await probe(page);
  const tokenRequests: Request[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/oauth/access_token')) tokenRequests.push(r);
  });
  await page.goto(storefront);
  const element = page.locator('ep-password-reset');
  await expectEvents(page, ['ep-reset-ready']);
  await element.getByLabel('E-mail address').fill('typed@example.com');
  for (let round = 1; round <= 2; round++) {
    await page.evaluate(() => {
      const el = document.querySelector('ep-password-reset')!;
      (window as unknown as { __parked: Element }).__parked = el;
      el.remove();
    });
    expect(await page.evaluate(() => (window as unknown as { __parked: Element }).__parked.childElementCount), 'unmounted').toBe(0);
    const before = tokenRequests.length;
    await page.evaluate(() => document.querySelector('main')!.prepend((window as unknown as { __parked: Element }).__parked));
    await expect(element.getByRole('heading', { level: 1 })).toHaveText('Forgot your password?');
    await expect(element.getByLabel('E-mail address'), 'a fresh app').toHaveValue('');
    await expect.poll(() => heard(page)).toHaveLength(round + 1);
    await expect.poll(() => tokenRequests.length, 'one token request per mount').toBe(before + 1);
    await expect(element.locator('h1')).toHaveCount(1);
  }
  expect(await heard(page)).toEqual(['ep-reset-ready', 'ep-reset-ready', 'ep-reset-ready']);
  // Removed for good: nothing it started may run on, so nothing more is requested.
  await page.evaluate(() => document.querySelector('ep-password-reset')!.remove());
  const requests = tokenRequests.length;
  await page.waitForTimeout(1500);
  expect(tokenRequests.length).toBe(requests);
  await page.evaluate(() => delete (window as unknown as { __parked?: Element }).__parked);
  await expectClean(page);
  expect(health.problems).toEqual([]);
});

test('a second copy of the loader (another bundle, a CDN tag as well) defines nothing again and throws nothing', async ({ page }) => {
  const health = watchHealth(page);
  await probe(page);
  await page.goto(storefront);
  const element = page.locator('ep-password-reset');
  await expectEvents(page, ['ep-reset-ready']);
  const defined = await page.evaluate(async (url) => {
    const first = customElements.get('ep-password-reset');
    await import(`${url}?second-copy`);
    return customElements.get('ep-password-reset') === first;
  }, `${cdn}/ep-password-reset.js`);
  expect(defined, 'the element keeps its first definition').toBe(true);
  await element.getByLabel('E-mail address').fill(ADA);
  await element.getByRole('button', { name: 'Send reset link' }).click();
  await expectEvents(page, ['ep-reset-ready', 'ep-reset-link-sent']);
  await expectClean(page);
  expect(health.problems).toEqual([]);
});

test("no request carries the code, although the host's own referrer meta says unsafe-url", async ({ page }) => {
  await new EpApi(api).requestCode(ADA);
  const [email] = await sandbox.outbox();
  const link = new URL(email.link);
  const requests: { url: string; referer: string | undefined }[] = [];
  page.on('request', async (r) => requests.push({ url: r.url(), referer: await r.headerValue('referer') ?? undefined }));
  await probe(page);
  await page.goto(`${storefront}/${link.search}`);
  const element = page.locator('ep-password-reset');
  await expect(element.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
  await element.getByLabel('New password', { exact: true }).focus();
  await expect.poll(() => requests.some((r) => r.url.endsWith('/common-passwords.txt'))).toBe(true);
  // After the element is up, the page's policy is still no-referrer: a request of the host's own sends none.
  await page.evaluate((url) => fetch(url).then((r) => r.text()), `${cdn}/common-passwords.LICENSE.txt`);
  await expect.poll(() => requests.some((r) => r.url.endsWith('LICENSE.txt'))).toBe(true);
  const assets = requests.filter((r) => r.url.startsWith(cdn) || r.url.startsWith(api));
  for (const file of ['ep-password-reset.js', '.css', '_bg.wasm', '.js', 'common-passwords.txt', '/oauth/access_token']) {
    expect(assets.some((r) => r.url.includes(file)), `${file} was requested`).toBe(true);
  }
  const leaking = assets.filter((r) => r.referer !== undefined && (r.referer.includes(email.otp) || r.referer.includes('username') || r.referer.startsWith(storefront)));
  expect(leaking, 'requests whose Referer names the storefront page').toEqual([]);
  await expectClean(page);
});
