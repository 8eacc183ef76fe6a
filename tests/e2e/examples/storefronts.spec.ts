// The example storefronts (examples/next, examples/nuxt, examples/vite), each its production build with the
// npm package installed from its lockfile, the API on its own origin and the storefront's own referrer
// policy `unsafe-url`. In each: forgot password after a client-side navigation, the e-mailed link opened on
// the example's own route, the new password set; away and back by client-side navigation, Back and
// Forward. The browser's record of every request proves that none carried the code or the username
// (outside the link's own document and the API calls that need them), that the element's files were each
// downloaded once, and the console shows no error and no hydration warning.
import { test, expect, type Page, type Request } from '@playwright/test';
import { servers } from '../support/servers';
import { Sandbox } from '../support/sandbox';
import { EpApi } from '../support/ep-api';

const { api } = servers.examples;
const sandbox = new Sandbox(api);
const ADA = 'ada@example.com';
const NEW_PASSWORD = 'a brand new passphrase for ada';

const STOREFRONTS = [
  { name: 'Next.js', origin: servers.examples.next },
  { name: 'Nuxt', origin: servers.examples.nuxt },
  { name: 'Vite', origin: servers.examples.vite },
];

/** Everything the page did that the checks read: its requests and its console. */
function record(page: Page) {
  const state = { requests: [] as Request[], problems: [] as string[] };
  page.on('request', (request) => state.requests.push(request));
  page.on('pageerror', (error) => state.problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) state.problems.push(`${response.status()} ${response.url()}`);
  });
  page.on('console', (message) => {
    const text = message.text();
    // React's #418 and Vue's "Hydration … mismatch" come as errors or warnings, depending on the build.
    if (message.type() === 'error' || /hydrat/i.test(text)) state.problems.push(`console ${message.type()}: ${text}`);
  });
  return state;
}

/** The requests that name the code or the username in their URL or Referer. */
async function leaking(requests: Request[], secrets: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const request of requests) {
    const referer = (await request.allHeaders().catch(() => request.headers())).referer ?? '';
    const carried = `${request.url()}\n${referer}`;
    if (secrets.some((secret) => carried.includes(secret))) found.push(`${request.method()} ${request.url()} (Referer: ${referer})`);
  }
  return found;
}

/**
 * Files of the page (not documents, not API calls) among `requests` downloaded more than once (a second
 * request answered from the browser's cache downloads nothing), and how many requests asked for the
 * element's WASM. A bundler renames the loader and the app's script, so every file is checked.
 */
async function downloads(requests: Request[]): Promise<{ twice: string[]; wasm: number }> {
  const files = requests.filter((r) => !r.isNavigationRequest() && !r.url().startsWith(api) && r.method() === 'GET');
  const downloaded: string[] = [];
  for (const request of files) {
    const { responseBodySize } = await request.sizes().catch(() => ({ responseBodySize: 1 }));
    if (responseBodySize > 0) downloaded.push(request.url());
  }
  return {
    twice: [...new Set(downloaded.filter((url, index) => downloaded.indexOf(url) !== index))],
    wasm: files.filter((r) => new URL(r.url()).pathname.endsWith('.wasm')).length,
  };
}

const heading = (page: Page) => page.locator('ep-password-reset').getByRole('heading', { level: 1 });

