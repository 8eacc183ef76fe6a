// The page in the shopper's language: German and Arabic journeys end to end, every language free of
// accessibility violations on both forms, and the right-to-left layout (screenshots for docs/languages.md with
// EPR_SCREENSHOTS=1).
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { servers } from './support/servers';
import { Sandbox } from './support/sandbox';
import { EpApi } from './support/ep-api';
import { watchHealth } from './support/page-health';

const site = servers.crossOrigin;
const sandbox = new Sandbox(site.api);
const api = new EpApi(site.api);
const ADA = 'ada@example.com';
const NEW_PASSWORD = 'a brand new passphrase for ada';

test.beforeEach(async () => {
  await sandbox.reset();
});

type Journey = {
  locale: string;
  dir: 'ltr' | 'rtl';
  email: string;
  send: string;
  sent: string;
  form: string;
  newPassword: string;
  confirm: string;
  submit: string;
  done: string;
};

const journeys: Journey[] = [
  {
    locale: 'de', dir: 'ltr', email: 'E-Mail-Adresse', send: 'Link zum Zurücksetzen senden',
    sent: 'Sehen Sie in Ihrem Postfach nach', form: 'Neues Passwort wählen', newPassword: 'Neues Passwort',
    confirm: 'Neues Passwort bestätigen', submit: 'Passwort ändern', done: 'Ihr Passwort wurde geändert',
  },
  {
    locale: 'ar', dir: 'rtl', email: 'البريد الإلكتروني', send: 'إرسال رابط إعادة التعيين',
    sent: 'تحقّق من بريدك الإلكتروني', form: 'اختر كلمة مرور جديدة', newPassword: 'كلمة المرور الجديدة',
    confirm: 'تأكيد كلمة المرور الجديدة', submit: 'تغيير كلمة المرور', done: 'تم تغيير كلمة المرور',
  },
];

/** The e-mailed link for `username`, carrying `locale` as the mailer writes it. */
async function link(username: string, locale: string): Promise<string> {
  await api.requestCode(username);
  const outbox = await sandbox.outbox();
  return `${outbox[outbox.length - 1].link}&locale=${locale}`;
}

async function expectLanguage(page: Page, locale: string, dir: string): Promise<void> {
  for (const root of [page.locator('ep-password-reset'), page.locator('.epr-page')]) {
    await expect(root).toHaveAttribute('lang', locale);
    await expect(root).toHaveAttribute('dir', dir);
  }
}

for (const j of journeys) {
  test(`${j.locale}: forgot request, then the e-mailed link opens the change page in ${j.locale}`, async ({ page }) => {
    const health = watchHealth(page);
    await page.goto(`${site.app}/forgot_password?locale=${j.locale}`);
    await expectLanguage(page, j.locale, j.dir);
    await page.getByLabel(j.email).fill(ADA);
    await page.getByRole('button', { name: j.send }).click();
    await expect(page.getByRole('heading', { name: j.sent })).toBeVisible();
    const [email] = await sandbox.outbox();

    await page.goto(`${email.link}&locale=${j.locale}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(j.form);
    await expectLanguage(page, j.locale, j.dir);
    // The address keeps its own direction inside the sentence.
    await expect(page.locator('.epr-account bdi')).toHaveText(ADA);
    await page.getByLabel(j.newPassword, { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel(j.confirm).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: j.submit }).click();
    await expect(page.getByRole('heading', { level: 1, name: j.done })).toBeVisible();
    expect(await api.passwordLogin(ADA, NEW_PASSWORD)).toBe(201);
    expect(health.problems).toEqual([]);
  });
}

test('the browser language decides when the page says nothing, and a region falls back to the language', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'nl-BE' });
  const page = await context.newPage();
  // The shipped page declares <html lang="en">, a store statement; without it the browser decides.
  await page.route(`${site.app}/forgot_password`, async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace('<html lang="en">', '<html>');
    await route.fulfill({ response, body });
  });
  await page.goto(`${site.app}/forgot_password`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wachtwoord vergeten?');
  await expect(page.locator('ep-password-reset')).toHaveAttribute('lang', 'nl');
  await context.close();
});

test('an unknown or hostile locale parameter leaves the page in English, and nothing breaks', async ({ page }) => {
  const health = watchHealth(page);
  for (const value of ['pt-BR', '%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', '..%2F..%2Fetc', 'x'.repeat(500)]) {
    await page.goto(`${site.app}/forgot_password?locale=${value}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Forgot your password?');
  }
  expect(health.problems).toEqual([]);
});

const LOCALES = ['en', 'de', 'fr', 'es', 'nl', 'pl', 'ar', 'he'];

async function noViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

for (const locale of LOCALES) {
  test(`${locale}: the forgot form and the change form have no accessibility violations`, async ({ page }) => {
    await page.goto(`${site.app}/forgot_password?locale=${locale}`);
    await expect(page.locator('.epr-page')).toHaveAttribute('lang', locale);
    await expect(page.locator('input[autocomplete="username"]')).toBeVisible();
    await noViolations(page);

    await page.goto(await link(ADA, locale));
    await expect(page.locator('.epr-page')).toHaveAttribute('lang', locale);
    await expect(page.locator('input[autocomplete="new-password"]').first()).toBeVisible();
    // The checklist and an error shown too, so their text is checked as well.
    await page.locator('input[autocomplete="new-password"]').first().fill('short');
    await noViolations(page);
  });
}

for (const locale of ['ar', 'he']) {
  test(`${locale}: the change form mirrors (checklist, show/hide button and notice on the right)`, async ({ page }) => {
    await page.setViewportSize({ width: 480, height: 900 });
    await page.goto(await link(ADA, locale));
    const field = page.locator('input[autocomplete="new-password"]').first();
    await field.fill('short');
    const toggle = page.locator('.epr-toggle').first();
    const [fieldBox, toggleBox] = [await field.boundingBox(), await toggle.boundingBox()];
    // Right to left: the show/hide button follows the field, so it sits on its left.
    expect(toggleBox!.x + toggleBox!.width).toBeLessThanOrEqual(fieldBox!.x);
    // The checklist's marks and indent are on the right.
    const indent = await page.locator('#epr-requirements ul').evaluate((ul) => {
      const style = getComputedStyle(ul);
      return [style.paddingRight, style.paddingLeft];
    });
    // Indented on the right (the start side in RTL), nothing on the left.
    expect(Number.parseFloat(indent[0])).toBeGreaterThan(10);
    expect(indent[1]).toBe('0px');
    if (process.env.EPR_SCREENSHOTS) {
      await page.screenshot({ path: `../../docs/screenshots/change-password-${locale}.png`, fullPage: true });
    }
  });
}
