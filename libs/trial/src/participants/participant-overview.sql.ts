import { AppError, SqlParams } from '@eid/core';
import { infusionDueJoins, overdueVisitCountSql, siteTodayJoin } from '../schedule/overdue-sql';
import { ParticipantSortKey } from './dto/participant-list-query.dto';

/** Per study in scope: which sites are visible ('all' = every site) and the protocol's A7 tolerance after due. */
export interface StudyScope {
  studyId: string;
  sites: 'all' | string[];
  toleranceDaysAfter: number | null;
  toleranceStatus: string | null;
}

export interface OverviewFilter {
  participantId?: string;
  siteId?: string;
  status?: string;
  search?: string;
  /** Prefix of the screening number (case-insensitive). */
  screeningNumber?: string;
  overdue?: boolean;
  sae?: boolean;
  pml?: boolean;
  openQueries?: boolean;
}

export interface OverviewRow {
  id: string;
  sort_text: string;
  last_infusion_date: string | null;
  interval_weeks: number | null;
  interval_source: 'decision' | 'protocol-start' | null;
  next_infusion_due: string | null;
  infusion_overdue: boolean;
  tolerance_status: string | null;
  trough_date: string | null;
  trough_ug_per_ml: number | null;
  trough_below_lloq: boolean;
  open_query_count: number;
  sae_count: number;
  pml_suspected: boolean;
  dosing_suspended: boolean;
  overdue_visit_count: number;
}

/**
 * Sort keys as SQL over the inner query's aliases, with the type the cursor value is cast back to. Missing
 * dates and numbers become +infinity (last when ascending); a below-LLOQ trough sorts below every measured one.
 */
const SORTS: Record<ParticipantSortKey, { sql: string; type: 'date' | 'text' | 'float8' }> = {
  screeningDate: { sql: 'p.screening_date', type: 'date' },
  code: { sql: "COALESCE(p.code, '')", type: 'text' },
  status: { sql: 'p.status', type: 'text' },
  enrolmentDate: { sql: "COALESCE(p.enrolment_date, 'infinity'::date)", type: 'date' },
  lastInfusionDate: { sql: "COALESCE(li.last_date, 'infinity'::date)", type: 'date' },
  nextInfusionDue: { sql: "COALESCE(nd.next_due, 'infinity'::date)", type: 'date' },
  currentIntervalWeeks: { sql: "COALESCE(iv.interval_weeks::float8, 'Infinity'::float8)", type: 'float8' },
  latestTrough: {
    sql: "CASE WHEN tr.below_lloq THEN -1 ELSE COALESCE(tr.concentration_ug_per_ml::float8, 'Infinity'::float8) END",
    type: 'float8',
  },
  openQueryCount: { sql: 'oq.n::float8', type: 'float8' },
};

const CURSOR_VALUE: Record<'date' | 'text' | 'float8', RegExp> = {
  date: /^(\d{4}-\d{2}-\d{2}|infinity)$/,
  text: /^[\s\S]{0,64}$/,
  float8: /^(-?\d+(\.\d+)?(e[+-]?\d+)?|Infinity)$/,
};

/** The cursor's sort value is bound to its sort key, so a cursor of another sort is a 400, not a wrong page. */
export function overviewCursorValue(sort: ParticipantSortKey, raw: string | number | null): string {
  const s = typeof raw === 'string' ? raw : '';
  const bar = s.indexOf('|');
  const value = s.slice(bar + 1);
  if (bar < 0 || s.slice(0, bar) !== sort || !CURSOR_VALUE[SORTS[sort].type].test(value))
    throw AppError.fieldProblems([{ field: 'cursor', code: 'INVALID_CURSOR', reason: `cursor does not belong to sort=${sort}` }]);
  return value;
}

export const overviewCursorKey = (sort: ParticipantSortKey, row: OverviewRow): string => `${sort}|${row.sort_text}`;

/**
 * One query for a page of the participants list (issue #7): the site scope applied in the WHERE (STYLE.md
 * habit 7), each computed column a LATERAL subquery on an index by participant, the flag filters and the keyset
 * cursor on the computed columns. `$1` = the Clock's instant; each row's "today" is that instant's calendar date
 * in the participant's site zone (`site_today`, the SQL form of the domain's calendarDateIn — issue 13 item 9).
 */
