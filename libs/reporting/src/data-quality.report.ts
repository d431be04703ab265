import { RequestContext } from '@eid/core';
import { unsuspendedDaySql } from '@eid/trial';
import { ReportScope } from './report-scope';

export interface DataQualitySite {
  siteCode: string;
  openQueries: { total: number; byAge: Record<string, number> };
  answeredQueries: number;
  sdv: { records: number; verified: number; proportion: number | null };
  overdueVisits: number;
  missedInfusions: number;
}

export interface DataQualityReport {
  report: 'data-quality';
  studyId: string;
  asOf: string;
  siteIds: string[] | null;
  protocolVersion: string;
  definitions: Record<string, string>;
  sites: DataQualitySite[];
  overall: Omit<DataQualitySite, 'siteCode'>;
}

export const QUERY_AGE_BANDS = ['0-7d', '8-30d', '31-90d', '>90d'] as const;

export const DATA_QUALITY_DEFINITIONS = {
  openQueries: 'data_query rows with status open, by days since raised (as of the period end). [platform report convention]',
  sdv: 'Non-deleted eCRF records of every form (current state); verified = verified_at set. [ICH E6(R3) 3.11.4; platform convention]',
  overdueVisits:
    'Planned visits (not cancelled) whose window closed before the period end without a recorded clinic visit. [platform convention; visit window unconfirmed placeholder in every bundled protocol]',
  missedInfusions:
    "Times an infusion was overdue by the participant list's rule (last administered infusion + the interval of the latest dosing decision, else the start interval, × 7 days, + the A7 days after; nothing due while a PML suspicion is open) on some day up to the period end: each infusion given later than that, plus each enrolled participant overdue with no infusion since. An infusion overdue before a PML suspicion was raised counts; one given as soon as it was resolved, not. The plan generated at enrolment is not read. [platform convention; A7 tolerance as the protocol file states it]",
};

/** Data quality per site (issue #6), all counted in SQL. */
export async function dataQualityReport(ctx: RequestContext, s: ReportScope): Promise<DataQualityReport> {
  const params = [s.studyId, s.siteIds, s.to, s.infusionTolerance.daysAfter];
  const rows = s.protocolMatches ? ((await ctx.em.query(SQL, params)) as Array<Record<string, unknown>>) : [];
  const sites = rows.map((r) => shape(r));
  const overall = sites.reduce<Omit<DataQualitySite, 'siteCode'>>(
    (a, x) => ({
      openQueries: {
        total: a.openQueries.total + x.openQueries.total,
        byAge: Object.fromEntries(QUERY_AGE_BANDS.map((b) => [b, (a.openQueries.byAge[b] ?? 0) + (x.openQueries.byAge[b] ?? 0)])),
      },
      answeredQueries: a.answeredQueries + x.answeredQueries,
      sdv: { records: a.sdv.records + x.sdv.records, verified: a.sdv.verified + x.sdv.verified, proportion: null },
      overdueVisits: a.overdueVisits + x.overdueVisits,
      missedInfusions: a.missedInfusions + x.missedInfusions,
    }),
    {
      openQueries: { total: 0, byAge: Object.fromEntries(QUERY_AGE_BANDS.map((b) => [b, 0])) },
      answeredQueries: 0,
      sdv: { records: 0, verified: 0, proportion: null },
      overdueVisits: 0,
      missedInfusions: 0,
    },
  );
  overall.sdv.proportion = overall.sdv.records > 0 ? Math.round((overall.sdv.verified / overall.sdv.records) * 10000) / 10000 : null;
  return {
    report: 'data-quality',
    studyId: s.studyId,
    asOf: s.to,
    siteIds: s.siteIds,
    protocolVersion: s.protocolVersion,
    definitions: {
      ...DATA_QUALITY_DEFINITIONS,
      missedInfusions: `${DATA_QUALITY_DEFINITIONS.missedInfusions} A7 days after: ${s.infusionTolerance.daysAfter} (${s.infusionTolerance.source}) [${s.infusionTolerance.status}].`,
    },
    sites,
    overall,
  };
}