for (const { name, origin } of STOREFRONTS) {
  test(`${name}: forgot, e-mailed link, new password, away and back; nothing leaks, files once, no console error`, async ({ page }) => {
    await sandbox.reset();
    const state = record(page);

    // The storefront's home page, then its link to the reset: a client-side navigation.
    await page.goto(origin);
    await expect(page.getByRole('heading', { level: 1, name: 'Welcome to the Demo Store' })).toBeVisible();
    expect((await page.request.get(origin)).headers()['referrer-policy'], "the storefront's own policy").toBe('unsafe-url');
    const home = page.url();
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await expect(heading(page)).toHaveText('Forgot your password?');
    expect(await page.locator('ep-password-reset').getAttribute('api-base'), 'the example was built for this sandbox').toBe(api);
    await page.locator('ep-password-reset').getByLabel('E-mail address').fill(ADA);
    await page.locator('ep-password-reset').getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.locator('ep-password-reset').getByRole('heading', { level: 2, name: 'Check your e-mail' })).toBeVisible();
    expect(await downloads(state.requests), 'each file downloaded once').toEqual({ twice: [], wasm: 1 });

    // The e-mailed link, opened on the example's own route (a fresh page load, as from the inbox).
    const [email] = await sandbox.outbox();
    const link = `${origin}/account/reset/change_password${new URL(email.link).search}`;
    const secrets = [email.otp, ADA, encodeURIComponent(ADA)];
    const beforeLink = state.requests.length;
    await page.goto(link);
    await expect(heading(page)).toHaveText('Choose a new password');
    const address = new URL(page.url());
    expect([address.searchParams.has('token'), address.searchParams.has('username')], 'the code left the address').toEqual([false, false]);
    expect(await downloads(state.requests.slice(beforeLink)), 'each file once on this page').toEqual({ twice: [], wasm: 1 });
    const element = page.locator('ep-password-reset');
    await element.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await element.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await element.getByRole('button', { name: 'Change password' }).click();
    await expect(heading(page)).toHaveText('Your password has been changed');
    expect(await new EpApi(api).passwordLogin(ADA, NEW_PASSWORD)).toBe(201);

    // Away and back by the storefront's own links, then Back and Forward: the element comes back each time.
    const beforeAway = state.requests.length;
    await page.getByRole('link', { name: 'Demo Store' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Welcome to the Demo Store' })).toBeVisible();
    await expect(page.locator('ep-password-reset')).toHaveCount(0);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await expect(heading(page)).toHaveText('Forgot your password?');
    await page.goBack();
    await expect(page.getByRole('heading', { level: 1, name: 'Welcome to the Demo Store' })).toBeVisible();
    await page.goForward();
    await expect(heading(page)).toHaveText('Forgot your password?');
    await expect(page.locator('ep-password-reset').getByLabel('E-mail address')).toBeEditable();
    expect(await downloads(state.requests.slice(beforeAway)), 'the WASM not downloaded again').toEqual({ twice: [], wasm: 0 });
    expect(new URL(home).pathname).toBe('/');

    // Only the link's own document request carries the code; the token exchange carries it in its body.
    const others = state.requests.filter((r, index) => !(index === beforeLink && r.url() === link));
    expect(state.requests[beforeLink].url(), "the link's document request").toBe(link);
    expect(await leaking(others, secrets), 'requests whose URL or Referer names the code or the username').toEqual([]);
    const logged = await sandbox.requests();
    expect(logged.filter((r) => 'referer' in r.headers).map((r) => r.path), 'API requests with a Referer').toEqual([]);
    expect(state.problems).toEqual([]);
  });
}

test('the checks catch a request naming the code, a file downloaded twice and a console error', async ({ page }) => {
  const state = record(page);
  await page.goto(`${servers.examples.next}/account/reset/forgot_password`);
  await expect(heading(page)).toHaveText('Forgot your password?');
  const script = state.requests.map((r) => r.url()).find((url) => url.endsWith('.js'))!;
  const before = state.requests.length;
  await page.evaluate(async ({ script, code }) => {
    await fetch(`/?token=${code}`);
    await fetch(script, { cache: 'no-store' });
    await fetch(script, { cache: 'no-store' });
    console.error('a console error');
  }, { script, code: 'c0de42' });
  await expect.poll(() => state.problems).toEqual(['console error: a console error']);
  expect(await leaking(state.requests.slice(before), ['c0de42'])).toHaveLength(1);
  expect((await downloads(state.requests.slice(before))).twice).toEqual([script]);
});
