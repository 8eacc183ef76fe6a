// The app shell: every route renders from the release build, at the site root and under a sub-path,
// with no errors and no accessibility violations.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { servers } from './support/servers';
import { watchHealth } from './support/page-health';

const sites = [
  { name: 'site root, cross-origin API', app: servers.crossOrigin.app, base: '' },
  { name: 'sub-path', app: servers.subPath.app, base: servers.subPath.base },
];

const routes = [
  { path: '/forgot_password', heading: 'Forgot your password?' },
  { path: '/change_password', heading: 'Choose a new password' },
  { path: '/no/such/page', heading: 'Page not found' },
];

for (const site of sites) {
  test.describe(site.name, () => {
    for (const route of routes) {
      test(`${route.path} renders its page`, async ({ page }) => {
        const health = watchHealth(page);
        await page.goto(`${site.app}${site.base}${route.path}`);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(route.heading);
        const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
        expect(results.violations.map((v) => v.id)).toEqual([]);
        expect(health.problems).toEqual([]);
      });

      test(`GET ${route.path} returns the app shell`, async ({ request }) => {
        const response = await request.get(`${site.app}${site.base}${route.path}`);
        expect(response.status()).toBe(200);
        const html = await response.text();
        expect(html).toContain('<ep-password-reset');
        expect(html).toContain('<script type="module" src="./ep-password-reset.js"></script>');
        expect(html).toContain('<meta name="referrer" content="no-referrer">');
      });
    }

    test('the not-found page leads to the forgot-password page within the base path', async ({ page }) => {
      await page.goto(`${site.app}${site.base}/somewhere/else`);
      await page.getByRole('link', { name: 'Reset your password' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Forgot your password?');
      expect(new URL(page.url()).pathname).toBe(`${site.base}/forgot_password`);
    });
  });
}

test('the forgot-password form has a labelled e-mail field for password managers', async ({ page }) => {
  await page.goto(`${servers.crossOrigin.app}/forgot_password`);
  const field = page.getByLabel('E-mail address');
  await expect(field).toHaveAttribute('type', 'email');
  await expect(field).toHaveAttribute('autocomplete', 'username');
});

test('each file of the page is downloaded once: the loader takes the preloaded WASM', async ({ page }) => {
  const downloads = new Map<string, number>();
  page.on('request', (request) => {
    const name = new URL(request.url()).pathname.split('/').pop() ?? '';
    if (/\.(js|css|wasm)$/.test(name)) downloads.set(name, (downloads.get(name) ?? 0) + 1);
  });
  const unused: string[] = [];
  page.on('console', (message) => {
    if (/preload.*not used/i.test(message.text())) unused.push(message.text());
  });
  await page.goto(`${servers.crossOrigin.app}/forgot_password`);
  await expect(page.getByRole('button', { name: 'Send reset link' })).toBeEnabled();
  const wasm = [...downloads.keys()].filter((name) => name.endsWith('_bg.wasm'));
  expect(wasm).toHaveLength(1);
  expect([...downloads.entries()].filter(([, count]) => count > 1)).toEqual([]);
  expect(unused).toEqual([]);
});
