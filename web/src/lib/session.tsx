import { createContext, useContext, type ReactNode } from 'react';
import { roleAtLeast, type Role, type SessionUser } from '@lp/contracts/auth';

const SessionContext = createContext<SessionUser | null>(null);

/** Who is signed in, for everything under the sign-in gate. */
export function SessionProvider({ user, children }: { user: SessionUser; children: ReactNode }) {
  drillAllowed = roleAtLeast(user.role, 'analyst');
  return <SessionContext.Provider value={user}>{children}</SessionContext.Provider>;
}

export function useSessionUser(): SessionUser {
  const user = useContext(SessionContext);
  if (!user) throw new Error('useSessionUser outside the signed-in app');
  return user;
}

/**
 * Whether the signed-in user may do what `role` may. The server enforces every rule; this only
 * keeps the dashboard from offering what would be refused.
 */
export function useCan(role: Role): boolean {
  const user = useContext(SessionContext);
  return user !== null && roleAtLeast(user.role, role);
}

// Drilling into posts is the analyst's: chart handlers outside React ask this (see drill-state.ts).
let drillAllowed = false;
export const canDrill = () => drillAllowed;
