// The hostile-link corpus (support/hostile-links.ts) against the element inside the Next.js example: each
// link opened under the example's /account/reset/ route, its production build, the API on its own origin.
// 0 failures: no panic, no script of the link's runs, no request with the code before a submit, the code
// off the address bar, a usable way forward inside the element.
import { test, expect } from '@playwright/test';
import { servers } from '../support/servers';
import { Sandbox } from '../support/sandbox';
import { corpus, corpusFailures, prepare, type Site } from '../support/hostile-links';

// (Next.js adds script elements of its own, so their number is not checked; a script that runs is.)
const site: Site = { app: servers.examples.next, basePath: '/account/reset', api: servers.examples.api };
const sandbox = new Sandbox(site.api);

test('every hostile link inside the Next.js example: no panic, no script, no early request with the code, a way forward', async ({ page }) => {
  const links = [...corpus('generated.txt'), ...corpus('hand-written.txt')];
  expect(links.length).toBeGreaterThanOrEqual(200);
  test.setTimeout(links.length * 3_000 + 60_000);
  await sandbox.reset();
  const state = await prepare(page, site);
  const failures = await corpusFailures(page, site, state, links, sandbox);
  console.log(`hostile links in Next.js: ${links.length} links, ${failures.length} failures`);
  expect(failures, failures.join('\n')).toEqual([]);
});
