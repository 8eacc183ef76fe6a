// The measuring half of `cargo xtask bench`, which builds the app, serves it and the vanilla page
// (tests/bench/vanilla/) with ep-sandbox, and sets BENCH_OURS, BENCH_VANILLA and BENCH_RUNS.
//
// In headless Chromium, for each page (forgot form, change form), each network profile and each site
// (ours, vanilla): BENCH_RUNS cold loads (a fresh browser context each, HTTP cache disabled), timed from
// navigation start to "interactive". Then the cost of one keystroke in our new-password field.
// A benchmark: it prints, it asserts nothing.
//
// Interactive: the page's text field (forgot: the username field; change: the new-password field) and
// its form's submit button are both rendered (have a layout box), the button is not disabled, and the
// field is neither disabled nor read-only, so a click submits and a keystroke types. Checked by a
// script the bench injects before the page's own, on every DOM change (MutationObserver), with
// `performance.now()` (milliseconds since navigation start).
import { chromium } from '@playwright/test';

const OURS = required('BENCH_OURS');
const VANILLA = required('BENCH_VANILLA');
const RUNS = Number(process.env.BENCH_RUNS ?? '5');

const PAGES = [
  { name: 'forgot form', path: '/forgot_password', field: 'form input[autocomplete="username"]' },
  {
    name: 'change form',
    // The code is never exchanged: the bench does not submit.
    path: '/change_password?username=ada%40example.com&token=bench0',
    field: 'form input[autocomplete="new-password"]',
  },
];

// Chrome DevTools' presets (devtools-frontend, core/sdk/NetworkManager.ts), per request: latency in ms,
// throughput in bytes per second.
const PROFILES = [
  { name: 'no throttling', conditions: null },
  {
    name: '4G',
    note: 'DevTools "Fast 4G": 165 ms, 9 Mbit/s down, 1.5 Mbit/s up, each x 0.9',
    conditions: { latency: 60 * 2.75, downloadThroughput: (9e6 / 8) * 0.9, uploadThroughput: (1.5e6 / 8) * 0.9 },
  },
  {
    name: '3G',
    note: 'DevTools "3G" (was "Slow 3G"): 2,000 ms, 500 kbit/s down and up, x 0.8',
    conditions: { latency: 400 * 5, downloadThroughput: (500e3 / 8) * 0.8, uploadThroughput: (500e3 / 8) * 0.8 },
  },
];

// 64 characters, typed one key at a time into our new-password field.
const PASSWORD = 'correct horse battery staple, then a walk by the river at 6 a.m.';

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set: run this through \`cargo xtask bench\``);
    process.exit(2);
  }
  return value;
}

/** Injected before the page's scripts: records when the page first becomes interactive. */
function interactiveProbe(fieldSelector) {
  window.__benchInteractiveAt = null;
  const rendered = (element) => element.getClientRects().length > 0;
  const interactive = () => {
    const field = document.querySelector(fieldSelector);
    const button = field?.form?.querySelector('button[type="submit"]');
    return Boolean(
      field && button && rendered(field) && rendered(button) && !button.disabled && !field.disabled && !field.readOnly,
    );
  };
  const check = () => {
    if (window.__benchInteractiveAt === null && interactive()) {
      window.__benchInteractiveAt = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true });
}

/** One cold load: milliseconds to interactive, and the bytes the page's own origin sent until `load`. */
async function coldLoad(browser, site, page, conditions) {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (conditions) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...conditions });
    const fromSite = new Set();
    let bytes = 0;
    cdp.on('Network.requestWillBeSent', (e) => e.request.url.startsWith(site) && fromSite.add(e.requestId));
    cdp.on('Network.loadingFinished', (e) => fromSite.has(e.requestId) && (bytes += e.encodedDataLength));
    await tab.addInitScript(interactiveProbe, page.field);
    await tab.goto(site + page.path, { waitUntil: 'commit', timeout: 120_000 });
    const at = await tab.waitForFunction(() => window.__benchInteractiveAt, null, { timeout: 120_000 });
    const ms = await at.jsonValue();
    await tab.waitForLoadState('load', { timeout: 120_000 });
    return { ms, bytes };
  } finally {
    await context.close();
  }
}

/** The API calls a page makes when it opens (method and path), unthrottled, once it has settled. */
async function requestsAtLoad(browser, site, page) {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    const calls = [];
    const path = (url) => new URL(url).pathname.replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/g, '…');
    tab.on('request', (r) => !r.url().startsWith(site) && calls.push(`${r.method()} ${path(r.url())}`));
    await tab.goto(site + page.path);
    await tab.waitForLoadState('networkidle');
    return calls;
  } finally {
    await context.close();
  }
}

