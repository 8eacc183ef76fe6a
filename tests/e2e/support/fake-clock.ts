// Playwright's fake clock, stepped by the tests that wait out what the app counts in seconds.
import type { Locator, Page } from '@playwright/test';

/**
 * Stops the page's fake clock where it is now. `pauseAt` refuses a time in the past, and the fake clock
 * keeps flowing with real time until paused, so aim a little ahead of the page's current `Date.now()`.
 */
export async function pauseClock(page: Page): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const now = await page.evaluate(() => Date.now());
    try {
      await page.clock.pauseAt(now + 250);
      return;
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
}

/** Advances the paused fake clock in small steps until `done` holds (at most `limitMs` of fake time). */
export async function stepClockUntil(page: Page, done: () => Promise<boolean>, stepMs: number, limitMs: number): Promise<void> {
  for (let elapsed = 0; elapsed <= limitMs; elapsed += stepMs) {
    if (await done()) return;
    await page.clock.runFor(stepMs);
  }
  throw new Error(`not reached within ${limitMs} ms of fake time`);
}

/** Advances the paused fake clock until `control` is on the page and enabled (e.g. a send button after a wait). */
export async function stepClockUntilEnabled(page: Page, control: Locator, stepMs: number, limitMs: number): Promise<void> {
  await stepClockUntil(page, async () => (await control.count()) === 1 && (await control.isEnabled()), stepMs, limitMs);
}
