// Secrets, proven with the sandbox's header record (`GET /__sandbox/requests`, `headers`): through a whole
// reset, no API request the page makes carries a Referer (so none with the code) or a cookie, cross-origin
// as in production and same-origin under a sub-path, with a storefront cookie set for the host. A control
// request shows that the record would catch both.
import { test, expect, type Page } from '@playwright/test';
import { servers } from './support/servers';
import { Sandbox, type LoggedRequest } from './support/sandbox';
import { EpApi } from './support/ep-api';

const ADA = 'ada@example.com';
const NEW_PASSWORD = 'a brand new passphrase for ada';
const COOKIE = 'shopper_session=storefront-cookie-value';

const sites = [
  { name: 'cross-origin', app: servers.crossOrigin.app, forgot: `${servers.crossOrigin.app}/forgot_password`, api: servers.crossOrigin.api },
  {
    name: 'same origin, under a sub-path',
    app: servers.subPath.app,
    forgot: `${servers.subPath.app}${servers.subPath.base}/forgot_password`,
    api: servers.subPath.app,
  },
];

/** The whole journey in the page: ask for the link, open it, set the password. Returns the code. */
async function reset(page: Page, sandbox: Sandbox, forgot: string): Promise<string> {
  await page.goto(forgot);
  await page.getByLabel('E-mail address').fill(ADA);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Check your e-mail' })).toBeVisible();
  const [email] = await sandbox.outbox();
  await page.goto(email.link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your password has been changed' })).toBeVisible();
  return email.otp;
}

for (const site of sites) {
  test(`${site.name}: no API request carries a Referer or a cookie`, async ({ page, context }) => {
    const sandbox = new Sandbox(site.api);
    await sandbox.reset();
    const [name, value] = COOKIE.split('=');
    // Cookies belong to the host, whatever the port: the API origin would get this one if the page let it.
    await context.addCookies([{ name, value, url: site.app }]);
    const code = await reset(page, sandbox, site.forgot);
    expect(await new EpApi(site.api).passwordLogin(ADA, NEW_PASSWORD)).toBe(201);

    // The browser's requests (the test's own, from Node, send no Sec-Fetch-* headers).
    const fromPage = (await sandbox.requests()).filter((r) => 'sec-fetch-mode' in r.headers);
    const routes = new Set(fromPage.map((r) => r.route));
    for (const route of ['access_token', 'settings', 'password_profiles', 'otp_request', 'account_member_tokens', 'uappi_update']) {
      expect(routes, `the page's ${route} request is in the record`).toContain(route);
    }
    const describe = (r: LoggedRequest) => `${r.method} ${r.route}`;
    expect(fromPage.filter((r) => 'referer' in r.headers).map(describe), 'requests with a Referer').toEqual([]);
    expect(fromPage.filter((r) => 'cookie' in r.headers).map(describe), 'requests with a cookie').toEqual([]);
    // Every request comes from the app's origin (same-origin GETs send no Origin), and no header holds the code.
    expect(fromPage.filter((r) => r.headers.origin !== undefined && r.headers.origin !== site.app).map(describe)).toEqual([]);
    expect(fromPage.some((r) => r.headers.origin === site.app)).toBe(true);
    expect(fromPage.some((r) => Object.values(r.headers).some((v) => v.includes(code)))).toBe(false);

    // The control: a request that does send both shows up with them, as sent.
    await sandbox.clearRequests();
    const leakyUrl = `${site.app}/change_password?token=${code}`;
    await page.evaluate(
      async ({ api, referrer }) => {
        await fetch(`${api}/v2/control-request`, { credentials: 'include', referrer, referrerPolicy: 'unsafe-url' }).catch(() => undefined);
      },
      { api: site.api, referrer: leakyUrl },
    );
    const [control] = await sandbox.requests();
    expect(control.headers.referer).toBe(leakyUrl);
    expect(control.headers.cookie).toBe(COOKIE);
  });
}
