/**
 * The tokens of the signed-in person. The access token lives in memory only (short-lived); the refresh
 * token in sessionStorage so a reload keeps the session but closing the tab ends it (shared tablets on
 * wards), and nothing is readable by other tabs or after the browser is closed.
 */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

const REFRESH_KEY = 'eid.refreshToken';
const STUDY_KEY = 'eid.activeStudy';

let accessToken: string | null = null;
const listeners = new Set<() => void>();

export const session = {
  accessToken: () => accessToken,
  refreshToken: () => sessionStorage.getItem(REFRESH_KEY),
  set(tokens: Tokens): void {
    accessToken = tokens.accessToken;
    sessionStorage.setItem(REFRESH_KEY, tokens.refreshToken);
  },
  clear(): void {
    accessToken = null;
    sessionStorage.removeItem(REFRESH_KEY);
    listeners.forEach((l) => l());
  },
  /** Called when the session ends from outside React (a refresh token that was revoked or expired). */
  onCleared(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  activeStudy: () => sessionStorage.getItem(STUDY_KEY),
  setActiveStudy: (key: string) => sessionStorage.setItem(STUDY_KEY, key),
};
