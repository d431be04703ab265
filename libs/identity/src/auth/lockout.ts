/** After this many consecutive failures (login or re-authentication) the account is locked (Part 11 §11.300(d)). */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
