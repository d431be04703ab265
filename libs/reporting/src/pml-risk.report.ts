import { decodeKeyCursor, encodeKeyCursor, RequestContext } from '@eid/core';
import { readerDateShifter, shiftIso } from '@eid/trial';
import {
  dosingClassByAdi,
  eidByCount,
  jcvIndexBand,
  lookupPmlRisk,
  type JcvStatus,
  type RiskLookupResult,
  type RiskQualifier,
} from '@eid/domain';
import { OBSERVED_PARTICIPANTS_CTE, ReportScope, scopeParams } from './report-scope';

export interface PmlRiskRow {
  participantCode: string;
  siteCode: string;
  jcvStatus: JcvStatus | null;
  jcvIndex: number | null;
  jcvIndexBand: string | null;
  jcvTestDate: string | null;
  /** From screening; 'unknown' when not recorded, which the risk table cannot place for JCV+ participants. */
  priorImmunosuppressant: 'yes' | 'no' | 'unknown';
  infusionsTotal: number;
  monthsOnNatalizumab: number;
  /** docs/science/pml-risk.md §2: INSUFFICIENT_HISTORY when the recorded infusions do not cover the 18-month window — the EID metrics are then null. */
  eidHistory: 'SUFFICIENT' | 'INSUFFICIENT_HISTORY';
  /** First natalizumab infusion after the window start: not comparable to the TOUCH primary cohort (docs/science/pml-risk.md §3). */
  historyShorterThanWindow: boolean;
  infusionsLast18Months: number | null;
  /** Platform definition, status unconfirmed (docs/science/pml-risk.md §1, §3): ≤ 15 infusions in the last 18 months. */
  eidByCount: boolean | null;
  /** Average dosing interval over the last 18 months (span / gaps), days; null with < 2 infusions or insufficient history. */
  averageIntervalDays: number | null;
  /** Band of the average interval (Zhovtis Ryerson 2019 [confirmed]); EXCLUDED_TOUCH_RULE when a gap < 3 or > 12 weeks. */
  averageIntervalClass: 'SID' | 'EID' | 'UNCLASSIFIED' | 'NOT_COMPUTABLE' | 'EXCLUDED_TOUCH_RULE' | 'INSUFFICIENT_HISTORY';
  /** docs/science/pml-risk.md §3 TOUCH exclusion [confirmed: AAN 2022 abstract]; null with insufficient history. */
  excludedByTouchRule: boolean | null;
  /** The latest anti-JCV result is older than 6 months at the period end (docs/science/pml-risk.md §4e, platform convention). */
  jcvStale: boolean;
  risk: PmlRiskFigure;
}

/** A published risk figure: never a bare number — a bound stays a bound ("< 0.07"), with its table and status. */
export interface PmlRiskFigure {
  kind: RiskLookupResult['kind'];
  table: string;
  source: string;
  per1000: number | null;
  /** '<' less than, '≤' at most, '≈' approximately, '=' as printed; null without a figure. */
  qualifier: '<' | '≤' | '≈' | '=' | null;
  /** As shown on screen and in the CSV, e.g. "< 0.07". */
  display: string | null;
  status: string | null;
  flags: readonly string[];
  reason: string | null;
}

const QUALIFIER: Record<RiskQualifier, '<' | '≤' | '≈' | '='> = { lessThan: '<', atMost: '≤', approx: '≈', exact: '=' };

export interface PmlRiskReport {
  report: 'pml-risk';
  studyId: string;
  asOf: string;
  siteIds: string[] | null;
  protocolVersion: string;
  definitions: Record<string, string>;
  aggregate: {
    participants: number;
    byJcv: Array<{ status: string; indexBand: string; participants: number }>;
    eidByCount: number;
    insufficientHistory: number;
    excludedByTouchRule: number;
    jcvStale: number;
    byAverageIntervalClass: Record<string, number>;
    byRisk: Array<{
      kind: string;
      table: string;
      per1000: number | null;
      qualifier: string | null;
      display: string | null;
      status: string | null;
      reason: string | null;
      participants: number;
    }>;
  };
  /** How each EID metric is labelled: its definition's origin and status. */
  metrics: Record<
    'eidByCount' | 'averageIntervalClass' | 'excludedByTouchRule' | 'eidHistory' | 'jcvStale',
    { label: string; status: string; source: string }
  >;
  participants: PmlRiskRow[];
  nextCursor: string | null;
}

