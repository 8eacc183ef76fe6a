// The hostile-link corpus (hostile-links/: a committed generator's output plus a hand-written list), each
// link opened in Chromium against the release build: no panic, no script of the link's runs, no request
// carries the code before a submit (nor a Referer or a cookie), the code and username leave the address
// bar, and the page offers a usable way forward. One page opens every link in turn; the run reports
// `N links, M failures` and fails unless M is 0. The checks live in support/hostile-links.ts.
import { test, expect } from '@playwright/test';
import { servers } from './support/servers';
import { Sandbox } from './support/sandbox';
import {
  CODE, corpus, corpusFailures, generate, pageProblems, prepare, problemsWith, requestProblems, sandboxProblems, secretsOf, type Site,
} from './support/hostile-links';

const site: Site = { app: servers.crossOrigin.app, basePath: '', api: servers.crossOrigin.api };
const sandbox = new Sandbox(site.api);
/** The standalone page's one script: the loader. */
const SCRIPTS = 1;

test('the committed corpus is what its generator makes', () => {
  expect(corpus('generated.txt')).toEqual(generate());
});

test('every hostile link: no panic, no script, no early request with the code, a way forward', async ({ page }) => {
  const links = [...corpus('generated.txt'), ...corpus('hand-written.txt')];
  expect(links.length).toBeGreaterThanOrEqual(200);
  test.setTimeout(links.length * 3_000 + 60_000);
  await sandbox.reset();
  const state = await prepare(page, site);

  const failures = await corpusFailures(page, site, state, links, sandbox, SCRIPTS);

  console.log(`hostile links: ${links.length} links, ${failures.length} failures`);
  expect(failures, failures.join('\n')).toEqual([]);
});

test('the checks catch a script that ran, markup, a leaked code, the link left in the address bar, no way forward', async ({ page }) => {
  await sandbox.reset();
  const state = await prepare(page, site);
  const path = `/change_password?username=ada%40example.com&token=${CODE}`;
  expect(await problemsWith(page, site, state, path, SCRIPTS)).toEqual([]);
  expect(sandboxProblems(await sandbox.requests())).toEqual([]);
  const leak = page.waitForRequest((r) => r.url().includes('/v2/leak'));
  await page.evaluate(
    ({ api, code }) => {
      (window as unknown as { __hostile: (n: number) => void }).__hostile(99);
      const image = document.createElement('img');
      image.setAttribute('onerror', 'void 0');
      document.querySelector('ep-password-reset')?.append(image);
      document.querySelector('form')?.remove();
      history.replaceState(null, '', `/change_password?token=${code}`);
      void fetch(`${api}/v2/leak?code=${code}`, { credentials: 'include' }).catch(() => undefined);
    },
    { api: site.api, code: CODE },
  );
  await leak;
  const problems = [...(await pageProblems(page, SCRIPTS)), ...(await requestProblems(state.requests.slice(1), secretsOf(path)))];
  expect(problems).toEqual(
    expect.arrayContaining([
      'script ran: __hostile(99)',
      '<img onerror> exists',
      '<img> in the page',
      'the address bar still carries the link',
      'no way forward (no usable form, no link to ask again)',
      'GET /v2/leak carries the code',
    ]),
  );
  await expect.poll(async () => sandboxProblems(await sandbox.requests())).toEqual(['the sandbox saw a cookie on GET /v2/leak']);
});
