import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/** Typed, validated settings (STYLE.md habit 5): read once at boot, never from process.env elsewhere. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Absent → the embedded PostgreSQL under `dataDir` serves the app. */
  databaseUrl?: string;
  /** A restricted role to serve requests as; absent → `<database>_app` is created from DATABASE_URL's owner. */
  databaseAppUrl?: string;
  /** Absent → BullMQ's PostgreSQL backend on the same database. */
  redisUrl?: string;
  /** Key prefix of the queues (Redis) — lets several deployments or test files share one Redis. */
  queuePrefix: string;
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Absent → log lines go to stdout; else appended to this file (0600), written synchronously. */
  logFile?: string;
  runMigrations: boolean;
  /** Run the queue processors inside the API process (one-command start); off for a separate worker fleet. */
  runWorkers: boolean;
  seedDemo: boolean;
  demoPassword: string;
  embeddedPgPort: number;
  jwtAccessSecret: string;
  jwtRefreshSecret: string;
  /** Signs the audit chain's checkpoints; never stored in the database (docs/security.md → Key handling). */
  auditAnchorKey: string;
  /** How often each chain's head is checkpointed (when it moved). */
  auditCheckpointSeconds: number;
  /** Login, refresh, signing, MFA and password attempts per minute from one address / for one account. */
  authThrottlePerAddress: number;
  authThrottlePerAccount: number;
  /** OIDC: `amr` values that count as a second factor, and an `acr` value that does (docs/security.md). */
  oidcMfaAmr: string[];
  oidcMfaAcr?: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  requestBodyLimit: string;
  exportRetentionHours: number;
  oidc?: OidcConfig;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  emailClaim: string;
  /** What the login page's button names the provider: "Sign in with <label>" (OIDC_LABEL). */
  label: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'production', 'test'] as const;

