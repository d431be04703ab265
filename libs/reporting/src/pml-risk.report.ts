import { RequestContext } from '@eid/core';
import { EID_MAX_INFUSIONS_18M, jcvIndexBand, lookupPmlRisk, type JcvStatus, type RiskLookupResult } from '@eid/domain';
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
  infusionsLast18Months: number;
  /** EID by count (pml-risk.md §3, Ryerson 2019): ≤ 15 infusions in the last 18 months. */
  eidByCount: boolean;
  /** Average dosing interval over the last 18 months (span / gaps), days; null with < 2 infusions. */
  averageIntervalDays: number | null;
  /** Band of the average interval: SID (21–35 days), EID (> 35 and ≤ 84 days) or unclassified (pml-risk.md §3). */
  averageIntervalClass: 'SID' | 'EID' | 'UNCLASSIFIED' | 'NOT_COMPUTABLE';
  risk: { kind: RiskLookupResult['kind']; table: string; source: string; per1000: number | null; status: string | null; flags: readonly string[]; reason: string | null };
}

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
    byAverageIntervalClass: Record<string, number>;
    byRisk: Array<{ kind: string; per1000: number | null; status: string | null; reason: string | null; participants: number }>;
  };
  participants: PmlRiskRow[];
  nextCursor: string | null;
}

export const PML_DEFINITIONS = {
  asOf: 'Figures as of the period end (to).',
  jcv: 'Latest anti-JCV test on or before the period end; index bands ≤ 0.9, 0.9–1.5, > 1.5 (pml-risk.md §2).',
  exposure: 'Infusions before screening + study infusions; months since the first natalizumab infusion.',
  eid: 'Two published definitions: count ≤ 15 infusions in 18 months; average dosing interval band (pml-risk.md §3).',
  risk: 'Published table SMPC_HO_2017 via @eid/domain lookupPmlRisk; never interpolated; unconfirmed cells keep their status flags.',
};

/**
 * PML risk (issue #6): the per-participant figures come from SQL (one page, keyset on participant code); the
 * aggregate groups participants in SQL by the table's look-up key (JCV status, index band, exposure) and
 * looks each distinct key up once in @eid/domain — the published table stays the single source.
 */
export async function pmlRiskReport(ctx: RequestContext, s: ReportScope, page: { limit: number; cursor?: string }): Promise<PmlRiskReport> {
  const params = [...scopeParams(s), page.cursor ? Buffer.from(page.cursor, 'base64url').toString('utf8') : null, page.limit + 1];
  const rows = s.protocolMatches ? ((await ctx.em.query(PAGE_SQL, params)) as Raw[]) : [];
  const groups = s.protocolMatches ? ((await ctx.em.query(GROUP_SQL, scopeParams(s))) as Array<Raw & { participants: number }>) : [];
  const items = rows.slice(0, page.limit).map(shapeRow);
  const byJcv = new Map<string, number>();
  const byClass: Record<string, number> = {};
  const byRisk = new Map<string, { kind: string; per1000: number | null; status: string | null; reason: string | null; participants: number }>();
  let eid = 0;
  let total = 0;
  for (const g of groups) {
    const r = shapeRow(g);
    const n = Number(g.participants);
    total += n;
    if (r.eidByCount) eid += n;
    byClass[r.averageIntervalClass] = (byClass[r.averageIntervalClass] ?? 0) + n;
    const jk = `${r.jcvStatus ?? 'unknown'}|${r.jcvIndexBand ?? 'none'}`;
    byJcv.set(jk, (byJcv.get(jk) ?? 0) + n);
    const rk = `${r.risk.kind}|${r.risk.per1000}|${r.risk.status}|${r.risk.reason}`;
    const cur = byRisk.get(rk) ?? { kind: r.risk.kind, per1000: r.risk.per1000, status: r.risk.status, reason: r.risk.reason, participants: 0 };
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
      byJcv: [...byJcv.entries()].map(([k, n]) => ({ status: k.split('|')[0], indexBand: k.split('|')[1], participants: n })).sort((a, b) => (a.status + a.indexBand).localeCompare(b.status + b.indexBand)),
      eidByCount: eid,
      byAverageIntervalClass: byClass,
      // Most participants first; ties in a fixed order (the SQL groups arrive in no particular order).
      byRisk: [...byRisk.entries()].sort(([ka, a], [kb, b]) => b.participants - a.participants || ka.localeCompare(kb)).map(([, v]) => v),
    },
    participants: items,
    nextCursor: rows.length > page.limit && last ? Buffer.from(last.participantCode, 'utf8').toString('base64url') : null,
  };
}

