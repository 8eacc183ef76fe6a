// The fault matrix: every API call the app makes × every fault the sandbox can inject, and the view the
// page must show for each cell. `fault-matrix.spec.ts` runs one test per cell and prints this table with
// each cell's result; the copy in docs/testing.md (between the fault-matrix markers) must equal `renderTable()`.
import type { Fault, Switches } from './sandbox';
import { servers } from './servers';

/** Which page a call is made from, and when. */
export type Stage = 'forgot page load' | 'forgot submit' | 'change submit';

export type Call = {
  id: string;
  /** The sandbox's route name (the fault's `route`). */
  route: Fault['route'];
  /** Matches the URLs of the route's requests. */
  url: RegExp;
  label: string;
  stage: Stage;
  /** Change page only: a link without `user_authentication_password_profile_info_id`, so the app lists the credentials. */
  linkWithoutCredentialId?: boolean;
};

const TOKEN = /\/oauth\/access_token$/;
export const CALLS: Call[] = [
  { id: 'token-forgot', route: 'access_token', url: TOKEN, label: 'implicit token (forgot page load)', stage: 'forgot page load' },
  { id: 'settings', route: 'settings', url: /\/v2\/settings\/account-authentication$/, label: 'settings discovery', stage: 'forgot page load' },
  { id: 'profiles', route: 'password_profiles', url: /\/password-profiles$/, label: 'profile discovery', stage: 'forgot page load' },
  { id: 'otp', route: 'otp_request', url: /\/one-time-password-token-request$/, label: 'OTP request', stage: 'forgot submit' },
  { id: 'token-change', route: 'access_token', url: TOKEN, label: 'implicit token (change submit)', stage: 'change submit' },
  { id: 'exchange', route: 'account_member_tokens', url: /\/v2\/account-members\/tokens$/, label: 'code exchange', stage: 'change submit' },
  {
    id: 'list',
    route: 'uappi_list',
    url: /\/user-authentication-password-profile-info$/,
    label: 'credential list',
    stage: 'change submit',
    linkWithoutCredentialId: true,
  },
  { id: 'update', route: 'uappi_update', url: /\/user-authentication-password-profile-info\/[^/]+$/, label: 'password update', stage: 'change submit' },
];

/**
 * Where the redirect fault points: a path of the same sandbox, so its request log would show the
 * request had the page followed it.
 */
export const REDIRECT_PATH = '/v2/redirect-target';
const REDIRECT_TARGET = `${servers.crossOrigin.api}${REDIRECT_PATH}`;

export type FaultKind = {
  id: string;
  label: string;
  /** The fault, applied to the call's route until the test clears it. */
  fault: Omit<Fault, 'route'>;
  switches?: Partial<Switches>;
  /** The sandbox holds the request (then drops it): the page's own 20 s timeout must end it. */
  hangs?: boolean;
};

export const FAULTS: FaultKind[] = [
  { id: 'drop', label: 'dropped', fault: { drop: true } },
  // A page that gives up cancels the held request: the sandbox never handles it.
  { id: 'timeout', label: 'timeout', fault: { delay_ms: 60_000, drop: true }, hangs: true },
  { id: '500', label: '500', fault: { status: 500 } },
  { id: '503', label: '503', fault: { status: 503 } },
  { id: '429-ra', label: '429 + Retry-After', fault: { status: 429 }, switches: { expose_retry_after: true } },
  { id: '429', label: '429, none', fault: { status: 429 }, switches: { retry_after: false } },
  { id: 'malformed', label: 'malformed', fault: { malformed: true } },
  { id: '401', label: '401', fault: { status: 401 } },
  { id: '403', label: '403', fault: { status: 403 } },
  { id: 'no-cors', label: 'no CORS (429)', fault: { status: 429 }, switches: { strip_error_cors: true } },
  // A proxy in front of the API that redirects: the page must not follow it with the shopper's tokens.
  { id: 'redirect', label: 'redirect (307)', fault: { redirect: REDIRECT_TARGET } },
];

