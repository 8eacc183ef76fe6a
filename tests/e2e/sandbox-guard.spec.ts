// The sandbox runs on a developer's machine, where any web page open in the browser can send it
// requests: no page may obtain an admin token or a webhook secret through it, and the webhooks it posts
// one-time codes to stay on this machine unless it was started with --allow-remote-webhooks.
import { test, expect } from '@playwright/test';
import { servers } from './support/servers';
import { EpApi, adminSecret } from './support/ep-api';

const site = servers.crossOrigin;

test('a web page cannot obtain an admin token, even knowing the secret', async ({ page }) => {
  // A page on another origin than the API (the sandbox's own app origin is one, as good as any site).
  await page.goto(`${site.app}/forgot_password`);
  const answers = await page.evaluate(
    async ({ api, secrets }) => {
      const results: { status: number; token: boolean }[] = [];
      for (const secret of secrets) {
        const response = await fetch(`${api}/oauth/access_token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'demo-client-id', client_secret: secret }),
        });
        const body = await response.json().catch(() => ({}));
        results.push({ status: response.status, token: typeof body.access_token === 'string' });
      }
      return results;
    },
    // The old fixed demo secret, and this run's real one (which no page could know).
    { api: site.api, secrets: ['demo-client-secret', adminSecret()] },
  );
  expect(answers).toEqual([
    { status: 403, token: false },
    { status: 403, token: false },
  ]);
});

test('a web page cannot read the integrations nor, through them, a webhook secret', async ({ page }) => {
  const mailer = servers.mailer;
  // The mailer's sandbox holds a webhook secret; its app page may call its API (its CSP allows that).
  await page.goto(`${mailer.app}/forgot_password`);
  const answer = await page.evaluate(async (api) => {
    const token = await fetch(`${api}/oauth/access_token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'implicit', client_id: 'demo-client-id' }),
    }).then((r) => r.json());
    const list = await fetch(`${api}/v2/integrations`, { headers: { Authorization: `Bearer ${token.access_token}` } });
    return { status: list.status, body: await list.text() };
  }, mailer.api);
  expect(answer.status).toBe(403);
  expect(answer.body).not.toContain(mailer.webhookSecret);
  // Even the store's back office, with an admin token, is never shown the secret it set.
  const admin = await new EpApi(mailer.api).adminToken();
  const list = await fetch(`${mailer.api}/v2/integrations`, { headers: { Authorization: `Bearer ${admin}` } });
  expect(list.status).toBe(200);
  const body = await list.text();
  expect(body).toContain(mailer.hook);
  expect(body).not.toContain(mailer.webhookSecret);
  expect(body).not.toContain('secret_key');
});

test('a remote webhook URL is refused without --allow-remote-webhooks', async () => {
  const admin = await new EpApi(site.api).adminToken();
  const create = (url: string) =>
    fetch(`${site.api}/v2/integrations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        data: {
          type: 'integration',
          name: 'exfiltrate',
          integration_type: 'webhook',
          enabled: true,
          observes: ['one-time-password-token-request.created'],
          configuration: { url },
        },
      }),
    });
  const remote = await create('https://collector.example/otp');
  expect(remote.status).toBe(422);
  const error = (await remote.json()).errors[0];
  expect(error.source).toBe('data.configuration.url');
  expect(error.detail).toContain('--allow-remote-webhooks');
  const local = await create(`http://127.0.0.1:${servers.mailer.mailerPort}/elsewhere`);
  expect(local.status).toBe(201);
  const { data } = await local.json();
  const removed = await fetch(`${site.api}/v2/integrations/${data.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${admin}` } });
  expect(removed.status).toBe(204);
});
