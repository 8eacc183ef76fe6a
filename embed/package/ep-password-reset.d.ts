// Types of `ep-password-reset`: the <ep-password-reset> element, its attributes and events, for the DOM,
// React 19's JSX and Vue's templates. Importing the package (in a browser) defines the element.

/** Which view the element shows; without it, the page under `base-path` at the address decides. */
export type EpPasswordResetView = 'forgot' | 'change' | 'auto';

/** What the shopper's username must look like. */
export type EpPasswordResetUsernameFormat = 'email' | 'any';

/** `detail.code` of `ep-reset-error`: what failed, as a short stable string. */
export type EpPasswordResetErrorCode =
  | 'configuration'
  | 'not-configured'
  | 'network'
  | 'server'
  | 'rate-limited'
  | 'password-rejected'
  | 'update-refused'
  | 'no-account'
  | 'self-management-disabled'
  | 'link-incomplete'
  | 'failed'
  | 'load';

/**
 * The element's attributes, as written in HTML. Read when the element is connected: change them, then
 * remove and re-add the element.
 */
export interface EpPasswordResetAttributes {
  /** The store's API origin, e.g. `https://useast.api.elasticpath.com` (required). */
  'api-base': string;
  /** The store's public client id (required). Never a client secret. */
  'client-id': string;
  /** The Account Management realm; discovered when absent. */
  'realm-id'?: string;
  /** The password profile with one-time password tokens; discovered when absent. */
  'password-profile-id'?: string;
  /** A BCP 47 language tag; else `lang` of the page, else the browser's languages. */
  locale?: string;
  /** Where "Continue" goes after the password was changed (a path on this site). */
  'return-to'?: string;
  /** The storefront's sign-in page (a path on this site). */
  'sign-in-url'?: string;
  /** The path the element's pages live under (`…/forgot_password`, `…/change_password`). */
  'base-path'?: string;
  /** At least this many characters (8 to 64). */
  'min-password-length'?: number | `${number}`;
  /** Seconds before another link can be asked for. */
  'resend-cooldown-secs'?: number | `${number}`;
  'username-format'?: EpPasswordResetUsernameFormat;
  view?: EpPasswordResetView;
}

/** `detail` of each event the element dispatches (every one bubbles and is composed). */
export interface EpPasswordResetEventDetails {
  /** The element shows its first view, configured. */
  'ep-reset-ready': null;
  /** "A link is on its way" (whether or not the account exists). */
  'ep-reset-link-sent': null;
  /** The password was changed. */
  'ep-reset-password-changed': null;
  /** The link's code was expired, used or wrong. */
  'ep-reset-link-expired': null;
  /** Something failed; `code` says what. */
  'ep-reset-error': { code: EpPasswordResetErrorCode };
}

/** Every event the element dispatches, by name. */
export type EpPasswordResetEventMap = {
  [Name in keyof EpPasswordResetEventDetails]: CustomEvent<EpPasswordResetEventDetails[Name]>;
};

/** The `<ep-password-reset>` element. */
export interface EpPasswordResetElement extends HTMLElement {
  addEventListener<K extends keyof EpPasswordResetEventMap>(
    type: K,
    listener: (this: EpPasswordResetElement, event: EpPasswordResetEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: EpPasswordResetElement, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof EpPasswordResetEventMap>(
    type: K,
    listener: (this: EpPasswordResetElement, event: EpPasswordResetEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: EpPasswordResetElement, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

/** The element's class, as `customElements.get('ep-password-reset')` gives it in a browser. */
export type EpPasswordResetConstructor = {
  prototype: EpPasswordResetElement;
  new (): EpPasswordResetElement;
};

declare global {
  interface HTMLElementTagNameMap {
    'ep-password-reset': EpPasswordResetElement;
  }
  interface DocumentEventMap extends EpPasswordResetEventMap {}
}

/** The element in React 19's JSX: its attributes (typed), `ref`, `key`, and the common HTML ones. */
type ReactProps = Partial<EpPasswordResetAttributes> &
  Pick<EpPasswordResetAttributes, 'api-base' | 'client-id'> & {
    ref?: import('react').Ref<EpPasswordResetElement>;
    key?: import('react').Key;
    id?: string;
    class?: string;
    className?: string;
    style?: import('react').CSSProperties;
    lang?: string;
    hidden?: boolean;
    suppressHydrationWarning?: boolean;
  };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'ep-password-reset': ReactProps;
    }
  }
}

/** `api-base` as Vue names a prop: `apiBase`. */
type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;

/** The element's attributes as Vue's props, and a typed handler for each of its events (`@ep-reset-error`). */
type VueProps = {
  [Name in keyof EpPasswordResetAttributes as Camel<Name>]: EpPasswordResetAttributes[Name];
} & {
  [Name in keyof EpPasswordResetEventMap as `on${Capitalize<Camel<Name>>}`]?: (event: EpPasswordResetEventMap[Name]) => void;
};

/** The element in Vue's templates (with `compilerOptions.isCustomElement` set for it). */
declare module 'vue' {
  interface GlobalComponents {
    'ep-password-reset': import('vue').DefineComponent<
      Partial<VueProps> & Pick<VueProps, 'apiBase' | 'clientId'>
    >;
  }
}

export {};
