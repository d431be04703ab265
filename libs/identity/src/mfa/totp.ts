import { authenticator } from 'otplib';

export const TOTP_STEP_SECONDS = 30;
export const TOTP_ISSUER = 'EID Trial Platform';

// RFC 6238 with SHA-1, 6 digits, 30 s (what authenticator apps implement); ±1 step for clock drift (§5.2).
const totp = authenticator.clone({ window: 1, step: TOTP_STEP_SECONDS });

export function newTotpSecret(): string {
  return totp.generateSecret(20);
}

export function totpUri(email: string, secret: string): string {
  return totp.keyuri(email, TOTP_ISSUER, secret);
}

/** The time step the code belongs to, or null when it is not valid now (used to refuse replays). */
export function matchTotp(code: string, secret: string, nowMs = Date.now()): number | null {
  const delta = totp.checkDelta(code, secret);
  if (delta === null) return null;
  return Math.floor(nowMs / 1000 / TOTP_STEP_SECONDS) + delta;
}

/** For tests and the demo: the code an authenticator app would show now. */
export function currentTotp(secret: string): string {
  return totp.generate(secret);
}