function shape(r: Record<string, unknown>): DataQualitySite {
  const records = Number(r.records);
  const verified = Number(r.verified);
  return {
    siteCode: r.site_code as string,
    openQueries: {
      total: Number(r.open_total),
      byAge: { '0-7d': Number(r.q7), '8-30d': Number(r.q30), '31-90d': Number(r.q90), '>90d': Number(r.qold) },
    },
    answeredQueries: Number(r.answered),
    sdv: { records, verified, proportion: records > 0 ? Math.round((verified / records) * 10000) / 10000 : null },
    overdueVisits: Number(r.overdue_visits),
    missedInfusions: Number(r.missed_infusions),
  };
}

const SQL = `
WITH sites AS (
  SELECT ss.site_id, s.code FROM study_site ss JOIN site s ON s.id = ss.site_id
   WHERE ss.study_id = $1 AND ($2::uuid[] IS NULL OR ss.site_id = ANY($2::uuid[]))
),
q AS (
  SELECT site_id,
         count(*) FILTER (WHERE status = 'open') AS open_total,
         count(*) FILTER (WHERE status = 'open' AND $3::date - created_at::date <= 7) AS q7,
         count(*) FILTER (WHERE status = 'open' AND $3::date - created_at::date BETWEEN 8 AND 30) AS q30,
         count(*) FILTER (WHERE status = 'open' AND $3::date - created_at::date BETWEEN 31 AND 90) AS q90,
         count(*) FILTER (WHERE status = 'open' AND $3::date - created_at::date > 90) AS qold,
         count(*) FILTER (WHERE status = 'answered') AS answered
    FROM data_query WHERE study_id = $1 GROUP BY site_id
),
-- SDV counts, unfulfilled planned visits and late infusions per participant from report_participant_facts
-- (migrations ReportFacts, LateInfusionsScreeningRelapses, LateInfusionsAcrossPmlSuspicions); "window closed before the
-- period end" is a binary search over the sorted window ends. Times an infusion was overdue by the participant list's
-- rule (infusionDueJoins of libs/trial overdue-sql.ts, A7 days after = $4) up to the period end $3: overdue at the start
-- of a day d means d > due + $4, not given yet, and no PML suspicion open at the end of d - 1 (rule P0: nothing due;
-- unsuspendedDaySql over d - 1). An infusion given after its due date (x.d, x.n days late) counts when it was overdue at
-- the start of some day up to min(x.d, $3) (given later than due + $4 on or before the period end, or still to be given
-- then: x.d - x.n + $4 < $3); so does the enrolled participant with no infusion after the period end that was overdue
-- on some day up to $3 (days up to and including $3 itself).
facts AS (
  SELECT p.site_id, sum(r.sdv_records) AS records, sum(r.sdv_verified) AS verified,
         sum(width_bucket($3::date - 1, r.overdue_visit_window_to)) AS overdue,
         sum((SELECT count(*) FROM unnest(r.late_infusion_dates, r.late_infusion_days) x(d, n)
               WHERE x.n > $4::int AND x.d - x.n + $4::int < $3::date
                 AND ${unsuspendedDaySql('p', 'x.d - x.n + $4::int', 'least(x.d - 1, $3::date)')}))
         + count(*) FILTER (WHERE p.status = 'enrolled' AND p.enrolment_date <= $3::date AND $3::date > r.next_infusion_due + $4::int
                              AND width_bucket($3::date, r.infusion_dates) = cardinality(r.infusion_dates)
                              AND ${unsuspendedDaySql('p', 'r.next_infusion_due + $4::int', '$3::date')}) AS late
    FROM participant p JOIN report_participant_facts r ON r.participant_id = p.id
   WHERE p.study_id = $1 AND ($2::uuid[] IS NULL OR p.site_id = ANY($2::uuid[]))
   GROUP BY p.site_id
)
SELECT sites.code AS site_code,
       coalesce(q.open_total, 0) AS open_total, coalesce(q.q7, 0) AS q7, coalesce(q.q30, 0) AS q30, coalesce(q.q90, 0) AS q90, coalesce(q.qold, 0) AS qold,
       coalesce(q.answered, 0) AS answered, coalesce(facts.records, 0) AS records, coalesce(facts.verified, 0) AS verified,
       coalesce(facts.overdue, 0) AS overdue_visits, coalesce(facts.late, 0) AS missed_infusions
  FROM sites
  LEFT JOIN q ON q.site_id = sites.site_id
  LEFT JOIN facts ON facts.site_id = sites.site_id
 ORDER BY sites.code`;
