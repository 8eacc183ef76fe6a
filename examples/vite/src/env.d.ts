/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The store's API origin, e.g. https://useast.api.elasticpath.com. */
  readonly VITE_EP_API_BASE: string;
  /** The store's public client id. */
  readonly VITE_EP_CLIENT_ID: string;
}