export const PML_METRICS: PmlRiskReport['metrics'] = {
  eidByCount: {
    label: 'platform definition (≤ 15 infusions in 18 months)',
    status: 'unconfirmed',
    source: 'pml-risk.md §1, §3: background-text criterion, not found in Ho 2017 or Zhovtis Ryerson 2019',
  },
  averageIntervalClass: {
    label: 'published bands: SID 21–35 days, EID > 35–84 days',
    status: 'confirmed',
    source: 'pml-risk.md §2–§3: Zhovtis Ryerson 2019 primary analysis; the ADI formula (span / gaps) is unconfirmed',
  },
  excludedByTouchRule: {
    label: 'any gap < 3 or > 12 weeks in the 18 months excludes the TOUCH comparison',
    status: 'confirmed',
    source: 'pml-risk.md §3: TOUCH update, AAN 2022 abstract',
  },
  eidHistory: {
    label: 'infusion dates cover the 18-month window (screening form + eCRF)',
    status: 'unconfirmed',
    source:
      'pml-risk.md §2; coverage rule (earliest record ≤ 12 weeks after the window start, or treatment started in it) is a platform convention',
  },
  jcvStale: {
    label: 'latest anti-JCV result older than 6 months',
    status: 'unconfirmed',
    source: 'pml-risk.md §4e platform convention (US PI 6-monthly re-authorisation)',
  },
};

export const PML_DEFINITIONS = {
  asOf: 'Figures as of the period end (to).',
  jcv: 'Latest anti-JCV test on or before the period end; index bands ≤ 0.9, > 0.9–1.5, > 1.5 (pml-risk.md §4a, §4e) [confirmed thresholds]; flagged stale when older than 6 months [platform convention, unconfirmed].',
  exposure:
    'Infusions before screening (count from the screening form) + administered study infusions; months since the first natalizumab infusion.',
  window:
    'W18 = [period end − 18 calendar months (clamped to month end), period end], both ends inclusive (pml-risk.md §3) [platform convention]. Infusion dates: the screening form\'s dated infusions before enrolment and the administered eCRF infusions; when they do not cover the window the metrics are "insufficient history", never computed from study infusions alone (pml-risk.md §2).',
  eid: 'Count: ≤ 15 infusions in W18 — a platform definition, status unconfirmed (pml-risk.md §1, §3). Average dosing interval: (last − first infusion in W18) / (count − 1) [formula unconfirmed], SID 21–35 days, EID > 35–84 days, else unclassified [confirmed: Zhovtis Ryerson 2019]. The two can disagree; neither is derived from the other.',
  touch:
    'Excluded by the TOUCH rule: any gap between consecutive infusions in W18 < 21 or > 84 days [confirmed: AAN 2022 abstract]; such a participant gets no SID/EID class (EXCLUDED_TOUCH_RULE).',
  risk: 'Published table SMPC_HO_2017 via @eid/domain lookupPmlRisk (pml-risk.md §4d, cells [memory, unconfirmed]; anti-JCV negative < 0.07 per 1000 [confirmed, Ho 2017 abstract]); never interpolated; a bound is returned as a bound ("< 0.07") with its table and status.',
};

/**
 * PML risk (issue #6): the per-participant figures come from SQL (one page, keyset on participant code); the
 * aggregate groups participants in SQL by the table's look-up key (JCV status, index band, exposure) and
 * looks each distinct key up once in @eid/domain — the published table stays the single source.
 */
