// A storefront's single-page app: two pages, switched by the History API (a link with data-route, or
// Back/Forward), the password reset being one of them.
import { showPasswordReset } from './password-reset';

const page = document.getElementById('page')!;

function home(): void {
  const heading = document.createElement('h1');
  heading.textContent = 'Welcome to the Demo Store';
  page.replaceChildren(heading);
}

function render(): void {
  if (location.pathname.startsWith('/account/reset/')) showPasswordReset(page);
  else home();
}

document.addEventListener('click', (event) => {
  const link = (event.target as Element).closest('a[data-route]');
  if (!(link instanceof HTMLAnchorElement)) return;
  event.preventDefault();
  history.pushState(null, '', link.href);
  render();
});
window.addEventListener('popstate', render);
render();
