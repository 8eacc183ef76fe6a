#!/usr/bin/env node
// Generates the hostile reset-link corpus: script and markup in every parameter, overlong values, odd and
// invalid percent-encodings, duplicate and conflicting parameters, query and fragment disagreeing, Unicode
// confusables and bidi controls in the username, null bytes, ids that are not UUIDs, odd paths.
//
// Deterministic (no randomness), so the committed `generated.txt` can be checked against it:
//   node tests/e2e/hostile-links/generate.cjs > tests/e2e/hostile-links/generated.txt
// Every line is a path (with query and fragment) under the app's root, printable ASCII: anything else is
// percent-encoded. `hostile-links.spec.ts` opens each one (and those in `hand-written.txt`) in Chromium.
'use strict';

/** The code a well-formed part of a link carries; no request may contain it before a submit. */
const CODE = 'h0st1le';
const USER = 'ada@example.com';
const PROFILE = '33333333-3333-4333-8333-333333333333';
const REALM = '22222222-2222-4222-8222-222222222222';
const CREDENTIAL = 'bbbbbbbb-0000-4000-8000-000000000001';

/** Markup and script that must stay text: each calls `__hostile(n)` (or opens a dialog) if it ever runs. */
const PAYLOADS = [
  '<script>__hostile(1)</script>',
  '"><img src=x onerror=__hostile(2)>',
  "'><svg onload=__hostile(3)>",
  'javascript:__hostile(4)',
  '</title></p><iframe srcdoc="<script>parent.__hostile(5)</script>">',
  '{{constructor.constructor(\'__hostile(6)\')()}}',
  '${__hostile(7)}`-__hostile(7)-`',
  '<a href="javascript:__hostile(8)" id=epr-new-password>x</a>',
  '<img src=x onerror=alert(9)>',
  '<math><mtext></p><style><img src=x onerror=__hostile(10)></style></mtext></math>',
];

const PARAMS = ['username', 'token', 'password_profile_id', 'authentication_realm_id', 'user_authentication_password_profile_info_id'];

const enc = (value) => encodeURIComponent(value);

/** `name=value` pairs joined, values encoded unless given as `{ raw }`. */
function pairs(list) {
  return list.map(([name, value]) => `${name}=${typeof value === 'string' ? enc(value) : value.raw}`).join('&');
}

const base = () => [
  ['username', USER],
  ['token', CODE],
];
const full = () => [
  ...base(),
  ['password_profile_id', PROFILE],
  ['authentication_realm_id', REALM],
  ['user_authentication_password_profile_info_id', CREDENTIAL],
];

/** The full link with `name` set to `value` (raw when `{ raw }`). */
function withParam(name, value) {
  return full().map(([n, v]) => [n, n === name ? value : v]);
}

