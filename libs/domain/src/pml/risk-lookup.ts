import { JcvStatus } from '../history';
import { EvidenceStatus } from './evidence-status';
import { JcvIndexBand, jcvIndexBand } from './jcv';
import { PriorImmunosuppressant } from './exposure';
import { PML_RISK_TABLES } from './risk-tables.data';
import { ExposureBand, RiskCell, RiskRowKey, RiskTable, RiskTableId } from './risk-table.types';

/** §4e default unit: infusions received (Ho 2017: risk per 12 infusions); option: months since first infusion. */
export type ExposureUnit = 'infusions' | 'months';

export interface RiskLookupInput {
  jcvStatus: JcvStatus | undefined;
  jcvIndex?: number;
  priorImmunosuppressant: PriorImmunosuppressant;
  /** Exposure in `exposureUnit` (infusions received, or treatment months). */
  exposure: number;
  exposureUnit?: ExposureUnit;
}

export type OutsideTableReason =
  | 'JCV_STATUS_UNKNOWN'
  | 'JCV_INDETERMINATE'
  | 'PRIOR_IMMUNOSUPPRESSANT_UNKNOWN'
  | 'NO_EXPOSURE'
  | 'EXPOSURE_BEYOND_TABLE'
  | 'NO_VALUE_IN_CELL';

interface LookupContext {
  tableId: RiskTableId;
  source: string;
  tableStatus: EvidenceStatus;
  measure: string;
  exposure: number;
  exposureUnit: ExposureUnit;
}

export interface RiskEstimate extends LookupContext {
  kind: 'ESTIMATE';
  rowKey: RiskRowKey;
  rowLabel: string;
  /** undefined for a row valid at any exposure (§4e anti-JCV negative in SMPC_HO_2017). */
  bandLabel: string | undefined;
  valuePer1000: number;
  qualifier: RiskCell['qualifier'];
  ci95Per1000?: readonly [number, number];
  /** Cell status ([memory]/[unconfirmed] carried from the notes). */
  status: EvidenceStatus;
  ciStatus?: EvidenceStatus;
  flags: readonly string[];
  /** The index band actually used (undefined if the row does not depend on the index). */
  indexBandUsed: JcvIndexBand | 'LE_1_5' | undefined;
  /** true when an index was supplied but the row ignores it (prior IS overrides; table without index). */
  indexIgnored: boolean;
}

export interface OutsideTable extends LookupContext {
  kind: 'OUTSIDE_TABLE';
  reason: OutsideTableReason;
  detail: string;
}

export type RiskLookupResult = RiskEstimate | OutsideTable;

function rowKeyFor(
  table: RiskTable,
  input: RiskLookupInput,
): { key: RiskRowKey; indexBandUsed: RiskEstimate['indexBandUsed'] } | { reason: OutsideTableReason; detail: string } {
  const { jcvStatus, priorImmunosuppressant: priorIs } = input;
  if (jcvStatus === undefined) return { reason: 'JCV_STATUS_UNKNOWN', detail: 'no anti-JCV test on record' };
  if (jcvStatus === 'indeterminate')
    return { reason: 'JCV_INDETERMINATE', detail: 'latest anti-JCV test indeterminate; the tables have no such row' };
  if (jcvStatus === 'negative') {
    if (!table.negativeSplitByPriorIs) return { key: 'NEGATIVE', indexBandUsed: undefined };
    if (priorIs === 'unknown')
      return { reason: 'PRIOR_IMMUNOSUPPRESSANT_UNKNOWN', detail: `${table.id} splits anti-JCV-negative patients by prior IS` };
    return { key: priorIs === 'yes' ? 'NEGATIVE_PRIOR_IS' : 'NEGATIVE_NO_PRIOR_IS', indexBandUsed: undefined };
  }
  if (priorIs === 'unknown')
    return { reason: 'PRIOR_IMMUNOSUPPRESSANT_UNKNOWN', detail: `${table.id} splits anti-JCV-positive patients by prior IS` };
  // §4e: prior IS = yes overrides the index.
  if (priorIs === 'yes') return { key: 'POSITIVE_PRIOR_IS', indexBandUsed: undefined };
  if (table.indexSplit === 'none') return { key: 'POSITIVE_NO_PRIOR_IS', indexBandUsed: undefined };
  const band = jcvIndexBand(input.jcvIndex);
  if (band === undefined) return { key: 'POSITIVE_NO_PRIOR_IS_INDEX_UNKNOWN', indexBandUsed: undefined };
  if (table.indexSplit === 'at1_5') {
    return band === 'GT_1_5'
      ? { key: 'POSITIVE_NO_PRIOR_IS_INDEX_GT_1_5', indexBandUsed: 'GT_1_5' }
      : { key: 'POSITIVE_NO_PRIOR_IS_INDEX_LE_1_5', indexBandUsed: 'LE_1_5' };
  }
  const key: RiskRowKey =
    band === 'LE_0_9'
      ? 'POSITIVE_NO_PRIOR_IS_INDEX_LE_0_9'
      : band === 'GT_0_9_LE_1_5'
        ? 'POSITIVE_NO_PRIOR_IS_INDEX_GT_0_9_LE_1_5'
        : 'POSITIVE_NO_PRIOR_IS_INDEX_GT_1_5';
  return { key, indexBandUsed: band };
}

