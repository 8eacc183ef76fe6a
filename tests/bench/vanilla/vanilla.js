// The vanilla page's whole behaviour (see index.html).
'use strict';
(() => {
  const mount = document.getElementById('vanilla');
  const api = mount.getAttribute('api-base').replace(/\/+$/, '');
  const changing = location.pathname.endsWith('/change_password');
  const form = document.getElementById(changing ? 'change' : 'forgot');
  const status = document.getElementById('status');
  const link = new URLSearchParams(location.search);
  const username = (link.get('username') || '').trim().toLowerCase();
  const code = link.get('token') || '';
  if (changing) {
    // The link's one-time code leaves the address bar (and the history) at once.
    history.replaceState(null, '', location.pathname);
    form.username.value = username;
  }

  async function call(method, path, { token, amToken, body } = {}) {
    const headers = { Authorization: `Bearer ${token}` };
    if (amToken) headers['EP-Account-Management-Authentication-Token'] = amToken;
    if (body) headers['Content-Type'] = 'application/json';
    const response = await fetch(api + path, { method, headers, body: body && JSON.stringify(body) });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
    return response.status === 202 || response.status === 204 ? null : response.json();
  }

  async function discover() {
    const response = await fetch(`${api}/oauth/access_token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'implicit', client_id: mount.getAttribute('client-id') }),
    });
    if (!response.ok) throw new Error(`token: ${response.status}`);
    const token = (await response.json()).access_token;
    const settings = await call('GET', '/v2/settings/account-authentication', { token });
    const realm = settings.data.relationships.authentication_realm.data.id;
    const profiles = await call('GET', `/v2/authentication-realms/${realm}/password-profiles`, { token });
    const profile = profiles.data.find((p) => p.enable_one_time_password_token).id;
    return { token, realm, profile };
  }

  async function requestLink({ token, realm, profile }) {
    const data = { type: 'one_time_password_token_request', username: form.username.value.trim().toLowerCase(), purpose: 'reset_password' };
    await call('POST', `/v2/authentication-realms/${realm}/password-profiles/${profile}/one-time-password-token-request`, { token, body: { data } });
    return 'If an account uses that address, we have sent it a link.';
  }

  async function changePassword({ token, realm, profile }) {
    const password = form.password.value;
    if (password.length < 8 || password !== form.confirmation.value) {
      return 'The passwords must match and have at least 8 characters.';
    }
    const exchange = { type: 'account_management_authentication_token', authentication_mechanism: 'passwordless', password_profile_id: profile, username, one_time_password_token: code };
    const member = await call('POST', '/v2/account-members/tokens', { token, body: { data: exchange } });
    const amToken = member.data[0].token;
    const credentials = `/v2/authentication-realms/${realm}/user-authentication-info/${member.meta.account_member_id}/user-authentication-password-profile-info`;
    const list = await call('GET', credentials, { token, amToken });
    const credential = list.data.find((c) => c.password_profile_id === profile && c.username === username);
    const data = { id: credential.id, type: 'user_authentication_password_profile_info', password_profile_id: profile, username, password };
    await call('PUT', `${credentials}/${credential.id}`, { token, amToken, body: { data } });
    return 'Your password has been changed.';
  }

  const ids = discover();
  ids.catch(() => {}); // a failure is reported when the shopper submits
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button');
    button.disabled = true;
    status.textContent = 'Sending…';
    try {
      status.textContent = await (changing ? changePassword : requestLink)(await ids);
    } catch {
      status.textContent = 'Something went wrong. Please try again.';
    } finally {
      button.disabled = false;
    }
  });
  form.hidden = false;
})();
