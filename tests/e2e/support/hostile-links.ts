// The hostile-link corpus (hostile-links/) and the checks each link's page must pass: no panic, no script
// of the link's runs, no request carries the code before a submit (nor a Referer or a cookie), the code
// and username leave the address bar, and the element offers a usable way forward. Used against the
// standalone page (hostile-links.spec.ts) and inside the Next.js example (examples/).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, type Request } from '@playwright/test';
import type { LoggedRequest, Sandbox } from './sandbox';
export const { generate, CODE } = require('../hostile-links/generate.cjs') as { generate: () => string[]; CODE: string };

const dir = join(__dirname, '..', 'hostile-links');

/** Where the links are opened: the page's origin and the path the element's pages live under. */
export type Site = { app: string; basePath: string; api: string };

/** The paths of a corpus file: its lines that start with "/" (the rest are comments and blank lines). */
export function corpus(file: string): string[] {
  return readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('/'));
}

/** What must never leave the page before a submit: the marker code, and every `token` value the link carries. */
export function secretsOf(path: string): string[] {
  const url = new URL(path, 'http://127.0.0.1');
  const tokens = [url.searchParams, new URLSearchParams(url.hash.slice(1))].flatMap((p) => p.getAll('token'));
  // Short values ("a", "1") would match anything; the corpus's codes are longer.
  const secrets = [...tokens.map((t) => t.trim()), path.includes(CODE) ? CODE : ''].filter((s) => s.length >= 6);
  return [...new Set(secrets.flatMap((s) => [s, encodeURIComponent(s)]))];
}

/** Problems with the requests the page made after its own document (assets, API calls). */
export async function requestProblems(requests: Request[], secrets: string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const request of requests) {
    const headers = await request.allHeaders().catch(() => request.headers());
    const carried = [request.url(), request.postData() ?? '', ...Object.values(headers)].join('\n');
    const name = `${request.method()} ${new URL(request.url()).pathname}`;
    if (secrets.some((secret) => carried.includes(secret))) problems.push(`${name} carries the code`);
    // (Playwright shows an empty Referer for a file served from the memory cache: none was sent.) Cookies
    // are checked in the sandbox's record: the app's own files come with the storefront's, as any page's do.
    if (headers.referer) problems.push(`${name} sends a Referer`);
    if (/account-members\/tokens|one-time-password-token-request|user-authentication-password-profile-info/.test(request.url())) {
      problems.push(`${name} was sent without a submit`);
    }
  }
  return problems;
}

/** Problems the page itself shows: script that ran, markup that became elements, no way forward. */
export async function pageProblems(page: Page, scripts?: number): Promise<string[]> {
  return page.evaluate((scripts) => {
    const problems: string[] = [];
    const runs = (window as unknown as { __hostileRuns: number[] }).__hostileRuns;
    if (runs.length > 0) problems.push(`script ran: __hostile(${runs.join(', ')})`);
    for (const element of Array.from(document.querySelectorAll('*'))) {
      for (const attribute of Array.from(element.attributes)) {
        if (attribute.name.startsWith('on')) problems.push(`<${element.localName} ${attribute.name}> exists`);
      }
    }
    if (scripts !== undefined && document.scripts.length !== scripts) problems.push(`${document.scripts.length} script elements`);
    const mount = document.querySelector('ep-password-reset');
    const foreign = 'script,iframe,frame,object,embed,img,svg,math,style,link,meta,base,video,audio,source,details,noscript,template';
    for (const element of Array.from(mount?.querySelectorAll(foreign) ?? [])) problems.push(`<${element.localName}> in the page`);
    for (const link of Array.from(document.querySelectorAll('a[href]'))) {
      if (!/^\/(?!\/)/.test(link.getAttribute('href') ?? '')) problems.push(`a link to ${link.getAttribute('href')}`);
    }
    // The code and the username leave the address bar at once.
    for (const part of [location.search, location.hash]) {
      const params = new URLSearchParams(part.slice(1));
      if (params.has('token') || params.has('username')) problems.push('the address bar still carries the link');
    }
    // A usable way forward inside the element: a form that can be submitted, or a link to ask for a new one.
    const root = mount ?? document;
    const visible = (element: Element | null) => element instanceof HTMLElement && element.offsetParent !== null;
    const heading = root.querySelector('h1');
    if (!visible(heading)) problems.push('no visible heading');
    if (heading?.textContent === 'Password reset is unavailable') problems.push('the configuration page');
    const submit = Array.from(root.querySelectorAll('form button[type=submit]')).find(
      (button) => visible(button) && !(button as HTMLButtonElement).disabled,
    );
    const fields = Array.from(root.querySelectorAll('form input')).filter(
      (input) => visible(input) && !(input as HTMLInputElement).readOnly,
    );
    const newLink = Array.from(root.querySelectorAll('a[href$="/forgot_password"]')).find(visible);
    if (!(submit && fields.length > 0) && !newLink) problems.push('no way forward (no usable form, no link to ask again)');
    return problems;
  }, scripts);
}

