import type { Metadata } from 'next';
import PasswordReset from '../password-reset';

// (No Referer leaves this page: next.config.ts sends `Referrer-Policy: no-referrer` for it.)
export const metadata: Metadata = { title: 'Reset your password' };

// /account/reset/ and each page under it is the element's: it shows its page, or says the address is
// unknown (next.config.ts sends deeper addresses to the forgot page).
export function generateStaticParams() {
  return [{ page: ['forgot_password'] }, { page: ['change_password'] }];
}

export default function ResetPasswordPage() {
  return <PasswordReset />;
}
