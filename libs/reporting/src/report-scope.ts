import { AppError, RequestContext } from '@eid/core';
import { calendarDateIn, findProtocol } from '@eid/domain';
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
  /** The latest local calendar date among the sites in scope at the report's instant (the default `to`). */
  today: string;
  /** The protocol's EV-R3 parameter (docs/science/outcomes.md §1 R3): unconfirmed relapses count only if it says so. */
  countUnconfirmedRelapses: { value: boolean; source: string; status: string };
  /** Confirmed disability progression: 12 (default) or 24 weeks (docs/science/outcomes.md §5), a report parameter. */
  confirmationWeeks: 12 | 24;
  /** The protocol's A7 tolerance after a due infusion (visits.infusionTolerance): late from the day after due + daysAfter. */
  infusionTolerance: { daysAfter: number; source: string; status: string };
}

/**
 * Site scoping for reports (permission table: 'read'): monitors, data managers and statisticians see the whole
 * study; investigators and site coordinators only their own sites' participants — asking for another site is
 * answered 404, as on every other route, so a report never reveals that a site's data exist.
 * The default end of the period is "today" at the sites in scope — the latest of their local dates (issue 13
 * item 9), so no site's data entered today is cut off, whatever the server's time zone.
 */
export async function resolveReportScope(ctx: RequestContext, studyId: string, q: ReportQueryDto, now: Date): Promise<ReportScope> {
  const scope = ctx.siteScope(studyId);
  if (q.siteId && scope !== 'all' && !scope.includes(q.siteId)) throw AppError.notFound('Site', q.siteId);
  const [study] = (await ctx.em.query(
    `SELECT protocol_id, protocol_version, (SELECT min(enrolment_date)::text FROM participant WHERE study_id = $1) AS first_enrolment FROM study WHERE id = $1`,
    [studyId],
  )) as Array<{
    protocol_id: string;
    protocol_version: string;
    first_enrolment: string | null;
  }>;
  if (!study) throw AppError.notFound('Study', studyId);
  if (q.siteId) {
    const [inStudy] = (await ctx.em.query(`SELECT 1 FROM study_site WHERE study_id = $1 AND site_id = $2`, [
      studyId,
      q.siteId,
    ])) as unknown[];
    if (!inStudy) throw AppError.notFound('Site', q.siteId);
  }
  const siteIds = q.siteId ? [q.siteId] : scope === 'all' ? null : scope;
  const zones = (await ctx.em.query(
    `SELECT DISTINCT s.timezone FROM study_site ss JOIN site s ON s.id = ss.site_id WHERE ss.study_id = $1 AND ($2::uuid[] IS NULL OR ss.site_id = ANY($2::uuid[]))`,
    [studyId, siteIds],
  )) as Array<{ timezone: string }>;
  // A study without sites has no calendar of its own: UTC then (nothing can be dated at a site that does not exist).
  const today = (zones.length ? zones.map((z) => z.timezone) : ['UTC'])
    .map((zone) => calendarDateIn(now, zone))
    .reduce((a, b) => (b > a ? b : a));
  const to = q.to ?? today;
  const from = q.from ?? study.first_enrolment ?? to;
  if (from > to) throw AppError.fieldProblems([{ field: 'from', code: 'PERIOD_REVERSED', reason: `from ${from} is after to ${to}` }]);
  const protocol = findProtocol(study.protocol_id, study.protocol_version);
  if (!protocol) throw AppError.conflict('PROTOCOL_UNKNOWN', `Protocol ${study.protocol_id} v${study.protocol_version} is not available`);
  const ev = protocol.dosing.evidence.countUnconfirmedRelapses;
  const tol = protocol.visits.infusionTolerance;
  return {
    studyId,
    siteIds,
    from,
    to,
    protocolMatches: !q.protocolVersion || q.protocolVersion === study.protocol_version,
    protocolVersion: study.protocol_version,
    today,
    countUnconfirmedRelapses: { value: ev.value, source: `${protocol.id} v${protocol.version} ${ev.id}: ${ev.source}`, status: ev.status },
    confirmationWeeks: q.confirmationWeeks ?? 12,
    infusionTolerance: {
      daysAfter: tol.daysAfter,
      source: `${protocol.id} v${protocol.version} ${tol.id}: ${tol.source}`,
      status: tol.status,
    },
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
