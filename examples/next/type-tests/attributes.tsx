// `tsc -p type-tests` (run by `cargo xtask test`): the package's types accept the element as written
// right and reject it written wrong. Each `@ts-expect-error` fails the check if its line compiles.
import { useRef } from 'react';
import type { EpPasswordResetElement } from 'ep-password-reset';

export function Right() {
  const ref = useRef<EpPasswordResetElement>(null);
  return (
    <>
      <ep-password-reset ref={ref} api-base="https://useast.api.elasticpath.com" client-id="abc" view="forgot" />
      <ep-password-reset api-base="https://useast.api.elasticpath.com" client-id="abc" view="change" locale="de" />
      <ep-password-reset api-base="https://useast.api.elasticpath.com" client-id="abc" min-password-length={10} />
    </>
  );
}

export function Wrong() {
  return (
    <>
      {/* @ts-expect-error: "forgott" is not a view */}
      <ep-password-reset api-base="https://useast.api.elasticpath.com" client-id="abc" view="forgott" />
      {/* @ts-expect-error: client-id is required */}
      <ep-password-reset api-base="https://useast.api.elasticpath.com" />
      {/* @ts-expect-error: a number is not a view */}
      <ep-password-reset api-base="https://useast.api.elasticpath.com" client-id="abc" view={3} />
      {/* @ts-expect-error: "phone" is not a username format */}
      <ep-password-reset api-base="https://useast.api.elasticpath.com" client-id="abc" username-format="phone" />
    </>
  );
}

export function Events(element: EpPasswordResetElement) {
  element.addEventListener('ep-reset-error', (event) => {
    const code: 'network' | 'server' | string = event.detail.code;
    return code;
  });
  // @ts-expect-error: ep-reset-ready has no detail.code
  element.addEventListener('ep-reset-ready', (event) => event.detail.code);
  const found: EpPasswordResetElement | null = document.querySelector('ep-password-reset');
  return found;
}
