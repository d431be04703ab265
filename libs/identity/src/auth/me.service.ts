import { Injectable } from '@nestjs/common';
import { RequestContext } from '@eid/core';
import { DataSource } from 'typeorm';

export interface MeView {
  id: string;
  email: string;
  displayName: string;
  isAdmin: boolean;
  mfaEnabled: boolean;
  lastLoginAt: Date | null;
  memberships: Array<{ studyId: string; studyCode: string; role: string; siteId: string | null; siteCode: string | null }>;
}

@Injectable()
export class MeService {
  constructor(private readonly dataSource: DataSource) {}

  async me(ctx: RequestContext): Promise<MeView> {
    const actor = ctx.requireActor();
    const [user] = (await this.dataSource.query(
      `SELECT id, email, display_name AS "displayName", is_admin AS "isAdmin", totp_enabled_at IS NOT NULL AS "mfaEnabled", last_login_at AS "lastLoginAt"
         FROM app_user WHERE id = $1`,
      [actor.userId],
    )) as Array<Omit<MeView, 'memberships'>>;
    const memberships = (await this.dataSource.query(
      `SELECT m.study_id AS "studyId", s.code AS "studyCode", m.role::text AS role, m.site_id AS "siteId", si.code AS "siteCode"
         FROM membership m JOIN study s ON s.id = m.study_id LEFT JOIN site si ON si.id = m.site_id
        WHERE m.user_id = $1 ORDER BY s.code, m.role, si.code`,
      [actor.userId],
    )) as MeView['memberships'];
    return { ...user, memberships };
  }
}
