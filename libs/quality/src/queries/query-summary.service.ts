import { Injectable } from '@nestjs/common';
import { cursorKey, CursorQueryDto, pageLimit, pageOf, RequestContext, SqlParams, TransactionService } from '@eid/core';
import { assertCan } from '@eid/identity';
import { ParticipantAccessService } from '@eid/trial';
import { siteScopePredicate } from '../common/site-scope-sql';

export interface QueryCounts {
  open: number;
  answered: number;
  closed: number;
}

export interface QuerySummary {
  studyId: string;
  study: QueryCounts;
  sites: Array<QueryCounts & { siteId: string; siteCode: string }>;
  /** Participants with at least one query not closed, by code (cursor-paginated). */
  participants: { items: Array<QueryCounts & { id: string; code: string | null; siteId: string }>; nextCursor: string | null };
}

/** Open-query counts per study, site and participant (issue #5), one GROUP BY each on the status index. */
@Injectable()
export class QuerySummaryService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: ParticipantAccessService,
  ) {}

  async summary(ctx: RequestContext, studyId: string, page: CursorQueryDto): Promise<QuerySummary> {
    return this.tx.run(ctx, async (ctx) => {
      assertCan(ctx, 'read', studyId);
      await this.access.study(ctx, studyId);
      const params = new SqlParams([studyId]);
      const scope = siteScopePredicate(ctx, studyId, 'q', params);
      const where = `q.study_id = $1${scope ? ` AND ${scope}` : ''}`;
      const counts = `count(*) FILTER (WHERE q.status = 'open')::int AS open, count(*) FILTER (WHERE q.status = 'answered')::int AS answered, count(*) FILTER (WHERE q.status = 'closed')::int AS closed`;
      const [study] = (await ctx.em.query(`SELECT ${counts} FROM data_query q WHERE ${where}`, params.values)) as QueryCounts[];
      const sites = (await ctx.em.query(
        `SELECT q.site_id AS "siteId", s.code AS "siteCode", ${counts} FROM data_query q JOIN site s ON s.id = q.site_id WHERE ${where} GROUP BY q.site_id, s.code ORDER BY s.code`,
        params.values,
      )) as QuerySummary['sites'];
      const limit = pageLimit(page);
      const key = cursorKey(page.cursor);
      const pParams = params.copy();
      const after = key
        ? ` AND (COALESCE(p.code, ''), p.id) > (${pParams.add(String(key.value ?? ''))}, ${pParams.add(key.id)}::uuid)`
        : '';
      const rows = (await ctx.em.query(
        `SELECT p.id, p.code, p.site_id AS "siteId", ${counts}
           FROM data_query q JOIN participant p ON p.id = q.participant_id
          WHERE ${where} AND q.status <> 'closed'${after}
          GROUP BY p.id, p.code, p.site_id
          ORDER BY COALESCE(p.code, ''), p.id
          LIMIT ${pParams.add(limit + 1)}`,
        pParams.values,
      )) as QuerySummary['participants']['items'];
      return {
        studyId,
        study: study ?? { open: 0, answered: 0, closed: 0 },
        sites,
        participants: pageOf(rows, limit, (r) => r.code ?? ''),
      };
    });
  }
}
