import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, MembershipGrant } from '@eid/core';
import { mfaRequiredSql } from './mfa-required';

interface ActorRow {
  id: string;
  email: string;
  display_name: string;
  is_admin: boolean;
  status: 'active' | 'deactivated';
  session_live: boolean;
  mfa_required: boolean;
  memberships: MembershipGrant[];
}

/** The actor and whether a study requires a second factor for one of their roles (judged against the session's amr). */
export interface LoadedActor {
  actor: Actor;
  mfaRequired: boolean;
}

/** How long a resolved actor (user, memberships, session liveness) is reused; the README states the bound. */
export const ACTOR_CACHE_TTL_MS = 1_000;
const ACTOR_CACHE_MAX_ENTRIES = 10_000;

interface CachedActor {
  loaded: LoadedActor;
  expiresAt: number;
}

/**
 * Loads the Actor of a request in ONE indexed query (user, memberships, and whether the session was revoked).
 * It runs on every authenticated request, so a resolved actor is reused for ACTOR_CACHE_TTL_MS (1 s) per
 * (user, session) in this process. Changes made through this process (deactivation, membership grant/revoke,
 * logout, refresh-token reuse) forget the user's entries after COMMIT, so they take effect on the next request;
 * a change made elsewhere (another API process, direct SQL) takes effect within the TTL. The bound, stated in
 * the README: a revoked user or session may act for at most 1 s. Only active actors are cached (a refusal is
 * re-checked every time).
 */
@Injectable()
export class ActorLoader {
  private readonly cache = new Map<string, CachedActor>();
  /** Bumped by forget(): a load that started before a forget must not cache what it read. */
  private readonly generations = new Map<string, number>();
  private generation = 0;
  /** Injectable clock (tests move time instead of sleeping). */
  now: () => number = () => Date.now();

  constructor(private readonly dataSource: DataSource) {}

  async load(userId: string, sessionId: string | null): Promise<Actor | null> {
    return (await this.loadWithMfa(userId, sessionId))?.actor ?? null;
  }

  /** As load, with the user's MFA requirement from the same query (the guard compares it with the token's amr). */
  async loadWithMfa(userId: string, sessionId: string | null): Promise<LoadedActor | null> {
    const key = `${userId}|${sessionId ?? ''}`;
    const hit = this.cache.get(key);
    if (hit && hit.expiresAt > this.now()) return hit.loaded;
    const startedAt = this.generationOf(userId);
    const loaded = await this.query(userId, sessionId);
    if (!loaded) {
      this.cache.delete(key);
      return null;
    }
    if (this.generationOf(userId) === startedAt) {
      if (this.cache.size >= ACTOR_CACHE_MAX_ENTRIES) this.sweep();
      this.cache.set(key, { loaded, expiresAt: this.now() + ACTOR_CACHE_TTL_MS });
    }
    return loaded;
  }

  /** Drops every cached entry of the user (all sessions). Call after the change has committed. */
  forget(userId: string): void {
    this.generations.set(userId, ++this.generation);
    for (const key of this.cache.keys()) if (key.startsWith(`${userId}|`)) this.cache.delete(key);
  }

  clear(): void {
    this.generation++;
    for (const userId of this.generations.keys()) this.generations.set(userId, this.generation);
    this.cache.clear();
  }

  private generationOf(userId: string): number {
    return this.generations.get(userId) ?? 0;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, v] of this.cache) if (v.expiresAt <= now) this.cache.delete(key);
    if (this.cache.size >= ACTOR_CACHE_MAX_ENTRIES) this.cache.clear();
    if (this.generations.size >= ACTOR_CACHE_MAX_ENTRIES) this.generations.clear();
  }

  private async query(userId: string, sessionId: string | null): Promise<LoadedActor | null> {
    const rows = (await this.dataSource.query(
      `SELECT u.id, u.email, u.display_name, u.is_admin, u.status,
              ($2::uuid IS NULL OR EXISTS (
                SELECT 1 FROM refresh_token r WHERE r.family_id = $2::uuid AND r.user_id = u.id AND r.revoked_at IS NULL AND r.expires_at > now()
              )) AS session_live,
              ${mfaRequiredSql('u.id', 'u.is_admin')} AS mfa_required,
              COALESCE((SELECT json_agg(json_build_object('studyId', m.study_id, 'role', m.role, 'siteId', m.site_id))
                        FROM membership m WHERE m.user_id = u.id), '[]'::json) AS memberships
         FROM app_user u WHERE u.id = $1::uuid`,
      [userId, sessionId],
    )) as ActorRow[];
    const row = rows[0];
    if (!row || row.status !== 'active' || !row.session_live) return null;
    const actor: Actor = {
      userId: row.id,
      email: row.email,
      displayName: row.display_name,
      isAdmin: row.is_admin,
      memberships: row.memberships,
    };
    return { actor, mfaRequired: row.mfa_required };
  }
}