/** What the page shows after the fault; each has a short name for the table. */
export type Outcome =
  // Forgot page: the form stays with its input and says why; sending again works once the fault is gone.
  | 'network' // "We couldn't reach the store…"
  | 'server' // "The store couldn't handle the request just now…"
  | 'wait' // "Too many requests right now. Please wait N seconds…", the button disabled for the wait
  | 'sent' // the neutral "Check your e-mail" confirmation (nothing to retry)
  | 'unavailable' // "Password reset is unavailable" with the attributes to set (no form)
  // Change page: the form stays with a notice and "Try again", which succeeds once the fault is gone.
  | 'notice: network'
  | 'notice: server'
  | 'notice: wait'
  | 'expired' // "This link has expired or was already used" + "Send me a new link"
  | 'failed' // "Something went wrong" + "Ask for a new link"
  | 'incomplete' // "This link is incomplete"
  | 'switched off' // "Password changes are switched off"
  | 'done'; // "Your password has been changed"

const forgotLoad: Record<string, Outcome> = {
  drop: 'network',
  timeout: 'network',
  '500': 'network',
  '503': 'network',
  '429-ra': 'network',
  '429': 'network',
  malformed: 'unavailable',
  '401': 'unavailable',
  '403': 'unavailable',
  'no-cors': 'network',
  redirect: 'network',
};

const transientChange = {
  drop: 'notice: network',
  timeout: 'notice: network',
  '500': 'notice: server',
  '503': 'notice: server',
  '429-ra': 'notice: wait',
  '429': 'notice: wait',
  'no-cors': 'notice: network',
  redirect: 'notice: server',
} satisfies Record<string, Outcome>;

/** The expected outcome of every cell, by call id and fault id. */
export const EXPECTED: Record<string, Record<string, Outcome>> = {
  'token-forgot': forgotLoad,
  settings: forgotLoad,
  profiles: forgotLoad,
  otp: {
    drop: 'wait', // online, no readable answer: treated as a hidden 429
    timeout: 'network',
    '500': 'server',
    '503': 'server',
    '429-ra': 'wait',
    '429': 'wait',
    malformed: 'sent',
    '401': 'sent',
    '403': 'sent',
    'no-cors': 'wait',
    redirect: 'server',
  },
  // The store refused the page's own token, so the code was never sent and the link is still good: the
  // shopper is told the store cannot help just now, and "Try again" works once it can.
  'token-change': { ...transientChange, malformed: 'notice: server', '401': 'notice: server', '403': 'notice: server' },
  exchange: { ...transientChange, malformed: 'failed', '401': 'expired', '403': 'expired' },
  list: { ...transientChange, malformed: 'failed', '401': 'incomplete', '403': 'incomplete' },
  update: { ...transientChange, malformed: 'done', '401': 'failed', '403': 'switched off' },
};

/**
 * Cells where the app does not do what the table says; each test is marked `test.fail()` and must fail at
 * the step named here, not before. None today: a bug found goes here, with the step where it shows.
 */
export const KNOWN_BUGS: Record<string, { step: string; why: string }> = {};

/** The table as Markdown: one row per call, one column per fault; `results` adds ✓/✗ to each cell. */
export function renderTable(results?: Map<string, 'pass' | 'fail' | 'known bug'>): string {
  const header = `| call | ${FAULTS.map((f) => f.label).join(' | ')} |`;
  const rule = `|---|${FAULTS.map(() => '---').join('|')}|`;
  const rows = CALLS.map((call) => {
    const cells = FAULTS.map((fault) => {
      const key = `${call.id}/${fault.id}`;
      const expected = EXPECTED[call.id][fault.id];
      const known = KNOWN_BUGS[key] ? ' (bug)' : '';
      const result = results?.get(key);
      const mark = result === undefined ? '' : result === 'pass' ? ' ✓' : result === 'known bug' ? ' ✗ known' : ' ✗';
      return `${expected}${known}${mark}`;
    });
    return `| ${call.label} | ${cells.join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}