function generate() {
  const links = [];
  const add = (link) => links.push(link);
  const change = (query, fragment) => `/change_password${query === undefined ? '' : `?${query}`}${fragment === undefined ? '' : `#${fragment}`}`;

  // Script and markup in every parameter, in the query and in the fragment.
  for (const payload of PAYLOADS) {
    for (const name of PARAMS) {
      add(change(pairs(withParam(name, payload))));
      add(change(undefined, pairs(withParam(name, payload))));
    }
  }
  // Markup in the forgot-password page's username hint and in parameter names.
  for (const payload of PAYLOADS.slice(0, 4)) {
    add(`/forgot_password?username=${enc(payload)}`);
    add(`/forgot_password#username=${enc(payload)}`);
    add(change(`${enc(payload)}=1&${pairs(base())}`));
  }

  // Overlong values (a long query still fits the server's header limit; a fragment never reaches it).
  add(change(pairs([['username', `${'a'.repeat(5000)}@example.com`], ['token', CODE]])));
  add(change(pairs([['username', USER], ['token', 'a'.repeat(65)]])));
  add(change(pairs([['username', USER], ['token', 'b'.repeat(10_000)]])));
  add(change(pairs(withParam('password_profile_id', 'c'.repeat(2000)))));
  add(change(pairs(withParam('user_authentication_password_profile_info_id', 'd'.repeat(257)))));
  add(change(undefined, pairs([['username', `${'é'.repeat(20_000)}@example.com`], ['token', CODE]])));
  add(change(undefined, `${pairs(base())}&${'x=1&'.repeat(5000)}`));
  add(change(`${pairs(base())}&pad=${'p'.repeat(12_000)}`));
  add(`/forgot_password?username=${'u'.repeat(8000)}`);

  // Odd and invalid percent-encodings, in values and in names.
  for (const raw of ['%', '%2', '%zz', '%C3%28', '%ED%A0%80', '%F4%90%80%80', '%C0%AF', '%FF%FE', '%E2%82', '%25%32%35', '%%%', '%u0041', '%2B%20+', '%26token%3Dother']) {
    add(change(pairs([['username', { raw: `ada${raw}%40example.com` }], ['token', CODE]])));
    add(change(pairs([['username', USER], ['token', { raw: `${CODE}${raw}` }]])));
  }
  add(change(`user%6Eame=${enc(USER)}&%74oken=${CODE}`));
  add(change(`%75%73%65%72%6E%61%6D%65=${enc(USER)}&%74%6F%6B%65%6E=${CODE}`));
  add(change(`username=${USER}&token=${CODE}`)); // '@' unencoded
  add(change(`username=ada+lovelace%40example.com&token=+${CODE}+`));
  add(change(`username%3D${enc(USER)}%26token%3D${CODE}`));

  // Duplicate and conflicting parameters.
  add(change(`${pairs(base())}&token=zzzzzz`));
  add(change(`token=zzzzzz&${pairs(base())}`));
  add(change(`token=&${pairs(base())}`));
  add(change(`username=&${pairs(base())}`));
  add(change(`${pairs(base())}&username=grace%40example.com`));
  add(change(`${pairs(full())}&password_profile_id=44444444-4444-4444-8444-444444444444`));
  add(change(`${pairs(full())}&authentication_realm_id=not-this-one`));
  add(change(`Username=${enc(USER)}&TOKEN=${CODE}`));
  add(change(`username[]=${enc(USER)}&token[0]=${CODE}`));
  add(change(`username=${enc(USER)}&token=${CODE}&token=${CODE}&token=${CODE}`));
  add(change(`username=${enc(USER)};token=${CODE}`));
  add(change(`username=${enc(USER)}&&&&token=${CODE}&&`));
  add(change(`username=${enc(USER)}&token`));
  add(change(`username&token=${CODE}`));
  add(change(`=${enc(USER)}&=${CODE}`));

  // Query and fragment disagreeing (the fragment wins), or one of them odd.
  add(change(pairs(base()), pairs([['username', 'grace@example.com'], ['token', 'frag99']])));
  add(change(pairs([['username', 'grace@example.com'], ['token', 'query9']]), pairs(base())));
  add(change(`username=${enc(USER)}`, `token=${CODE}`));
  add(change(`token=${CODE}`, `username=${enc(USER)}`));
  add(change(pairs(base()), ''));
  add(change(pairs(base()), '#'));
  add(change(undefined, `?${pairs(base())}`));
  add(change(undefined, `/${pairs(base())}`));
  add(change(pairs(base()), `${pairs([['token', '<b>x</b>']])}`));
  add(change(pairs(base()), `username=${enc('<script>__hostile(11)</script>')}`));
  add(change(`a=${enc(`#${pairs(base())}`)}`));

  // Unicode confusables and bidi controls (and other invisible characters) in the username.
  for (const username of [
    'аda@example.com', // Cyrillic а
    'ada@еxample.com', // Cyrillic е
    'ａｄａ@example.com', // fullwidth
    'ada@example.com\u202e', // right-to-left override
    '\u202emoc.elpmaxe@ada',
    'ada\u2066@example.com\u2069',
    '\u2067ada@example.com',
    '\u200bada@example.com',
    'ada\u200d@example.com',
    '\ufeffada@example.com',
    'ada@example.com\u2028',
    'ada@example.com\u0085',
    'a\u0301da@example.com',
    'ada@example.com\u034f\u034f\u034f',
    '\u{1F600}@example.com',
    'ada@example.com\ufffd',
    'ada@xn--exmple-cua.com',
    'ⓐⓓⓐ@example.com',
    '\u0041\u030a\u212b@example.com',
    '<\u202e>tpircs/<',
  ]) {
    add(change(pairs([['username', username], ['token', CODE]])));
  }
  add(change(`username=ada%ED%B2%80%40example.com&token=${CODE}`)); // an encoded lone surrogate
  add(change(undefined, pairs([['username', '\u202e<script>__hostile(12)</script>'], ['token', CODE]])));

  // Null bytes and other controls.
  for (const raw of ['%00', '%00%00', '%01', '%1B[31m', '%7F', '%0D%0ASet-Cookie:%20x=1', '%09', '%0A']) {
    add(change(pairs([['username', { raw: `ada${raw}%40example.com` }], ['token', CODE]])));
    add(change(pairs([['username', USER], ['token', { raw: `${CODE}${raw}` }]])));
  }
  add(change(`username%00=${enc(USER)}&token%00=${CODE}`));
  add(change(pairs(withParam('password_profile_id', { raw: `${PROFILE}%00` }))));

  // Ids that are not UUIDs.
  for (const id of ['../../etc/passwd', '..%2F..%2Fetc', '1 OR 1=1', '{}', 'null', '-1', '0x1', '١٢٣', 'ＡＢＣ', ' ', '%20', '<id>', '33333333-3333-4333-8333-33333333333g', '33333333333343338333333333333333', '*', '?', '#']) {
    for (const name of ['password_profile_id', 'authentication_realm_id', 'user_authentication_password_profile_info_id']) {
      add(change(pairs(withParam(name, id))));
    }
  }

  // Odd paths the app still routes.
  add(`/change_password/?${pairs(base())}`);
  add(`/change_password/extra?${pairs(base())}`);
  add(`/CHANGE_PASSWORD?${pairs(base())}`);
  add(`/change_password;jsessionid=1?${pairs(base())}`);
  add(`//change_password?${pairs(base())}`);
  add(`/change%5Fpassword?${pairs(base())}`);
  add(`/forgot_password?${pairs(base())}`);
  add(`/forgot_password/${enc('<script>__hostile(13)</script>')}`);
  add(`/?${pairs(base())}`);
  add(`/index.html?${pairs(base())}`);
  return links;
}

module.exports = { generate, CODE };

if (require.main === module) {
  process.stdout.write(`${generate().join('\n')}\n`);
}
