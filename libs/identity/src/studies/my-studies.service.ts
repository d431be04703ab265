import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CursorQueryDto, decodeKeyCursor, encodeKeyCursor, Page, pageLimit, RequestContext } from '@eid/core';

export interface MyStudyView {
  id: string;
  code: string;
  title: string;
  protocolId: string;
  protocolVersion: string;
  status: string;
  mfaRequiredRoles: string[];
  myRoles: Array<{ role: string; siteId: string | null }>;
  sites: Array<{ id: string; code: string; name: string; country: string; timezone: string; principalInvestigatorUserId: string | null }>;
}

/** `GET /studies`: the studies the caller holds a role in (administrators: all), each with its sites. */
@Injectable()
export class MyStudiesService {
  constructor(private readonly dataSource: DataSource) {}

  async list(ctx: RequestContext, query: CursorQueryDto): Promise<Page<MyStudyView>> {
    const actor = ctx.requireActor();
    const limit = pageLimit(query);
    const after = decodeKeyCursor(query.cursor);
    const rows = (await this.dataSource.query(
      `SELECT s.id, s.code, s.title, s.protocol_id AS "protocolId", s.protocol_version AS "protocolVersion", s.status::text AS status,
              s.mfa_required_roles AS "mfaRequiredRoles",
              COALESCE((SELECT json_agg(json_build_object('role', m.role, 'siteId', m.site_id) ORDER BY m.role)
                          FROM membership m WHERE m.study_id = s.id AND m.user_id = $1), '[]'::json) AS "myRoles",
              COALESCE((SELECT json_agg(json_build_object('id', si.id, 'code', si.code, 'name', si.name, 'country', si.country,
                                                          'timezone', si.timezone, 'principalInvestigatorUserId', ss.principal_investigator_user_id)
                                        ORDER BY si.code)
                          FROM study_site ss JOIN site si ON si.id = ss.site_id WHERE ss.study_id = s.id), '[]'::json) AS sites
         FROM study s
        WHERE ($2 OR EXISTS (SELECT 1 FROM membership m WHERE m.study_id = s.id AND m.user_id = $1))
          AND ($3::text IS NULL OR s.code > $3)
        ORDER BY s.code
        LIMIT $4`,
      [actor.userId, actor.isAdmin, after, limit + 1],
    )) as MyStudyView[];
    const items = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? encodeKeyCursor(items[items.length - 1].code) : null;
    return { items, nextCursor };
  }
}