export async function pmlRiskReport(ctx: RequestContext, s: ReportScope, page: { limit: number; cursor?: string }): Promise<PmlRiskReport> {
  const params = [...scopeParams(s), decodeKeyCursor(page.cursor), page.limit + 1];
  const rows = s.protocolMatches ? ((await ctx.em.query(PAGE_SQL, params)) as Raw[]) : [];
  const groups = s.protocolMatches ? ((await ctx.em.query(GROUP_SQL, scopeParams(s))) as Array<Raw & { participants: number }>) : [];
  const items: PmlRiskRow[] = [];
  for (const r of rows.slice(0, page.limit)) {
    // A reader whose dates are shifted gets the participant's test date shifted as everywhere else (date-shift.ts).
    const shifter = await readerDateShifter(ctx, ctx.em, { studyId: s.studyId, siteId: r.site_id ?? null });
    const row = shapeRow(r);
    items.push(shifter && row.jcvTestDate ? { ...row, jcvTestDate: shiftIso(row.jcvTestDate, shifter.days(r.participant_id!)) } : row);
  }
  const byJcv = new Map<string, number>();
  const byClass: Record<string, number> = {};
  const byRisk = new Map<string, PmlRiskReport['aggregate']['byRisk'][number]>();
  let eid = 0;
  let total = 0;
  let insufficient = 0;
  let touch = 0;
  let stale = 0;
  for (const g of groups) {
    const r = shapeRow(g);
    const n = Number(g.participants);
    total += n;
    if (r.eidByCount) eid += n;
    if (r.eidHistory === 'INSUFFICIENT_HISTORY') insufficient += n;
    if (r.excludedByTouchRule) touch += n;
    if (r.jcvStale) stale += n;
    byClass[r.averageIntervalClass] = (byClass[r.averageIntervalClass] ?? 0) + n;
    const jk = `${r.jcvStatus ?? 'unknown'}|${r.jcvIndexBand ?? 'none'}`;
    byJcv.set(jk, (byJcv.get(jk) ?? 0) + n);
    const rk = `${r.risk.kind}|${r.risk.table}|${r.risk.display}|${r.risk.status}|${r.risk.reason}`;
    const cur = byRisk.get(rk) ?? {
      kind: r.risk.kind,
      table: r.risk.table,
      per1000: r.risk.per1000,
      qualifier: r.risk.qualifier,
      display: r.risk.display,
      status: r.risk.status,
      reason: r.risk.reason,
      participants: 0,
    };
    cur.participants += n;
    byRisk.set(rk, cur);
  }
  const last = items[items.length - 1];
  return {
    report: 'pml-risk',
    studyId: s.studyId,
    asOf: s.to,
    siteIds: s.siteIds,
    protocolVersion: s.protocolVersion,
    definitions: PML_DEFINITIONS,
    aggregate: {
      participants: total,
      byJcv: [...byJcv.entries()]
        .map(([k, n]) => ({ status: k.split('|')[0], indexBand: k.split('|')[1], participants: n }))
        .sort((a, b) => (a.status + a.indexBand).localeCompare(b.status + b.indexBand)),
      eidByCount: eid,
      insufficientHistory: insufficient,
      excludedByTouchRule: touch,
      jcvStale: stale,
      byAverageIntervalClass: byClass,
      // Most participants first; ties in a fixed order (the SQL groups arrive in no particular order).
      byRisk: [...byRisk.entries()].sort(([ka, a], [kb, b]) => b.participants - a.participants || ka.localeCompare(kb)).map(([, v]) => v),
    },
    metrics: PML_METRICS,
    participants: items,
    nextCursor: rows.length > page.limit && last ? encodeKeyCursor(last.participantCode) : null,
  };
}

interface Raw {
  code: string;
  participant_id?: string;
  site_id?: string;
  site_code: string;
  jcv_status: JcvStatus | null;
  jcv_index: number | null;
  jcv_date: string | null;
  infusions_total: number;
  months: number;
  n18: number;
  adi_days: number | null;
  prior_is: 'yes' | 'no' | 'unknown';
  history_ok: boolean;
  shorter: boolean;
  touch_excluded: boolean;
  jcv_stale: boolean;
}

function shapeRow(r: Raw): PmlRiskRow {
  const index = r.jcv_index === null ? undefined : Number(r.jcv_index);
  const adi = r.adi_days === null ? null : Number(r.adi_days);
  const risk = lookupPmlRisk({
    jcvStatus: r.jcv_status ?? undefined,
    jcvIndex: index,
    priorImmunosuppressant: r.prior_is,
    exposure: Number(r.infusions_total),
    exposureUnit: 'infusions',
  });
  return {
    participantCode: r.code,
    siteCode: r.site_code,
    jcvStatus: r.jcv_status,
    jcvIndex: index ?? null,
    jcvIndexBand: r.jcv_status === 'positive' ? (jcvIndexBand(index) ?? null) : null,
    jcvTestDate: r.jcv_date,
    priorImmunosuppressant: r.prior_is,
    infusionsTotal: Number(r.infusions_total),
    monthsOnNatalizumab: Number(r.months),
    eidHistory: r.history_ok ? 'SUFFICIENT' : 'INSUFFICIENT_HISTORY',
    historyShorterThanWindow: r.shorter,
    infusionsLast18Months: r.history_ok ? Number(r.n18) : null,
    eidByCount: r.history_ok ? eidByCount(Number(r.n18)) : null,
    averageIntervalDays: adi === null || !r.history_ok ? null : Math.round(adi * 10) / 10,
    averageIntervalClass: !r.history_ok
      ? 'INSUFFICIENT_HISTORY'
      : r.touch_excluded
        ? 'EXCLUDED_TOUCH_RULE'
        : dosingClassByAdi(adi ?? undefined),
    excludedByTouchRule: r.history_ok ? r.touch_excluded : null,
    jcvStale: r.jcv_stale,
    risk:
      risk.kind === 'ESTIMATE'
        ? {
            kind: risk.kind,
            table: risk.tableId,
            source: risk.source,
            per1000: risk.valuePer1000,
            qualifier: QUALIFIER[risk.qualifier],
            display: `${QUALIFIER[risk.qualifier] === '=' ? '' : `${QUALIFIER[risk.qualifier]} `}${risk.valuePer1000}`,
            status: risk.status,
            flags: risk.flags,
            reason: null,
          }
        : {
            kind: risk.kind,
            table: risk.tableId,
            source: risk.source,
            per1000: null,
            qualifier: null,
            display: null,
            status: null,
            flags: [],
            reason: risk.reason,
          },
  };
}

