// The implicit token is fetched once, when the page opens, and shared: a shopper who submits before that
// request has answered waits for it rather than causing a second one. After the click, only the exchange
// and the password update run (the link carries the ids).
import { test, expect } from '@playwright/test';
import { servers } from './support/servers';
import { Sandbox } from './support/sandbox';
import { EpApi } from './support/ep-api';

const site = servers.crossOrigin;
const sandbox = new Sandbox(site.api);
const api = new EpApi(site.api);

test('a submit during a slow token prefetch shares it: one token request, one exchange, one update', async ({ page }) => {
  await sandbox.reset();
  await api.requestCode('ada@example.com');
  const email = (await sandbox.outbox()).at(-1);
  expect(email).toBeDefined();
  await sandbox.clearRequests();
  // The page's token request takes 3 s to answer; the shopper is faster than that.
  await sandbox.fault({ route: 'access_token', status: undefined, delay_ms: 3000, times: 1 });

  await page.goto(email!.link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
  await page.getByLabel('New password', { exact: true }).fill('a brand new passphrase for ada');
  await page.getByLabel('Confirm new password').fill('a brand new passphrase for ada');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your password has been changed' })).toBeVisible({
    timeout: 15_000,
  });

  expect(await sandbox.count('access_token')).toBe(1);
  expect(await sandbox.count('account_member_tokens')).toBe(1);
  expect(await sandbox.count('uappi_update')).toBe(1);
});
