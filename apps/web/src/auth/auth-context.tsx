import type { ReactNode } from 'react';

/** Placeholder provider until the session is wired to the identity API (see auth/session.ts). */
export function AuthProvider({ children }: { children: ReactNode }) {
  return <>{children}</>;
}
