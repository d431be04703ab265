import { IsoDate } from '../dates';
import { ParticipantHistory } from '../history';
import { AdiFormula, EidMetrics, eidMetrics } from './eid-metrics';
import { CumulativeExposure, cumulativeExposure, PriorImmunosuppressant, priorImmunosuppressant } from './exposure';
import { JCV_MAX_AGE_MONTHS, LatestJcv, latestJcv } from './jcv';
import { ExposureUnit, lookupPmlRisk, RiskLookupResult } from './risk-lookup';
import { RiskTableId } from './risk-table.types';

export interface PmlRiskProfileOptions {
  /** Default SMPC_HO_2017 (the table §4e's infusion-count default was written for). */
  tableId?: RiskTableId;
  /** §4e: default infusions received; option months since the first infusion. */
  exposureUnit?: ExposureUnit;
  adiFormula?: AdiFormula;
  jcvMaxAgeMonths?: number;
}

export interface PmlRiskProfile {
  asOf: IsoDate;
  eid: EidMetrics;
  exposure: CumulativeExposure;
  jcv: LatestJcv;
  priorImmunosuppressant: PriorImmunosuppressant;
  risk: RiskLookupResult;
  /** Human-readable cautions a report should print next to the risk number. */
  warnings: string[];
}

/**
 * Exposure value used for the table look-up. In month mode a patient in the first month of treatment
 * (0 completed months, ≥ 1 infusion) is in month 1 — the tables' first band starts at 1 (platform choice).
 */
function exposureForLookup(exposure: CumulativeExposure, unit: ExposureUnit): number {
  if (unit === 'infusions') return exposure.infusions;
  if (exposure.firstInfusion === undefined) return 0;
  return Math.max(1, exposure.monthsOnTreatment);
}

/** Everything docs/science/pml-risk.md §3–§4 asks for, in one pass-per-array object (linear in the history size). */
export function pmlRiskProfile(history: ParticipantHistory, asOf: IsoDate, options: PmlRiskProfileOptions = {}): PmlRiskProfile {
  const exposureUnit = options.exposureUnit ?? 'infusions';
  const eid = eidMetrics(history, asOf, { adiFormula: options.adiFormula });
  const exposure = cumulativeExposure(history, asOf);
  const jcv = latestJcv(history, asOf, options.jcvMaxAgeMonths ?? JCV_MAX_AGE_MONTHS);
  const priorIs = priorImmunosuppressant(history);
  const risk = lookupPmlRisk(
    {
      jcvStatus: jcv.status,
      jcvIndex: jcv.status === 'positive' ? jcv.index : undefined,
      priorImmunosuppressant: priorIs,
      exposure: exposureForLookup(exposure, exposureUnit),
      exposureUnit,
    },
    options.tableId ?? 'SMPC_HO_2017',
  );

  const warnings: string[] = [];
  if (jcv.stale)
    warnings.push(
      `latest anti-JCV test ${jcv.date} is older than ${options.jcvMaxAgeMonths ?? JCV_MAX_AGE_MONTHS} months (pml-risk.md §4e)`,
    );
  if (eid.historyShorterThanWindow)
    warnings.push('infusion history shorter than the 18-month window: not comparable to the TOUCH primary cohort (pml-risk.md §3)');
  if (exposure.infusionRecordsIncomplete && exposureUnit === 'infusions') {
    warnings.push('first natalizumab date precedes the first infusion on record: infusion count under-states exposure');
  }
  if (risk.kind === 'ESTIMATE' && risk.status !== 'confirmed')
    warnings.push(`risk cell status [${risk.status}] — verify before clinical use`);
  if (risk.kind === 'ESTIMATE' && risk.flags.length > 0) warnings.push(`risk cell flagged: ${risk.flags.join(', ')}`);

  return { asOf, eid, exposure, jcv, priorImmunosuppressant: priorIs, risk, warnings };
}
