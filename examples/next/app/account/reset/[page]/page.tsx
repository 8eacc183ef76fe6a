import type { Metadata } from 'next';
import PasswordReset from '../password-reset';

// The reset link carries a one-time code in its address: this page sends no Referer, whatever the
// site's own policy.
export const metadata: Metadata = { title: 'Reset your password', referrer: 'no-referrer' };

export function generateStaticParams() {
  return [{ page: 'forgot_password' }, { page: 'change_password' }];
}

export default function ResetPasswordPage() {
  return <PasswordReset />;
}
