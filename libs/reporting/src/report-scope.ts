import { AppError, RequestContext } from '@eid/core';
import { findProtocol } from '@eid/domain';
import { ReportQueryDto } from './report-query.dto';

/** What every report query is restricted to, resolved once from the caller and the filters. */
export interface ReportScope {
  studyId: string;
  /** null = every site of the study. */
  siteIds: string[] | null;
  from: string;
  to: string;
  /** False when the protocol-version filter names a version the study does not run: an empty report. */
  protocolMatches: boolean;
  protocolVersion: string;
  today: string;
  /** The protocol's EV-R3 parameter (outcomes.md §1 R3): unconfirmed relapses count only if it says so. */
  countUnconfirmedRelapses: { value: boolean; source: string; status: string };
  /** Confirmed disability progression: 12 (default) or 24 weeks (outcomes.md §5), a report parameter. */
  confirmationWeeks: 12 | 24;
}

/**
 * Site scoping for reports (permission table: 'read'): monitors, data managers and statisticians see the whole
 * study; investigators and site coordinators only their own sites' participants — asking for another site is
 * answered 404, as on every other route, so a report never reveals that a site's data exist.
 */
export async function resolveReportScope(ctx: RequestContext, studyId: string, q: ReportQueryDto, today: string): Promise<ReportScope> {
  const scope = ctx.siteScope(studyId);
  if (q.siteId && scope !== 'all' && !scope.includes(q.siteId)) throw AppError.notFound('Site', q.siteId);
  const [study] = (await ctx.em.query(`SELECT protocol_id, protocol_version, (SELECT min(enrolment_date)::text FROM participant WHERE study_id = $1) AS first_enrolment FROM study WHERE id = $1`, [studyId])) as Array<{
    protocol_id: string;
    protocol_version: string;
    first_enrolment: string | null;
  }>;
  if (!study) throw AppError.notFound('Study', studyId);
  if (q.siteId) {
    const [inStudy] = (await ctx.em.query(`SELECT 1 FROM study_site WHERE study_id = $1 AND site_id = $2`, [studyId, q.siteId])) as unknown[];
    if (!inStudy) throw AppError.notFound('Site', q.siteId);
  }
  const to = q.to ?? today;
  const from = q.from ?? study.first_enrolment ?? to;
  if (from > to) throw AppError.fieldProblems([{ field: 'from', code: 'PERIOD_REVERSED', reason: `from ${from} is after to ${to}` }]);
  const protocol = findProtocol(study.protocol_id, study.protocol_version);
  if (!protocol) throw AppError.conflict('PROTOCOL_UNKNOWN', `Protocol ${study.protocol_id} v${study.protocol_version} is not available`);
  const ev = protocol.dosing.evidence.countUnconfirmedRelapses;
  return {
    studyId,
    siteIds: q.siteId ? [q.siteId] : scope === 'all' ? null : scope,
    from,
    to,
    protocolMatches: !q.protocolVersion || q.protocolVersion === study.protocol_version,
    protocolVersion: study.protocol_version,
    today,
    countUnconfirmedRelapses: { value: ev.value, source: `${protocol.id} v${protocol.version} ${ev.id}: ${ev.source}`, status: ev.status },
    confirmationWeeks: q.confirmationWeeks ?? 12,
  };
}

/** The parameters $1–$4 every report SQL starts with: study, sites (null = all), period from, period to. */
export function scopeParams(s: ReportScope): unknown[] {
  return [s.studyId, s.siteIds, s.from, s.to];
}

/** Participants with an observation window: enrolled once, whatever happened since (an SQL condition on `p`). */
export const OBSERVED_PARTICIPANT_SQL = `p.enrolment_date IS NOT NULL AND p.status IN ('enrolled', 'completed', 'withdrawn', 'lost-to-follow-up')`;

/** Participants in scope with their observation window inside the period (the CTE every report builds on). */
export const OBSERVED_PARTICIPANTS_CTE = `
  obs AS (
    SELECT p.id, p.site_id, p.code, p.status, p.natalizumab_start_date, p.infusions_before_screening, p.enrolment_date, p.prior_immunosuppressant,
           greatest(p.enrolment_date, $3::date) AS f,
           least($4::date, coalesce(p.withdrawal_date, p.completion_date, $4::date)) AS t
      FROM participant p
     WHERE p.study_id = $1 AND ${OBSERVED_PARTICIPANT_SQL}
       AND ($2::uuid[] IS NULL OR p.site_id = ANY($2::uuid[]))
       AND greatest(p.enrolment_date, $3::date) <= least($4::date, coalesce(p.withdrawal_date, p.completion_date, $4::date))
  )`;