function bandIndex(bands: readonly ExposureBand[], exposure: number): number {
  for (let i = 0; i < bands.length; i++) if (exposure >= bands[i].min && exposure <= bands[i].max) return i;
  return -1;
}

/**
 * Look a patient up in one published table (docs/science/pml-risk.md §4e). Never interpolates or extrapolates:
 * anything the table does not print comes back as `OUTSIDE_TABLE` with a reason.
 * Exposure is compared to the printed band edges inclusively; a fractional exposure between two bands
 * (e.g. 24.5) is outside every band and reported as such rather than rounded.
 */
export function lookupPmlRisk(input: RiskLookupInput, tableId: RiskTableId = 'SMPC_HO_2017'): RiskLookupResult {
  const table = PML_RISK_TABLES[tableId];
  const exposureUnit = input.exposureUnit ?? 'infusions';
  const ctx: LookupContext = {
    tableId: table.id,
    source: table.source,
    tableStatus: table.status,
    measure: table.measure,
    exposure: input.exposure,
    exposureUnit,
  };
  const outside = (reason: OutsideTableReason, detail: string): OutsideTable => ({ kind: 'OUTSIDE_TABLE', ...ctx, reason, detail });

  const row = rowKeyFor(table, input);
  if ('reason' in row) return outside(row.reason, row.detail);
  if (!(input.exposure >= 1)) return outside('NO_EXPOSURE', `exposure ${input.exposure} ${exposureUnit}: not on treatment`);

  const tableRow = table.rows.find((r) => r.key === row.key);
  if (tableRow === undefined) return outside('NO_VALUE_IN_CELL', `${table.id} has no row ${row.key}`);

  let cell: RiskCell | null | undefined = tableRow.anyExposure;
  let bandLabel: string | undefined;
  if (cell === undefined) {
    const i = bandIndex(table.bands, input.exposure);
    if (i < 0) {
      const last = table.bands[table.bands.length - 1];
      return outside(
        'EXPOSURE_BEYOND_TABLE',
        `exposure ${input.exposure} ${exposureUnit} is outside the printed bands (last: ${last.label}); no extrapolation`,
      );
    }
    cell = tableRow.cells[i];
    bandLabel = table.bands[i].label;
    if (!cell) return outside('NO_VALUE_IN_CELL', `${table.id} prints no value for ${tableRow.label}, ${bandLabel}`);
  }

  const indexSupplied = input.jcvIndex !== undefined && input.jcvStatus === 'positive';
  return {
    kind: 'ESTIMATE',
    ...ctx,
    rowKey: tableRow.key,
    rowLabel: tableRow.label,
    bandLabel,
    valuePer1000: cell.valuePer1000,
    qualifier: cell.qualifier,
    ...(cell.ci95Per1000 ? { ci95Per1000: cell.ci95Per1000 } : {}),
    status: cell.status,
    ...(cell.ciStatus ? { ciStatus: cell.ciStatus } : {}),
    flags: cell.flags ?? [],
    indexBandUsed: row.indexBandUsed,
    indexIgnored: indexSupplied && row.indexBandUsed === undefined,
  };
}
