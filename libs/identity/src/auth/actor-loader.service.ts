import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, MembershipGrant } from '@eid/core';

interface ActorRow {
  id: string;
  email: string;
  display_name: string;
  is_admin: boolean;
  status: 'active' | 'deactivated';
  session_live: boolean;
  memberships: MembershipGrant[];
}

/**
 * Loads the Actor of a request in ONE indexed query (user, memberships, and whether the session was revoked):
 * it runs on every authenticated request, so it must stay far below the eCRF write budget. Nothing is cached
 * beyond the request, so a revoked role or a deactivation takes effect on the next request.
 */
@Injectable()
export class ActorLoader {
  constructor(private readonly dataSource: DataSource) {}

  async load(userId: string, sessionId: string | null): Promise<Actor | null> {
    const rows = (await this.dataSource.query(
      `SELECT u.id, u.email, u.display_name, u.is_admin, u.status,
              ($2::uuid IS NULL OR EXISTS (
                SELECT 1 FROM refresh_token r WHERE r.family_id = $2::uuid AND r.user_id = u.id AND r.revoked_at IS NULL AND r.expires_at > now()
              )) AS session_live,
              COALESCE((SELECT json_agg(json_build_object('studyId', m.study_id, 'role', m.role, 'siteId', m.site_id))
                        FROM membership m WHERE m.user_id = u.id), '[]'::json) AS memberships
         FROM app_user u WHERE u.id = $1::uuid`,
      [userId, sessionId],
    )) as ActorRow[];
    const row = rows[0];
    if (!row || row.status !== 'active' || !row.session_live) return null;
    return { userId: row.id, email: row.email, displayName: row.display_name, isAdmin: row.is_admin, memberships: row.memberships };
  }
}
