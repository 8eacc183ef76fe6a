// Enumeration, proven in the browser: whatever the store answers to the OTP request (202 for a known or an
// unknown address, 400, 404, 422), the confirmation's rendered DOM is byte-identical, and it appears no
// sooner than the 1.5 s floor after the submit. Time is Playwright's clock, stopped at the submit and
// stepped by the test; the answers are real network.
import { test, expect, type Page } from '@playwright/test';
import { servers } from './support/servers';
import { Sandbox } from './support/sandbox';
import { pauseClock } from './support/fake-clock';

const site = servers.crossOrigin;
const sandbox = new Sandbox(site.api);

/** The floor, in ms (core's `MinimumDelay::DEFAULT_MS`). */
const FLOOR_MS = 1500;

const CASES = [
  { answer: '202, known address', username: 'ada@example.com', status: undefined, requests: 1, emails: 1 },
  { answer: '202, unknown address', username: 'nobody@example.com', status: undefined, requests: 1, emails: 0 },
  // 400 and 422 make the page try the other spelling of `type` once: the store refuses both.
  { answer: '400', username: 'ada@example.com', status: 400, requests: 2, emails: 0 },
  { answer: '404', username: 'ada@example.com', status: 404, requests: 1, emails: 0 },
  { answer: '422', username: 'ada@example.com', status: 422, requests: 2, emails: 0 },
];

const confirmation = (page: Page) => page.getByRole('heading', { level: 2, name: 'Check your e-mail' });

test('the confirmation is the same DOM, no sooner than the floor, whatever the store answers', async ({ browser }) => {
  const rendered: { answer: string; html: string }[] = [];
  for (const c of CASES) {
    await test.step(c.answer, async () => {
      await sandbox.reset();
      if (c.status !== undefined) await sandbox.fault({ route: 'otp_request', status: c.status, times: 0 });
      // A fresh context each time: the page keeps a per-address cooldown and the accepted spelling.
      const context = await browser.newContext();
      const page = await context.newPage();
      try {
        await page.clock.install();
        const discovered = page.waitForResponse((r) => r.url().endsWith('/password-profiles'));
        await page.goto(`${site.app}/forgot_password`);
        await discovered;
        await page.getByLabel('E-mail address').fill(c.username);
        let answers = 0;
        page.on('response', (r) => {
          if (r.url().includes('one-time-password-token-request') && r.request().method() === 'POST') answers += 1;
        });
        await pauseClock(page);
        await page.getByRole('button', { name: 'Send reset link' }).click();
        // Every answer is in (real time), while the page's time has not moved since the submit.
        await expect.poll(() => answers).toBe(c.requests);
        expect((await sandbox.requests()).filter((r) => r.route === 'otp_request' && r.method === 'POST').map((r) => r.status)).toEqual(
          Array(c.requests).fill(c.status ?? 202),
        );
        await expect(confirmation(page)).toHaveCount(0);
        await page.clock.runFor(FLOOR_MS - 1);
        await expect(confirmation(page), `shown before the floor (${c.answer})`).toHaveCount(0);
        await page.clock.runFor(1);
        await expect(confirmation(page)).toBeVisible();
        rendered.push({ answer: c.answer, html: await page.locator('ep-password-reset').innerHTML() });
        expect((await sandbox.outbox()).length).toBe(c.emails);
      } finally {
        await context.close();
      }
    });
  }
  const [first, ...rest] = rendered;
  expect(first.html).toContain('Check your e-mail');
  for (const other of rest) expect(other.html, `${other.answer} against ${first.answer}`).toBe(first.html);
});