/** Our change form: the time from each keystroke's `input` event to the end of the work it causes. */
async function keystrokes(browser) {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    const change = PAGES[1];
    await tab.addInitScript(interactiveProbe, change.field);
    await tab.goto(OURS + change.path);
    await tab.waitForFunction(() => window.__benchInteractiveAt);
    const field = tab.locator(change.field).first();
    await field.focus(); // fetches the common-password list: wait for it, so every check runs in full
    await tab.waitForLoadState('networkidle');
    await field.evaluate((input) => {
      // What the field's aria-describedby points at: the requirements checklist and the strength hint.
      const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
      const checklist = ids.map((id) => document.getElementById(id)).filter(Boolean);
      let changed = false;
      const observer = new MutationObserver(() => (changed = true));
      for (const element of checklist) {
        observer.observe(element, { subtree: true, childList: true, attributes: true, characterData: true });
      }
      window.__benchKeystrokes = [];
      // Capture phase on window: runs before the app's own listener on the field.
      window.addEventListener(
        'input',
        (event) => {
          if (event.target !== input) return;
          const start = performance.now();
          changed = false;
          // A message is a new task: it runs once the app's handler, the checks and the reactive DOM
          // updates (microtasks) are all done.
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            if (observer.takeRecords().length > 0) changed = true;
            window.__benchKeystrokes.push({ ms: performance.now() - start, changed });
          };
          channel.port2.postMessage(null);
        },
        true,
      );
    });
    await field.pressSequentially(PASSWORD, { delay: 20 });
    await tab.waitForFunction((n) => window.__benchKeystrokes.length >= n, PASSWORD.length);
    return await tab.evaluate(() => window.__benchKeystrokes);
  } finally {
    await context.close();
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const ms = (value) => `${Math.round(value)} ms`.padStart(9);
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  console.log(`Chromium ${browser.version()}, ${RUNS} cold loads per case (fresh context, cache disabled)`);
  for (const profile of PROFILES.filter((p) => p.note)) console.log(`  ${profile.name}: ${profile.note}`);
  for (const page of PAGES) {
    const [ours, vanilla] = [await requestsAtLoad(browser, OURS, page), await requestsAtLoad(browser, VANILLA, page)];
    const alike = [...ours].sort().join() === [...vanilla].sort().join();
    const calls = alike ? `ours and vanilla alike: ${ours.join(', ')}` : `ours ${ours.join(', ')}; vanilla ${vanilla.join(', ')}`;
    console.log(`  ${page.name}, API calls at load, ${calls}`);
  }
  const rows = [];
  for (const page of PAGES) {
    for (const profile of PROFILES) {
      const samples = { ours: [], vanilla: [] };
      const bytes = { ours: 0, vanilla: 0 };
      for (let run = 0; run < RUNS; run++) {
        // Interleaved, so a busy moment of the machine hits both sites alike.
        for (const [name, site] of [['ours', OURS], ['vanilla', VANILLA]]) {
          const load = await coldLoad(browser, site, page, profile.conditions);
          samples[name].push(load.ms);
          bytes[name] = load.bytes;
        }
      }
      const [ours, vanilla] = [median(samples.ours), median(samples.vanilla)];
      rows.push({ page: page.name, profile: profile.name, ours, vanilla, bytes });
      const each = (values) => values.map(Math.round).join(' ');
      console.log(`  ${page.name}, ${profile.name}: ours ${each(samples.ours)} ms; vanilla ${each(samples.vanilla)} ms`);
    }
  }
  console.log(`\n${'time to interactive, median'.padEnd(27)}${'ours'.padStart(9)}${'vanilla'.padStart(9)}  ours/vanilla`);
  for (const row of rows) {
    const ratio = `${(row.ours / row.vanilla).toFixed(1)}x`.padStart(14);
    console.log(`${`${row.page}, ${row.profile}`.padEnd(27)}${ms(row.ours)}${ms(row.vanilla)}${ratio}`);
  }
  for (const page of PAGES) {
    const { bytes } = rows.find((r) => r.page === page.name);
    console.log(`transfer until load, ${page.name}: ours ${kb(bytes.ours)}, vanilla ${kb(bytes.vanilla)} (headers included)`);
  }
  const typed = await keystrokes(browser);
  const costs = typed.map((k) => k.ms);
  console.log(
    `password checks per keystroke (ours, change form, ${typed.length} keys, no throttling): ` +
      `median ${median(costs).toFixed(1)} ms, worst ${Math.max(...costs).toFixed(1)} ms; ` +
      `${typed.filter((k) => k.changed).length} of them changed the checklist or the strength hint`,
  );
} finally {
  await browser.close();
}
