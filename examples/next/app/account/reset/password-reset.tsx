'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import type { EpPasswordResetElement } from 'ep-password-reset';

/**
 * <ep-password-reset>, defined by importing the package in an effect: in the browser only, after
 * hydration (so the element fills itself in after React has hydrated it), and through the bundle (so no
 * <link rel="preload"> names the loader).
 */
export default function PasswordReset() {
  const ref = useRef<EpPasswordResetElement>(null);
  const [changed, setChanged] = useState(false);

  useEffect(() => {
    import('ep-password-reset');
  }, []);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const onChanged = () => setChanged(true);
    element.addEventListener('ep-reset-password-changed', onChanged);
    return () => element.removeEventListener('ep-reset-password-changed', onChanged);
  }, []);

  return (
    <>
      <ep-password-reset
        ref={ref}
        api-base={process.env.NEXT_PUBLIC_EP_API_BASE!}
        client-id={process.env.NEXT_PUBLIC_EP_CLIENT_ID!}
        base-path="/account/reset"
        sign-in-url="/"
      />
      {changed && <Link href="/">Continue shopping</Link>}
    </>
  );
}
