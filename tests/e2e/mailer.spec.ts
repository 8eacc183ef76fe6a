// The real e-mail chain, release build, cross-origin: the forgot-password form → the sandbox's webhook
// integration → `ep-reset mailer` → SMTP (MailDev) → the link in the received e-mail opens the change
// page → a new password that the `password` login accepts.
import { test, expect, type Page } from '@playwright/test';
import { servers } from './support/servers';
import { Sandbox } from './support/sandbox';
import { EpApi } from './support/ep-api';
import { watchHealth } from './support/page-health';

const site = servers.mailer;
const sandbox = new Sandbox(site.api);
const api = new EpApi(site.api);

const ADA = 'ada@example.com';
const ADA_OLD_PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a passphrase that came by e-mail';

/** One message as MailDev's REST API shows it. */
type Message = { subject: string; to: { address: string; name: string }[]; text: string; html: string };

/** MailDev's inbox. */
const inbox = {
  async messages(): Promise<Message[]> {
    const response = await fetch(`${site.inbox}/email`);
    if (!response.ok) throw new Error(`inbox: ${response.status}`);
    return response.json();
  },
  async clear(): Promise<void> {
    const response = await fetch(`${site.inbox}/email/all`, { method: 'DELETE' });
    if (!response.ok) throw new Error(`inbox clear: ${response.status}`);
  },
};

/** The mailer's own figures, from its operations listener: mails waiting, and mails sent. */
async function mailerQueue(): Promise<{ queued: number; sent: number }> {
  const ready = await fetch(site.ready);
  if (!ready.ok) throw new Error(`mailer readiness: ${ready.status}`);
  const metrics = await (await fetch(site.metrics)).text();
  const sent = metrics.match(/^ep_reset_mailer_mails_sent_total (\d+)$/m);
  return { queued: (await ready.json()).queue.queued, sent: Number(sent?.[1] ?? 0) };
}

/** Waits for the one e-mail the chain delivers to `address`. */
async function theEmailTo(address: string): Promise<Message> {
  await expect.poll(async () => (await inbox.messages()).length, { timeout: 20_000 }).toBe(1);
  const [message] = await inbox.messages();
  expect(message.to.map((to) => to.address)).toEqual([address]);
  return message;
}

/** The reset link in the e-mail's text part (its parameters in the fragment, out of server logs). */
function linkIn(message: Message): URL {
  const found = message.text.match(/https?:\/\/\S+\/change_password#\S+/);
  expect(found, message.text).not.toBeNull();
  return new URL(found?.[0] ?? '');
}

/** The link's parameters, read from its fragment. */
function paramsOf(link: URL): URLSearchParams {
  return new URLSearchParams(link.hash.slice(1));
}

async function askForALink(page: Page, username: string): Promise<void> {
  await page.goto(`${site.app}/forgot_password`);
  await page.getByLabel('E-mail address').fill(username);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your e-mail' })).toBeVisible();
}

async function chooseAndSubmit(page: Page, password: string): Promise<void> {
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Confirm new password').fill(password);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your password has been changed' })).toBeVisible();
}

test.beforeEach(async () => {
  await sandbox.reset();
  await inbox.clear();
});

test('forgot form, integration, mailer, SMTP: the e-mailed link sets a password that signs in', async ({ page }) => {
  const health = watchHealth(page);
  const before = await mailerQueue();
  await askForALink(page, ADA);

  const message = await theEmailTo(ADA);
  expect(message.subject).toBe('Reset your password');
  expect(message.to[0].name).toBe('Ada Lovelace');
  expect(message.text).toContain('10 minutes');
  const link = linkIn(message);
  expect(`${link.origin}${link.pathname}`).toBe(`${site.app}/change_password`);
  // Every id the event carried is in the link, so the change page needs no credential lookup.
  expect(link.search).toBe('');
  for (const param of ['username', 'token', 'password_profile_id', 'authentication_realm_id', 'user_authentication_password_profile_info_id']) {
    expect(paramsOf(link).get(param), param).toBeTruthy();
  }
  expect(paramsOf(link).get('username')).toBe(ADA);
  // The mailer built the same link as the sandbox's own outbox copy of the event.
  const [outboxCopy] = await sandbox.outbox();
  // plus the e-mail's language (the mailer's --locale, English here), so the change page opens in it.
  expect(link.hash).toBe(`#${new URL(outboxCopy.link).search.slice(1)}&locale=en`);
  expect(message.text).toContain(`    ${outboxCopy.otp}\n`);
  expect(message.html).toContain(link.href.replaceAll('&', '&amp;'));

  await sandbox.clearRequests();
  await page.goto(link.href);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
  await expect(page.getByText(`You're changing the password for ${ADA}.`)).toBeVisible();
  await chooseAndSubmit(page, NEW_PASSWORD);
  const routes = (await sandbox.requests()).filter((r) => r.method !== 'OPTIONS').map((r) => r.route);
  expect(routes).not.toContain('uappi_list');
  expect(await api.passwordLogin(ADA, NEW_PASSWORD)).toBe(201);
  expect(await api.passwordLogin(ADA, ADA_OLD_PASSWORD)).toBe(401);

  // One event, one e-mail: at-least-once delivery did not send a second one.
  const after = await mailerQueue();
  expect(after.sent - before.sent).toBe(1);
  expect(after.queued).toBe(0);
  expect(await inbox.messages()).toHaveLength(1);
  expect(health.problems).toEqual([]);
});

test('the code in the e-mail can be typed on the change page it names', async ({ page }) => {
  await askForALink(page, 'grace@example.com');
  const message = await theEmailTo('grace@example.com');
  const code = paramsOf(linkIn(message)).get('token') ?? '';
  expect(message.text).toContain(`go to ${site.app}/change_password and enter this code:\n\n    ${code}\n`);

  await page.goto(`${site.app}/change_password`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
  await page.getByLabel('E-mail address').fill('grace@example.com');
  await page.getByLabel('Code from the e-mail').fill(code);
  await chooseAndSubmit(page, NEW_PASSWORD);
  expect(await api.passwordLogin('grace@example.com', NEW_PASSWORD)).toBe(201);
});