/**
 * Parse and validate the environment. Every problem is collected, then reported together
 * with the setting's name, so an operator fixes them in one round.
 */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const problems: string[] = [];
  const str = (name: string, fallback?: string): string | undefined => {
    const v = env[name];
    return v === undefined || v === '' ? fallback : v;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
    problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
      return fallback;
    }
    return raw as T;
  };
  const url = (name: string, protocols: string[]): string | undefined => {
    const raw = str(name);
    if (raw === undefined) return undefined;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) problems.push(`${name} must use ${protocols.join(' or ')}, got "${u.protocol}"`);
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return raw;
  };

  const nodeEnv = oneOf('NODE_ENV', NODE_ENVS, 'development');
  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const databaseAppUrl = url('DATABASE_APP_URL', ['postgres:', 'postgresql:']);
  if (databaseAppUrl && !databaseUrl) problems.push('DATABASE_APP_URL needs DATABASE_URL (the owner that migrates and grants)');
  const redisUrl = url('REDIS_URL', ['redis:', 'rediss:']);
  const dataDirRaw = str('DATA_DIR', './data')!;
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw);

  // Production guards: no embedded database, no demo trial or demo password, every secret given explicitly.
  const production = nodeEnv === 'production';
  if (production && databaseUrl === undefined) {
    problems.push('DATABASE_URL is required when NODE_ENV=production (the embedded PostgreSQL is for evaluation only)');
  }
  if (production && bool('SEED_DEMO', false)) problems.push('SEED_DEMO must not be true when NODE_ENV=production');
  if (production && str('DEMO_PASSWORD') !== undefined) problems.push('DEMO_PASSWORD must not be set when NODE_ENV=production');
  const secret = (name: string): string | undefined => {
    const v = str(name);
    if (v !== undefined && v.length < 32) problems.push(`${name} must be at least 32 characters`);
    if (v === undefined && production) problems.push(`${name} is required when NODE_ENV=production`);
    return v;
  };
  const jwtAccess = secret('JWT_ACCESS_SECRET');
  const jwtRefresh = secret('JWT_REFRESH_SECRET');
  const anchorKey = secret('AUDIT_ANCHOR_KEY');

  let oidc: OidcConfig | undefined;
  const issuer = url('OIDC_ISSUER', ['http:', 'https:']);
  if (issuer) {
    const clientId = str('OIDC_CLIENT_ID');
    const clientSecret = str('OIDC_CLIENT_SECRET');
    const redirectUri = url('OIDC_REDIRECT_URI', ['http:', 'https:']);
    if (!clientId) problems.push('OIDC_CLIENT_ID is required when OIDC_ISSUER is set');
    if (!clientSecret) problems.push('OIDC_CLIENT_SECRET is required when OIDC_ISSUER is set');
    if (!redirectUri) problems.push('OIDC_REDIRECT_URI is required when OIDC_ISSUER is set');
    oidc = {
      issuer,
      clientId: clientId ?? '',
      clientSecret: clientSecret ?? '',
      redirectUri: redirectUri ?? '',
      emailClaim: str('OIDC_EMAIL_CLAIM', 'email')!,
      label: str('OIDC_LABEL', 'your hospital account')!,
    };
  }

  const config: AppConfig = {
    nodeEnv,
    port: int('PORT', 3000, 0, 65535),
    host: str('HOST', '0.0.0.0')!,
    databaseUrl,
    databaseAppUrl,
    redisUrl,
    queuePrefix: str('QUEUE_PREFIX', 'bull')!,
    dataDir,
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    logFile: str('LOG_FILE') ? resolve(cwd, str('LOG_FILE')!) : undefined,
    runMigrations: bool('RUN_MIGRATIONS', true),
    runWorkers: bool('RUN_WORKERS', true),
    seedDemo: !production && bool('SEED_DEMO', databaseUrl === undefined),
    demoPassword: str('DEMO_PASSWORD', 'demo-password')!,
    embeddedPgPort: int('EMBEDDED_PG_PORT', 54329, 1024, 65535),
    jwtAccessSecret: jwtAccess ?? '',
    jwtRefreshSecret: jwtRefresh ?? '',
    auditAnchorKey: anchorKey ?? '',
    auditCheckpointSeconds: int('AUDIT_CHECKPOINT_SECONDS', 60, 1, 86_400),
    authThrottlePerAddress: int('AUTH_THROTTLE_PER_ADDRESS', 60, 1, 100_000),
    authThrottlePerAccount: int('AUTH_THROTTLE_PER_ACCOUNT', 10, 1, 100_000),
    oidcMfaAmr: str('OIDC_MFA_AMR', 'mfa,otp,hwk,swk,sms,fpt,face,pin')!
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    oidcMfaAcr: str('OIDC_MFA_ACR'),
    accessTokenTtlSeconds: int('ACCESS_TOKEN_TTL_SECONDS', 900, 30, 86_400),
    refreshTokenTtlSeconds: int('REFRESH_TOKEN_TTL_SECONDS', 8 * 3600, 60, 30 * 86_400),
    requestBodyLimit: str('REQUEST_BODY_LIMIT', '1mb')!,
    exportRetentionHours: int('EXPORT_RETENTION_HOURS', 72, 1, 24 * 365),
    oidc,
  };
  if (problems.length) throw new ConfigError(problems);
  if (!config.jwtAccessSecret || !config.jwtRefreshSecret || !config.auditAnchorKey) {
    const generated = generatedSecrets(dataDir);
    config.jwtAccessSecret ||= generated.jwtAccessSecret;
    config.jwtRefreshSecret ||= generated.jwtRefreshSecret;
    config.auditAnchorKey ||= generated.auditAnchorKey;
  }
  return config;
}

/**
 * Outside production the token secrets are generated once and kept in DATA_DIR, so restarts keep sessions
 * valid and no secret is ever committed.
 */
function generatedSecrets(dataDir: string): Pick<AppConfig, 'jwtAccessSecret' | 'jwtRefreshSecret' | 'auditAnchorKey'> {
  const file = join(dataDir, 'secrets.json');
  const kept = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const fresh = () => randomBytes(48).toString('base64url');
  const secrets = {
    jwtAccessSecret: kept.jwtAccessSecret ?? fresh(),
    jwtRefreshSecret: kept.jwtRefreshSecret ?? fresh(),
    auditAnchorKey: kept.auditAnchorKey ?? fresh(),
  };
  if (Object.keys(secrets).some((k) => kept[k] === undefined)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return secrets;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