const perParticipant = (materialized: boolean) => `
per AS ${materialized ? 'MATERIALIZED ' : ''}(
  SELECT obs.code, s.code AS site_code, obs.id::text AS participant_id, obs.site_id::text AS site_id, j.status AS jcv_status, coalesce(obs.prior_immunosuppressant, 'unknown') AS prior_is,
         CASE WHEN j.status = 'positive' THEN j.index::float8 END AS jcv_index, j.date::text AS jcv_date,
         obs.infusions_before_screening + coalesce(x.n_all, 0) AS infusions_total,
         (extract(year FROM age($4::date, obs.natalizumab_start_date)) * 12 + extract(month FROM age($4::date, obs.natalizumab_start_date)))::int AS months,
         coalesce(x.n18, 0) AS n18,
         CASE WHEN x.n18 >= 2 THEN (x.last18 - x.first18)::float8 / (x.n18 - 1) END AS adi_days,
         -- pml-risk.md §2 coverage (@eid/domain eidHistoryCoverage): treatment started in the window, or the earliest
         -- recorded infusion at most 84 days after its start.
         coalesce(obs.natalizumab_start_date >= k.ws OR r.eid_infusion_dates[1] - k.ws <= 84, false) AS history_ok,
         (least(obs.natalizumab_start_date, r.eid_infusion_dates[1]) > k.ws) AS shorter,
         -- TOUCH rule (@eid/domain excludedByTouchRule): a gap < 21 or > 84 days between consecutive infusions in W18.
         EXISTS (SELECT 1 FROM generate_series(k.before18 + 2, k.upto) g
                  WHERE r.eid_infusion_dates[g] - r.eid_infusion_dates[g - 1] NOT BETWEEN 21 AND 84) AS touch_excluded,
         coalesce(j.date < ($4::date - interval '6 months')::date, false) AS jcv_stale
    FROM obs JOIN site s ON s.id = obs.site_id
    -- Infusion dates and anti-JCV results, sorted by date (report_participant_facts): counts and the latest result by
    -- binary search, width_bucket(x, dates) = how many are <= x. W18 = [ws, $4], both ends inclusive (pml-risk.md §3).
    JOIN report_participant_facts r ON r.participant_id = obs.id
    CROSS JOIN LATERAL (SELECT width_bucket($4::date, r.jcv_dates) AS k) jk
    CROSS JOIN LATERAL (SELECT r.jcv_status[jk.k] AS status, r.jcv_index[jk.k] AS index, r.jcv_dates[jk.k] AS date) j
    CROSS JOIN LATERAL (SELECT ($4::date - interval '18 months')::date AS ws) w
    CROSS JOIN LATERAL (SELECT w.ws, width_bucket($4::date, r.eid_infusion_dates) AS upto,
                               width_bucket(w.ws - 1, r.eid_infusion_dates) AS before18,
                               width_bucket($4::date, r.infusion_dates) AS study_upto) k
    CROSS JOIN LATERAL (SELECT k.study_upto AS n_all, greatest(k.upto - k.before18, 0) AS n18,
                               CASE WHEN k.upto > k.before18 THEN r.eid_infusion_dates[k.before18 + 1] END AS first18,
                               CASE WHEN k.upto > k.before18 THEN r.eid_infusion_dates[k.upto] END AS last18) x
)`;

const PAGE_SQL = `
WITH ${OBSERVED_PARTICIPANTS_CTE}, ${perParticipant(false)}
SELECT * FROM per WHERE ($5::text IS NULL OR code > $5::text) ORDER BY code LIMIT $6`;

// Grouped by everything the look-up and the aggregates depend on; the index is banded so keys stay few. The
// per-participant rows are materialised so their expressions are evaluated once, not once per grouping key.
const GROUP_SQL = `
WITH ${OBSERVED_PARTICIPANTS_CTE}, ${perParticipant(true)}
SELECT NULL AS code, NULL AS site_code, jcv_status,
       CASE WHEN jcv_index IS NULL THEN NULL WHEN jcv_index <= 0.9 THEN 0.5 WHEN jcv_index <= 1.5 THEN 1.2 ELSE 2.0 END AS jcv_index,
       NULL AS jcv_date, prior_is, infusions_total, 0 AS months, n18,
       CASE WHEN adi_days IS NULL THEN NULL WHEN adi_days < 21 THEN 20 WHEN adi_days <= 35 THEN 28 WHEN adi_days <= 84 THEN 42 ELSE 90 END AS adi_days,
       history_ok, shorter, touch_excluded, jcv_stale,
       count(*)::int AS participants
  FROM per
 GROUP BY 3, 4, 6, 7, 9, 10, 11, 12, 13, 14`;
