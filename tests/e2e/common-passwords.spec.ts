// The common-password check never vanishes silently: whatever the full list's load meets (the single-page
// fallback's index.html, the same HTML labelled text/plain, a truncated file, a 503), the built-in short
// list still refuses the most common passwords, the checklist says that only the short list was checked
// (never "isn't a commonly used password"), and the full list is loaded again once it is back. The page's
// clock is Playwright's, so the waits between tries pass when the test says.
import { test, expect, type Page } from '@playwright/test';
import { servers } from './support/servers';
import { Sandbox, type Switches } from './support/sandbox';
import { EpApi } from './support/ep-api';

const site = servers.crossOrigin;
const sandbox = new Sandbox(site.api);
const api = new EpApi(site.api);
const ADA = 'ada@example.com';

/** On the built-in list (the full list's 35th entry). */
const BUILT_IN = 'password1';
/** On the full list (its 200th entry) but not the built-in one. */
const FULL_ONLY = 'freepass';
const FULL_CHECKED = "isn't a commonly used password";
const PARTLY_CHECKED = "isn't one of the 100 most common passwords (the full list couldn't be loaded)";

const BROKEN: Switches['common_password_list'][] = ['fallback', 'mislabelled', 'truncated', 'unavailable'];

test.beforeEach(async () => {
  await sandbox.reset();
});

async function openChangePage(page: Page): Promise<void> {
  await api.requestCode(ADA);
  const [email] = await sandbox.outbox();
  await page.clock.install();
  await page.goto(email.link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
}

/** The checklist's common-password line. */
const commonLine = (page: Page) => page.locator('.epr-requirements li').filter({ hasText: 'common' });
const newPassword = (page: Page) => page.getByLabel('New password', { exact: true });

test('with the list served, a password on it is refused', async ({ page }) => {
  await openChangePage(page);
  await newPassword(page).fill(FULL_ONLY);
  await expect(commonLine(page)).toHaveText(`${FULL_CHECKED} (not yet)`);
  await expect(commonLine(page)).toHaveClass('epr-unmet');
});

for (const broken of BROKEN) {
  test(`a list that is ${broken}: the short list applies, the checklist says so, and the full list is tried again`, async ({ page }) => {
    await sandbox.setSwitches({ common_password_list: broken });
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await openChangePage(page);
    const field = newPassword(page);
    await field.fill(FULL_ONLY);
    await expect(commonLine(page)).toHaveText(`${PARTLY_CHECKED} (done)`);
    await expect(commonLine(page)).not.toContainText(FULL_CHECKED);
    expect(warnings.join('\n')).toContain('common-passwords.txt could not be used');

    // The most common passwords are refused all the same, and nothing is sent for them.
    await field.fill(BUILT_IN);
    await expect(commonLine(page)).toHaveText(`${FULL_CHECKED} (not yet)`);
    await expect(commonLine(page)).toHaveClass('epr-unmet');
    await page.getByLabel('Confirm new password').fill(BUILT_IN);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.locator('#epr-new-password-error')).toContainText('one of the most common ones');
    expect(await sandbox.count('account_member_tokens')).toBe(0);

    // The list is back: the next try (2 s after the failure) loads it, and the line checks it.
    await sandbox.setSwitches({ common_password_list: 'served' });
    await page.clock.runFor(2_500);
    await field.fill(FULL_ONLY);
    await expect(commonLine(page)).toHaveText(`${FULL_CHECKED} (not yet)`);
    await expect(commonLine(page)).toHaveClass('epr-unmet');
  });
}
