// Calls to the sandbox's Elastic Path API made by the tests themselves (not by the app): asking for a
// reset code without the UI, and the `password` login that proves which password is now valid.
const PROFILE_ID = '33333333-3333-4333-8333-333333333333';
const REALM_ID = '22222222-2222-4222-8222-222222222222';

/** This run's admin secret, which `playwright.config.ts` gives every sandbox. */
export function adminSecret(): string {
  const secret = process.env.EP_SANDBOX_CLIENT_SECRET;
  if (!secret) throw new Error('EP_SANDBOX_CLIENT_SECRET is not set: run the suite through playwright.config.ts');
  return secret;
}

export class EpApi {
  constructor(readonly origin: string, readonly clientId = 'demo-client-id') {}

  async implicitToken(): Promise<string> {
    const response = await fetch(`${this.origin}/oauth/access_token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'implicit', client_id: this.clientId }).toString(),
    });
    if (!response.ok) throw new Error(`implicit token: ${response.status}`);
    return (await response.json()).access_token;
  }

  /** A `client_credentials` token: what a store's back office uses (never the page). */
  async adminToken(): Promise<string> {
    const response = await fetch(`${this.origin}/oauth/access_token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.clientId,
        client_secret: adminSecret(),
      }).toString(),
    });
    if (!response.ok) throw new Error(`client_credentials token: ${response.status}`);
    return (await response.json()).access_token;
  }

  /** Sets the store's `account_member_self_management` (`update_only` or `disabled`). */
  async setSelfManagement(mode: 'update_only' | 'disabled'): Promise<void> {
    const response = await fetch(`${this.origin}/v2/settings/account-authentication`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${await this.adminToken()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: { type: 'account_authentication_settings', account_member_self_management: mode } }),
    });
    if (!response.ok) throw new Error(`settings update: ${response.status} ${await response.text()}`);
    const settings = await response.json();
    if (settings.data?.account_member_self_management !== mode) {
      throw new Error(`settings update not applied: ${JSON.stringify(settings)}`);
    }
  }

  /** Sets the password profile's own `min_length`, as a store owner can in Elastic Path. */
  async setProfileMinLength(minLength: number): Promise<void> {
    const url = `${this.origin}/v2/authentication-realms/${REALM_ID}/password-profiles/${PROFILE_ID}`;
    const headers = { Authorization: `Bearer ${await this.adminToken()}`, 'Content-Type': 'application/json' };
    const current = await fetch(url, { headers });
    if (!current.ok) throw new Error(`profile read: ${current.status}`);
    const { data } = await current.json();
    const response = await fetch(url, {
      method: 'PUT',
      headers,
      body: JSON.stringify({
        data: {
          type: 'password_profile',
          name: data.name,
          username_format: data.username_format,
          enable_one_time_password_token: data.enable_one_time_password_token,
          min_length: minLength,
        },
      }),
    });
    if (!response.ok) throw new Error(`profile update: ${response.status} ${await response.text()}`);
  }

  /** Asks for a reset e-mail (what the forgot-password page does). */
  async requestCode(username: string): Promise<void> {
    const response = await fetch(
      `${this.origin}/v2/authentication-realms/${REALM_ID}/password-profiles/${PROFILE_ID}/one-time-password-token-request`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${await this.implicitToken()}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ data: { type: 'one_time_password_token_request', username, purpose: 'reset_password' } }),
      },
    );
    if (response.status !== 202) throw new Error(`otp request: ${response.status}`);
  }

  /** The HTTP status of a `password` login: 201 when the password is the account's current one. */
  async passwordLogin(username: string, password: string): Promise<number> {
    const response = await fetch(`${this.origin}/v2/account-members/tokens`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await this.implicitToken()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        data: {
          type: 'account_management_authentication_token',
          authentication_mechanism: 'password',
          password_profile_id: PROFILE_ID,
          username,
          password,
        },
      }),
    });
    return response.status;
  }
}
