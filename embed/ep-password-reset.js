// <ep-password-reset>: the one file a page loads to embed the password reset, and the npm package's entry.
//
//   <script type="module" src="https://cdn.example/reset/ep-password-reset.js" referrerpolicy="no-referrer"></script>
//   <ep-password-reset api-base="https://useast.api.elasticpath.com" client-id="…"></ep-password-reset>
//
// or, in a bundled storefront, `import('ep-password-reset')` in the browser.
//
// `cargo xtask build` writes this file into dist/ with the content-hashed names of the app's files filled
// in. Every file it loads is named here by a static `new URL('./…', import.meta.url)` or `import('./…')`:
// served as built, each is fetched from beside this file (dist/ may sit at any path on any origin); bundled
// (Vite, webpack, Nuxt), the bundler emits each file and these name where it put it, with no copy step.
//
// In a browser it defines the element, once however often it is imported, and nothing else on the page's
// globals; where there is no DOM (server-side rendering) it does nothing. The WASM is fetched when the first
// element is connected; each element mounts a fresh app when connected and unmounts it when removed.
// Attributes are read when the element is connected: change them, then remove and re-add the element.

const NAME = 'ep-password-reset';
const WASM_INTEGRITY = '__EP_RESET_WASM_INTEGRITY__';
/// Marks the referrer meta element this file adds.
const OURS = 'data-ep-password-reset';

const wasmUrl = () => new URL('./__EP_RESET_WASM__', import.meta.url).href;
const stylesheetUrl = () => new URL('./__EP_RESET_CSS__', import.meta.url).href;
const appScript = () => import('./__EP_RESET_JS__');
/** The static files the app fetches, by their names as built (in dist/), each to its URL. */
const staticFiles = () => ({
  __EP_RESET_FILES__
});

let loading = null;

/** The app's module, its WASM instantiated: once per page, shared by every element. */
function load() {
  if (!loading) {
    // Both files at once: the WASM's download does not wait for the script's. As a preload would fetch
    // it (a page may preload it, as the standalone page does), so the browser uses that download:
    // cookies only to the page's own origin, like its other files, none to a CDN.
    const wasm = fetch(wasmUrl(), {
      credentials: 'same-origin',
      integrity: WASM_INTEGRITY,
      referrerPolicy: 'no-referrer',
    });
    // If the script fails instead, nobody awaits the WASM: its failure must not be an unhandled rejection.
    wasm.catch(() => {});
    loading = appScript().then(async (app) => {
      await app.default({ module_or_path: wasm });
      return app;
    });
    // A failed load is not kept: an element added later tries again.
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}

/** The element's stylesheet, once, in the document's head (its rules are scoped to the element). */
function addStylesheet() {
  const href = stylesheetUrl();
  const links = document.querySelectorAll('link[rel=stylesheet]');
  if (Array.prototype.some.call(links, (link) => link.href === href)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  document.head.append(link);
}

const referrerMetas = () => document.head.querySelectorAll('meta[name=referrer]');

/**
 * A reset link carries a one-time code in the page's address: while an element is on the page, the
 * document's referrer policy is `no-referrer`. The last referrer meta inserted sets the policy, so ours
 * goes last, before any of our files is fetched, and goes last again if the host adds a weaker one later.
 */
function keepReferrerPrivate() {
  let ours = document.head.querySelector(`meta[${OURS}]`);
  if (!ours) {
    ours = document.createElement('meta');
    ours.name = 'referrer';
    ours.content = 'no-referrer';
    ours.setAttribute(OURS, '');
  }
  const metas = referrerMetas();
  if (metas[metas.length - 1] !== ours) document.head.append(ours);
}

/** Defines the element (in a browser, once). */
function define() {
  const headWatch = new MutationObserver(keepReferrerPrivate);

  /** The last element left: the host's own referrer meta, if any, applies again (re-inserted). */
  function releaseReferrer() {
    headWatch.disconnect();
    document.head.querySelector(`meta[${OURS}]`)?.remove();
    const metas = referrerMetas();
    const host = metas[metas.length - 1];
    host?.replaceWith(host.cloneNode(true));
  }

  class EpPasswordReset extends HTMLElement {
    #app = null;
    #connections = 0;

    connectedCallback() {
      keepReferrerPrivate();
      headWatch.observe(document.head, { childList: true });
      addStylesheet();
      const connection = ++this.#connections;
      load().then(
        (app) => {
          if (connection !== this.#connections || !this.isConnected || this.#app) return;
          this.#app = app.MountedApp.mount(this, staticFiles());
        },
        () => {
          if (connection !== this.#connections) return;
          console.error(`${NAME}: the app's files could not be loaded from ${new URL('.', wasmUrl()).href}`);
          const detail = { code: 'load' };
          this.dispatchEvent(new CustomEvent('ep-reset-error', { bubbles: true, composed: true, detail }));
        },
      );
    }

    disconnectedCallback() {
      this.#connections++;
      this.#app?.unmount();
      this.#app?.free();
      this.#app = null;
      if (!document.querySelector(NAME)) releaseReferrer();
    }
  }

  customElements.define(NAME, EpPasswordReset);
}

if (typeof customElements !== 'undefined' && typeof document !== 'undefined' && !customElements.get(NAME)) {
  define();
}
