// Watches a page for what must never happen: uncaught errors (a WASM panic shows up here) and console errors.
import type { Page } from '@playwright/test';

export function watchHealth(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  return { problems };
}