export function participantOverviewSql(
  now: Date,
  scopes: StudyScope[],
  f: OverviewFilter,
  sort: ParticipantSortKey,
  dir: 'ASC' | 'DESC',
  cursor: { value: string; id: string } | null,
  limit: number,
): { sql: string; params: unknown[] } {
  const params = new SqlParams([now.toISOString()]);
  const $ = (v: unknown) => params.add(v);
  const scope = scopes.map((s) =>
    s.sites === 'all'
      ? `p.study_id = ${$(s.studyId)}::uuid`
      : `(p.study_id = ${$(s.studyId)}::uuid AND p.site_id = ANY(${$(s.sites)}::uuid[]))`,
  );
  const inner = [`(${scope.join(' OR ') || 'false'})`];
  if (f.participantId) inner.push(`p.id = ${$(f.participantId)}::uuid`);
  if (f.siteId) inner.push(`p.site_id = ${$(f.siteId)}::uuid`);
  if (f.status) inner.push(`p.status = ${$(f.status)}`);
  const like = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);
  if (f.search) inner.push(`p.code ILIKE ${$(`%${like(f.search)}%`)}`);
  if (f.screeningNumber) inner.push(`p.screening_number ILIKE ${$(`${like(f.screeningNumber.trim())}%`)}`);
  const tol = `unnest(${$(scopes.map((s) => s.studyId))}::uuid[], ${$(scopes.map((s) => s.toleranceDaysAfter))}::int[], ${$(scopes.map((s) => s.toleranceStatus))}::text[])`;

  const outer: string[] = [];
  const flag = (on: boolean | undefined, sql: string) => on !== undefined && outer.push(on ? sql : `NOT (${sql})`);
  flag(f.overdue, '(o.infusion_overdue OR o.overdue_visit_count > 0)');
  flag(f.sae, 'o.sae_count > 0');
  flag(f.pml, 'o.pml_suspected');
  flag(f.openQueries, 'o.open_query_count > 0');
  const s = SORTS[sort];
  if (cursor) outer.push(`(o.sort_key, o.id) ${dir === 'ASC' ? '>' : '<'} (${$(cursor.value)}::${s.type}, ${$(cursor.id)}::uuid)`);

  const sql = `
    SELECT o.* FROM (
      SELECT p.id, ${s.sql} AS sort_key, (${s.sql})::text AS sort_text,
             to_char(li.last_date, 'YYYY-MM-DD') AS last_infusion_date, iv.interval_weeks, iv.interval_source,
             to_char(nd.next_due, 'YYYY-MM-DD') AS next_infusion_due, io.overdue AS infusion_overdue, tol.status AS tolerance_status,
             to_char(tr.sampled_on, 'YYYY-MM-DD') AS trough_date, tr.concentration_ug_per_ml::float8 AS trough_ug_per_ml,
             COALESCE(tr.below_lloq, false) AS trough_below_lloq, oq.n AS open_query_count,
             ae.sae_count, ae.pml_suspected, ps.suspended AS dosing_suspended, ${overdueVisitCountSql('p', 'st.site_today')} AS overdue_visit_count
        FROM participant p
        LEFT JOIN ${tol} AS tol(study_id, days_after, status) ON tol.study_id = p.study_id
        ${siteTodayJoin('p', '$1')}
        ${infusionDueJoins('p', 'st.site_today', 'tol.days_after')}
        -- The latest result-bearing trough (a sample without a result is not a trough, protocols.md).
        LEFT JOIN LATERAL (SELECT t.sampled_on, t.concentration_ug_per_ml, t.below_lloq FROM trough_sample t
                            WHERE t.participant_id = p.id AND t.deleted_at IS NULL AND (t.concentration_ug_per_ml IS NOT NULL OR t.below_lloq)
                            ORDER BY t.sampled_on DESC, t.sampled_time DESC NULLS LAST, t.created_at DESC LIMIT 1) tr ON true
        LEFT JOIN LATERAL (SELECT count(*)::int AS n FROM data_query q WHERE q.participant_id = p.id AND q.status = 'open') oq ON true
        -- dosing_suspended = ps.suspended from infusionDueJoins: openPmlSuspicionSql, the SQL form of the domain's
        -- openPmlSuspicions (libs/domain/src/dosing/safety-stop.ts, rule P0) as of the site's today — the same
        -- expression that nulls the next infusion due, so "suspended" and "not overdue" cannot disagree.
        LEFT JOIN LATERAL (SELECT (count(*) FILTER (WHERE a.serious))::int AS sae_count, COALESCE(bool_or(a.pml_suspected), false) AS pml_suspected
                             FROM adverse_event a WHERE a.participant_id = p.id AND a.deleted_at IS NULL) ae ON true
       WHERE ${inner.join(' AND ')}
    ) o
    ${outer.length ? `WHERE ${outer.join(' AND ')}` : ''}
    ORDER BY o.sort_key ${dir}, o.id ${dir}
    LIMIT ${$(limit)}`;
  return { sql, params: params.values };
}
