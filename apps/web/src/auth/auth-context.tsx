import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, call, refreshTokens } from '../api/client';
import type { components } from '../api/schema';
import { type ActiveRole, activeRoles } from './roles';
import { session } from './session';
import { completeSso, SSO_RETURN_PATH } from './sso';

export type Me = components['schemas']['MeViewDto'];

interface AuthState {
  status: 'loading' | 'signed-out' | 'signed-in';
  me: Me | null;
  roles: ActiveRole[];
  active: ActiveRole | null;
  choose(key: string): void;
  login(input: components['schemas']['LoginDto']): Promise<void>;
  /** Reads the signed-in person again after a change to their own account (e.g. a second factor enrolled). */
  reloadMe(): Promise<void>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

async function loadMe(): Promise<Me> {
  return call(api.GET('/api/v1/auth/me'));
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<AuthState['status']>('loading');
  const [me, setMe] = useState<Me | null>(null);
  const [activeKey, setActiveKey] = useState<string | null>(session.activeStudy());

  const signedIn = useCallback((person: Me) => {
    setMe(person);
    setStatus('signed-in');
  }, []);

  // A reload keeps the session: the refresh token in sessionStorage buys a new access token. Back from single
  // sign-on, the callback's one-time cookie buys the first pair instead.
  useEffect(() => {
    let cancelled = false;
    (async () => {
      const sso = window.location.pathname === SSO_RETURN_PATH;
      if (sso ? await completeSso() : session.refreshToken() && (await refreshTokens())) {
        const person = await loadMe().catch(() => null);
        if (!cancelled && person) return signedIn(person);
      }
      if (!cancelled) setStatus('signed-out');
    })();
    return () => {
      cancelled = true;
    };
  }, [signedIn]);

  useEffect(
    () =>
      session.onCleared(() => {
        setMe(null);
        setStatus('signed-out');
        queryClient.clear();
      }),
    [queryClient],
  );

  const roles = useMemo(() => (me ? activeRoles(me.memberships, me.isAdmin) : []), [me]);
  const active = roles.find((r) => r.key === activeKey) ?? roles[0] ?? null;

  const value: AuthState = {
    status,
    me,
    roles,
    active,
    choose(key) {
      session.setActiveStudy(key);
      setActiveKey(key);
      queryClient.clear();
    },
    async login(input) {
      const tokens = await call(api.POST('/api/v1/auth/login', { body: input }));
      session.set(tokens);
      signedIn(await loadMe());
    },
    async reloadMe() {
      setMe(await loadMe());
    },
    async logout() {
      await api.POST('/api/v1/auth/logout').catch(() => undefined);
      session.clear();
    },
  };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The active study and role; only used below the signed-in layout, where one always exists. */
export function useActiveRole(): ActiveRole {
  const { active } = useAuth();
  if (!active) throw new Error('no active role');
  return active;
}