interface Raw {
  code: string;
  site_code: string;
  jcv_status: JcvStatus | null;
  jcv_index: number | null;
  jcv_date: string | null;
  infusions_total: number;
  months: number;
  n18: number;
  adi_days: number | null;
  prior_is: 'yes' | 'no' | 'unknown';
}

function shapeRow(r: Raw): PmlRiskRow {
  const index = r.jcv_index === null ? undefined : Number(r.jcv_index);
  const adi = r.adi_days === null ? null : Number(r.adi_days);
  const risk = lookupPmlRisk({ jcvStatus: r.jcv_status ?? undefined, jcvIndex: index, priorImmunosuppressant: r.prior_is, exposure: Number(r.infusions_total), exposureUnit: 'infusions' });
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
    infusionsLast18Months: Number(r.n18),
    eidByCount: Number(r.n18) <= EID_MAX_INFUSIONS_18M,
    averageIntervalDays: adi === null ? null : Math.round(adi * 10) / 10,
    averageIntervalClass: adi === null ? 'NOT_COMPUTABLE' : adi >= 21 && adi <= 35 ? 'SID' : adi > 35 && adi <= 84 ? 'EID' : 'UNCLASSIFIED',
    risk:
      risk.kind === 'ESTIMATE'
        ? { kind: risk.kind, table: risk.tableId, source: risk.source, per1000: risk.valuePer1000, status: risk.status, flags: risk.flags, reason: null }
        : { kind: risk.kind, table: risk.tableId, source: risk.source, per1000: null, status: null, flags: [], reason: risk.reason },
  };
}

const perParticipant = (materialized: boolean) => `
per AS ${materialized ? 'MATERIALIZED ' : ''}(
  SELECT obs.code, s.code AS site_code, j.status AS jcv_status, coalesce(obs.prior_immunosuppressant, 'unknown') AS prior_is,
         CASE WHEN j.status = 'positive' THEN j.index::float8 END AS jcv_index, j.date::text AS jcv_date,
         obs.infusions_before_screening + coalesce(x.n_all, 0) AS infusions_total,
         (extract(year FROM age($4::date, obs.natalizumab_start_date)) * 12 + extract(month FROM age($4::date, obs.natalizumab_start_date)))::int AS months,
         coalesce(x.n18, 0) AS n18,
         CASE WHEN x.n18 >= 2 THEN (x.last18 - x.first18)::float8 / (x.n18 - 1) END AS adi_days
    FROM obs JOIN site s ON s.id = obs.site_id
    -- Administered infusion dates and anti-JCV results, sorted by date (report_participant_facts): counts and the
    -- latest result by binary search, width_bucket(x, dates) = how many are <= x.
    JOIN report_participant_facts r ON r.participant_id = obs.id
    CROSS JOIN LATERAL (SELECT width_bucket($4::date, r.jcv_dates) AS k) jk
    CROSS JOIN LATERAL (SELECT r.jcv_status[jk.k] AS status, r.jcv_index[jk.k] AS index, r.jcv_dates[jk.k] AS date) j
    CROSS JOIN LATERAL (SELECT width_bucket($4::date, r.infusion_dates) AS upto,
                               width_bucket(($4::date - interval '18 months')::date, r.infusion_dates) AS before18) k
    CROSS JOIN LATERAL (SELECT k.upto AS n_all, greatest(k.upto - k.before18, 0) AS n18,
                               CASE WHEN k.upto > k.before18 THEN r.infusion_dates[k.before18 + 1] END AS first18,
                               CASE WHEN k.upto > k.before18 THEN r.infusion_dates[k.upto] END AS last18) x
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
       count(*)::int AS participants
  FROM per
 GROUP BY 3, 4, 6, 7, 9, 10`;
