// A client for the EP sandbox's control API (/__sandbox/...), used to arrange and inspect each test.
export type Email = { id: string; to: string; username: string; otp: string; link: string; created_at: string };
/**
 * One API request the sandbox saw. `headers` maps each request header's lowercase name to its value,
 * redacted as `[redacted]` except `referer`, `cookie` and `origin`, which are kept as sent.
 */
export type LoggedRequest = { method: string; path: string; route: string; status: number; headers: Record<string, string> };
export type Fault = {
  route:
    | 'access_token'
    | 'otp_request'
    | 'account_member_tokens'
    | 'uappi_update'
    | 'uappi_list'
    | 'settings'
    | 'password_profiles'
    | 'range';
  status?: number;
  delay_ms?: number;
  drop?: boolean;
  malformed?: boolean;
  /** Answer 307 to this URL instead of handling the request. */
  redirect?: string;
  times?: number;
};

/** The sandbox's switches for what Elastic Path leaves open (see sandbox/README.md). */
export type Switches = {
  otp_request_type: 'underscore' | 'hyphen' | 'both';
  retry_after: boolean;
  expose_retry_after: boolean;
  implicit_settings: 'allow' | 'refuse';
  strip_error_cors: boolean;
  duplicate_credentials: boolean;
  /** How the app's common-password list is served: as built, or one of the ways it can fail. */
  common_password_list: 'served' | 'fallback' | 'mislabelled' | 'truncated' | 'unavailable';
  /** How the breached-password range API answers: as the real service, or one of the ways it fails. */
  breach_range: 'padded' | 'unpadded' | 'down' | 'slow' | 'malformed';
};

export class Sandbox {
  constructor(readonly origin: string) {}

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    // The control API answers only what a web page cannot send: this header, and (but for GET) JSON.
    const headers: Record<string, string> = { 'EP-Sandbox-Control': '1' };
    if (method !== 'GET') headers['Content-Type'] = 'application/json';
    const response = await fetch(`${this.origin}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response;
  }

  /** Seed state, no faults, empty outbox and request log. */
  async reset(): Promise<void> {
    await this.call('POST', '/__sandbox/reset');
    await this.call('DELETE', '/__sandbox/faults');
    await this.call('DELETE', '/__sandbox/outbox');
    await this.call('DELETE', '/__sandbox/requests');
  }

  async outbox(): Promise<Email[]> {
    return (await this.call('GET', '/__sandbox/outbox')).json();
  }

  async requests(): Promise<LoggedRequest[]> {
    return (await this.call('GET', '/__sandbox/requests')).json();
  }

  /** How many non-preflight requests reached `route`. */
  async count(route: string): Promise<number> {
    return (await this.requests()).filter((r) => r.route === route && r.method !== 'OPTIONS').length;
  }

  async clearRequests(): Promise<void> {
    await this.call('DELETE', '/__sandbox/requests');
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/__sandbox/faults');
  }

  async fault(fault: Fault): Promise<void> {
    await this.call('POST', '/__sandbox/faults', { status: 503, delay_ms: 0, drop: false, malformed: false, times: 1, ...fault });
  }

  /** Changes some switches until the next `reset()`; returns all of them. */
  async setSwitches(switches: Partial<Switches>): Promise<Switches> {
    return (await this.call('PATCH', '/__sandbox/switches', switches)).json();
  }

  async advanceClock(secs: number): Promise<void> {
    await this.call('POST', '/__sandbox/clock', { advance_secs: secs });
  }
}