/** The sandbox's record of every API request: none used the code, none carried a Referer or a cookie. */
export function sandboxProblems(logged: LoggedRequest[]): string[] {
  const problems: string[] = [];
  for (const r of logged) {
    if (['account_member_tokens', 'otp_request', 'uappi_list', 'uappi_update'].includes(r.route)) {
      problems.push(`the sandbox saw a ${r.route} request`);
    }
    if ('referer' in r.headers) problems.push(`the sandbox saw a Referer on ${r.method} ${r.path}`);
    if ('cookie' in r.headers) problems.push(`the sandbox saw a cookie on ${r.method} ${r.path}`);
  }
  return problems;
}

/** Watches one page for everything the checks need, across the links it opens; `console` is kept only to
 * explain a page that did not reach the API. */
export function watch(page: Page) {
  const state = { requests: [] as Request[], events: [] as string[], console: [] as string[] };
  page.on('console', (message) => state.console.push(`console ${message.type()}: ${message.text().slice(0, 200)}`));
  page.on('pageerror', (error) => state.events.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    state.events.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss().catch(() => {});
  });
  page.on('request', (request) => state.requests.push(request));
  return state;
}

export async function prepare(page: Page, site: Site): Promise<ReturnType<typeof watch>> {
  // A cookie the page must never send (the API is on another port of the same host: it would receive it).
  await page.context().addCookies([{ name: 'shopper_session', value: 'must-not-travel', url: site.app }]);
  await page.addInitScript(() => {
    const runs: number[] = [];
    Object.assign(window, { __hostileRuns: runs, __hostile: (n: number) => runs.push(n) });
  });
  return watch(page);
}

/** What this page asked the API and what became of it, to explain a page that did not reach discovery. */
async function apiTrail(site: Site, state: ReturnType<typeof watch>): Promise<string[]> {
  const trail: string[] = [];
  for (const request of state.requests.filter((r) => r.url().startsWith(site.api))) {
    const response = await request.response().catch(() => null);
    const outcome = response ? String(response.status()) : (request.failure()?.errorText ?? 'no answer yet');
    trail.push(`${request.method()} ${new URL(request.url()).pathname}: ${outcome}`);
  }
  return [...trail, ...state.console];
}

/**
 * Opens `path` under the site's base path, fresh, and returns every problem found (none for a link the
 * app handles safely); `scripts`: how many script elements the page has (unchecked when undefined).
 */
export async function problemsWith(page: Page, site: Site, state: ReturnType<typeof watch>, path: string, scripts?: number): Promise<string[]> {
  const problems: string[] = [];
  try {
    // From a blank page, so a link differing from the last address only after "#" still loads the app.
    await page.goto('about:blank');
    state.requests = [];
    state.events = [];
    state.console = [];
    // Generous: 324 loads in a row on a busy 2-core machine. The app gives each request 20 s
    // (src/api/transport.rs) and then carries on, so a page whose token request went unanswered reaches
    // discovery only after that; one whose settings request went unanswered never does. A link that
    // fails here lists its page's API requests, so the failure says which request stalled.
    const discovered = page.waitForResponse((r) => r.url().endsWith('/password-profiles'), { timeout: 30_000 });
    await page.goto(`${site.app}${site.basePath}${path}`);
    await discovered;
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 5_000 });
    problems.push(...(await pageProblems(page, scripts)));
    // The link's own document request (and a redirect's) is the one request that may carry it.
    const afterDocument = state.requests.filter((request) => !request.isNavigationRequest());
    problems.push(...(await requestProblems(afterDocument, secretsOf(path))));
    // Only a request this page made counts (state.requests starts empty after about:blank).
    if (!state.requests.includes((await discovered).request())) {
      problems.push('the discovery answer it waited for was an earlier page\'s', ...(await apiTrail(site, state)));
    }
  } catch (error) {
    problems.push(`did not open: ${String(error).split('\n')[0]}`, ...(await apiTrail(site, state)));
  }
  return [...problems, ...state.events];
}


/**
 * Opens every link of `links` in turn on one page and returns each failure: a link's problems, the
 * sandbox's, and pages that never reached the API.
 */
export async function corpusFailures(
  page: Page,
  site: Site,
  state: ReturnType<typeof watch>,
  links: string[],
  sandbox: Sandbox,
  scripts?: number,
): Promise<string[]> {
  const failures: string[] = [];
  for (const [index, path] of links.entries()) {
    const problems = await problemsWith(page, site, state, path, scripts);
    if (problems.length > 0) failures.push(`#${index + 1} ${path.slice(0, 160)}\n    ${problems.join('\n    ')}`);
  }
  const logged = await sandbox.requests();
  failures.push(...sandboxProblems(logged));
  const discoveries = logged.filter((r) => r.route === 'password_profiles' && r.method === 'GET').length;
  if (discoveries < links.length) failures.push(`only ${discoveries} of ${links.length} pages reached the API`);
  return failures;
}
