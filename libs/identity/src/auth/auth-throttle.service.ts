import { createHash } from 'node:crypto';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@eid/core';

/** Endpoints whose attempts are counted (issue 16 item 5). */
export type ThrottleBucket = 'login' | 'refresh' | 'sign' | 'mfa' | 'password';

/** Every counter runs over this fixed window. */
export const THROTTLE_WINDOW_S = 60;

export interface ThrottleVerdict {
  allowed: boolean;
  /** Seconds until the fullest counter's window ends (for Retry-After). */
  retryAfterS: number;
}

/** A counter key that names no e-mail address or token in clear: its SHA-256, shortened. */
export function throttleKey(bucket: ThrottleBucket, kind: 'addr' | 'acct', value: string): string {
  return `${bucket}:${kind}:${createHash('sha256').update(value.trim().toLowerCase()).digest('hex').slice(0, 32)}`;
}

/**
 * Fixed-window attempt counters shared by every API process: in Redis when REDIS_URL is set, else in the
 * database (`auth_throttle`, one upsert per key). Limits: AUTH_THROTTLE_PER_ADDRESS and
 * AUTH_THROTTLE_PER_ACCOUNT attempts per THROTTLE_WINDOW_S. Counted whether the attempt succeeds or not.
 */
@Injectable()
export class AuthThrottle implements OnModuleDestroy {
  private redis: Redis | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }

  /** Counts one attempt on each key; refused when any key is over its limit. */
  async hit(keys: Array<{ key: string; limit: number }>): Promise<ThrottleVerdict> {
    let verdict: ThrottleVerdict = { allowed: true, retryAfterS: 0 };
    for (const { key, limit } of keys) {
      // Redis unreachable: count in the database rather than fail the login or stop counting.
      const { hits, ttlS } = this.config.redisUrl
        ? await this.hitRedis(key).catch(() => this.hitDatabase(key))
        : await this.hitDatabase(key);
      if (hits > limit) verdict = { allowed: false, retryAfterS: Math.max(verdict.retryAfterS, ttlS, 1) };
    }
    return verdict;
  }

  private async hitRedis(key: string): Promise<{ hits: number; ttlS: number }> {
    this.redis ??= new Redis(this.config.redisUrl!, {
      keyPrefix: `${this.config.queuePrefix}:throttle:`,
      maxRetriesPerRequest: 1,
      commandTimeout: 500,
    });
    const result = await this.redis.multi().incr(key).expire(key, THROTTLE_WINDOW_S, 'NX').ttl(key).exec();
    return { hits: Number(result?.[0]?.[1] ?? 0), ttlS: Number(result?.[2]?.[1] ?? THROTTLE_WINDOW_S) };
  }

  private async hitDatabase(key: string): Promise<{ hits: number; ttlS: number }> {
    const [row] = await this.dataSource.query(
      `INSERT INTO auth_throttle AS t (key, window_start, hits) VALUES ($1, clock_timestamp(), 1)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN t.window_start <= clock_timestamp() - make_interval(secs => $2) THEN 1 ELSE t.hits + 1 END,
         window_start = CASE WHEN t.window_start <= clock_timestamp() - make_interval(secs => $2) THEN clock_timestamp() ELSE t.window_start END
       RETURNING hits, ceil(extract(epoch FROM t.window_start + make_interval(secs => $2) - clock_timestamp()))::int AS "ttlS"`,
      [key, THROTTLE_WINDOW_S],
    );
    // Old windows are dead weight: an occasional sweep keeps the table small.
    if (Math.random() < 0.01)
      await this.dataSource.query(`DELETE FROM auth_throttle WHERE window_start < clock_timestamp() - interval '1 hour'`);
    return { hits: row.hits, ttlS: row.ttlS };
  }
}
