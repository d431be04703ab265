/** What happened. Stable strings: they are hashed into the chain and read by inspectors for years. */
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'restore',
  'sign',
  'signature-broken',
  'verify',
  'verification-reset',
  'freeze',
  'unfreeze',
  'lock',
  'login',
  'login-failed',
  'logout',
  'token-refresh',
  'token-reuse',
  'mfa-enrol',
  'mfa-remove',
  /** An administrator removed another user's second factor (lost phone); `mfa-remove` is the user's own. */
  'mfa-reset',
  'password-change',
  'password-reset',
  'unlock',
  'role-change',
  'deactivate',
  'export',
  'download',
  'query-raise',
  'query-answer',
  'query-close',
  'query-reopen',
  'decision-confirm',
  'decision-override',
  'decision-supersede',
  'status-change',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Chain of events that belong to no study (logins, user administration). */
export const PLATFORM_CHAIN = 'platform';
