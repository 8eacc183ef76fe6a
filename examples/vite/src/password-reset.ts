// The password-reset page: the element, and the package that defines it.
import 'ep-password-reset';

/** Puts `<ep-password-reset>` into `page` (its pages live under /account/reset/). */
export function showPasswordReset(page: HTMLElement): void {
  const reset = document.createElement('ep-password-reset');
  reset.setAttribute('api-base', import.meta.env.VITE_EP_API_BASE);
  reset.setAttribute('client-id', import.meta.env.VITE_EP_CLIENT_ID);
  reset.setAttribute('base-path', '/account/reset');
  reset.setAttribute('sign-in-url', '/');
  reset.addEventListener('ep-reset-password-changed', () => {
    document.title = 'Password changed · Demo Store';
  });
  reset.addEventListener('ep-reset-error', (event) => console.warn('password reset:', event.detail.code));
  page.replaceChildren(reset);
}
