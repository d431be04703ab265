import { lookupPmlRisk, RiskLookupInput } from './risk-lookup';
import { RiskTableId } from './risk-table.types';

type Case = {
  why: string;
  table: RiskTableId;
  input: RiskLookupInput;
  expected: Record<string, unknown>;
};

const pos = (
  exposure: number,
  priorImmunosuppressant: RiskLookupInput['priorImmunosuppressant'] = 'no',
  jcvIndex?: number,
): RiskLookupInput => ({
  jcvStatus: 'positive',
  jcvIndex,
  priorImmunosuppressant,
  exposure,
});

describe('lookupPmlRisk — inside the table (values from pml-risk.md §4b–4d, rules §4e)', () => {
  it.each<Case>([
    // §4d SMPC_HO_2017
    {
      why: '§4d no index, 12 infusions → 1–12: 0.1 [memory]',
      table: 'SMPC_HO_2017',
      input: pos(12),
      expected: { valuePer1000: 0.1, bandLabel: '1–12', rowKey: 'POSITIVE_NO_PRIOR_IS_INDEX_UNKNOWN', status: 'memory' },
    },
    {
      why: '§4d no index, 13 infusions → 13–24: 0.6',
      table: 'SMPC_HO_2017',
      input: pos(13),
      expected: { valuePer1000: 0.6, bandLabel: '13–24' },
    },
    {
      why: '§4e: 24 → "13–24"; index 0.9 → "≤ 0.9": 0.1',
      table: 'SMPC_HO_2017',
      input: pos(24, 'no', 0.9),
      expected: { valuePer1000: 0.1, bandLabel: '13–24', indexBandUsed: 'LE_0_9' },
    },
    {
      why: '§4e: 25 → "25–36"; index 0.91 → "> 0.9 to ≤ 1.5": 0.8',
      table: 'SMPC_HO_2017',
      input: pos(25, 'no', 0.91),
      expected: { valuePer1000: 0.8, bandLabel: '25–36', indexBandUsed: 'GT_0_9_LE_1_5' },
    },
    {
      why: '§4e: index 1.5 → middle band, 36 infusions: 0.8',
      table: 'SMPC_HO_2017',
      input: pos(36, 'no', 1.5),
      expected: { valuePer1000: 0.8, bandLabel: '25–36' },
    },
    {
      why: '§4e: index 1.51 → "> 1.5", 37 infusions: 7',
      table: 'SMPC_HO_2017',
      input: pos(37, 'no', 1.51),
      expected: { valuePer1000: 7, bandLabel: '37–48', indexBandUsed: 'GT_1_5' },
    },
    {
      why: '§4d 61–72, index > 1.5: 10',
      table: 'SMPC_HO_2017',
      input: pos(72, 'no', 3),
      expected: { valuePer1000: 10, bandLabel: '61–72' },
    },
    {
      why: '§4e prior IS overrides the index: prior IS, 30 infusions → 4 (not the ≤ 0.9 row)',
      table: 'SMPC_HO_2017',
      input: pos(30, 'yes', 0.5),
      expected: { valuePer1000: 4, rowKey: 'POSITIVE_PRIOR_IS', indexIgnored: true },
    },
    {
      why: '§4d/§4e anti-JCV negative → < 0.07 [confirmed] regardless of duration band (100 infusions)',
      table: 'SMPC_HO_2017',
      input: { jcvStatus: 'negative', priorImmunosuppressant: 'unknown', exposure: 100 },
      expected: { valuePer1000: 0.07, qualifier: 'lessThan', status: 'confirmed', bandLabel: undefined, rowKey: 'NEGATIVE' },
    },
    // §4b BLOOMGREN_2012
    {
      why: '§4b negative ≤ 0.09 [confirmed ceiling], CI 0–0.48 [memory]',
      table: 'BLOOMGREN_2012',
      input: { jcvStatus: 'negative', priorImmunosuppressant: 'yes', exposure: 10 },
      expected: { valuePer1000: 0.09, qualifier: 'atMost', status: 'confirmed', ciStatus: 'memory', ci95Per1000: [0, 0.48] },
    },
    {
      why: '§4b positive, no IS, 24 months-edge → 1–24: 0.56 (0.36–0.83) [memory]',
      table: 'BLOOMGREN_2012',
      input: pos(24),
      expected: { valuePer1000: 0.56, ci95Per1000: [0.36, 0.83], status: 'memory' },
    },
    {
      why: '§4b positive, no IS, 25 → 25–48: 4.6',
      table: 'BLOOMGREN_2012',
      input: pos(25),
      expected: { valuePer1000: 4.6, bandLabel: '25–48' },
    },
    {
      why: '§4b positive, prior IS, 48 → 11.1 (8.3–14.5)',
      table: 'BLOOMGREN_2012',
      input: pos(48, 'yes'),
      expected: { valuePer1000: 11.1, ci95Per1000: [8.3, 14.5] },
    },
    {
      why: '§4b has no index split: index 2.0 is ignored → 0.56',
      table: 'BLOOMGREN_2012',
      input: pos(10, 'no', 2),
      expected: { valuePer1000: 0.56, indexIgnored: true },
    },
    // §4c UPTODATE_55637
    {
      why: '§4c prior IS ≤ 24 ≈ 6 — flagged for clinical review (vs Bloomgren 1.6)',
      table: 'UPTODATE_55637',
      input: pos(24, 'yes'),
      expected: { valuePer1000: 6, qualifier: 'approx', flags: ['CLINICAL_REVIEW_POSSIBLE_TRANSCRIPTION'], status: 'confirmed' },
    },
    {
      why: '§4c index 0.9 falls in "index ≤ 1.5": ≤ 24 → 0.2',
      table: 'UPTODATE_55637',
      input: pos(24, 'no', 0.9),
      expected: { valuePer1000: 0.2, indexBandUsed: 'LE_1_5' },
    },
    {
      why: '§4c index 1.5 still "≤ 1.5": 25–48 → 1.1',
      table: 'UPTODATE_55637',
      input: pos(25, 'no', 1.5),
      expected: { valuePer1000: 1.1 },
    },
    {
      why: '§4c index 1.51 → "> 1.5": 49–72 → 10.1',
      table: 'UPTODATE_55637',
      input: pos(49, 'no', 1.51),
      expected: { valuePer1000: 10.1, bandLabel: '49–72' },
    },
    {
      why: '§4c index unknown, 49–72 → 6',
      table: 'UPTODATE_55637',
      input: pos(60),
      expected: { valuePer1000: 6, rowKey: 'POSITIVE_NO_PRIOR_IS_INDEX_UNKNOWN' },
    },
    {
      why: '§4c negative, no prior IS, 25–48 ≈ 0.2 ("after 24 months")',
      table: 'UPTODATE_55637',
      input: { jcvStatus: 'negative', priorImmunosuppressant: 'no', exposure: 30 },
      expected: { valuePer1000: 0.2, flags: ['PRINTED_AS_AFTER_24_MONTHS'] },
    },
  ])('$why', ({ table, input, expected }) => {
    const r = lookupPmlRisk(input, table);
    expect(r.kind).toBe('ESTIMATE');
    expect(r.tableId).toBe(table); // §4e: never a bare number
    expect(r).toMatchObject(expected);
  });
});

describe('lookupPmlRisk — outside the table: OUTSIDE_TABLE with reason, never extrapolated (§4e)', () => {
  it.each<Case>([
    { why: '§4d last band 61–72: 73 infusions', table: 'SMPC_HO_2017', input: pos(73), expected: { reason: 'EXPOSURE_BEYOND_TABLE' } },
    {
      why: '§4b last band 25–48: 49 months',
      table: 'BLOOMGREN_2012',
      input: pos(49, 'yes'),
      expected: { reason: 'EXPOSURE_BEYOND_TABLE' },
    },
    { why: '§4c last band 49–72: 73 months', table: 'UPTODATE_55637', input: pos(73), expected: { reason: 'EXPOSURE_BEYOND_TABLE' } },
    {
      why: '§4c negative 49–72 prints "—": no value, not carried over',
      table: 'UPTODATE_55637',
      input: { jcvStatus: 'negative', priorImmunosuppressant: 'no', exposure: 50 },
      expected: { reason: 'NO_VALUE_IN_CELL' },
    },
    { why: 'no infusions yet', table: 'SMPC_HO_2017', input: pos(0), expected: { reason: 'NO_EXPOSURE' } },
    {
      why: 'no anti-JCV test',
      table: 'SMPC_HO_2017',
      input: { jcvStatus: undefined, priorImmunosuppressant: 'no', exposure: 5 },
      expected: { reason: 'JCV_STATUS_UNKNOWN' },
    },
    {
      why: 'indeterminate test: no row in any table',
      table: 'SMPC_HO_2017',
      input: { jcvStatus: 'indeterminate', priorImmunosuppressant: 'no', exposure: 5 },
      expected: { reason: 'JCV_INDETERMINATE' },
    },
    {
      why: 'positive, prior IS unknown: the row depends on it',
      table: 'SMPC_HO_2017',
      input: pos(5, 'unknown'),
      expected: { reason: 'PRIOR_IMMUNOSUPPRESSANT_UNKNOWN' },
    },
    {
      why: '§4c splits negatives by prior IS → unknown prior IS is outside',
      table: 'UPTODATE_55637',
      input: { jcvStatus: 'negative', priorImmunosuppressant: 'unknown', exposure: 5 },
      expected: { reason: 'PRIOR_IMMUNOSUPPRESSANT_UNKNOWN' },
    },
  ])('$why', ({ table, input, expected }) => {
    const r = lookupPmlRisk(input, table);
    expect(r.kind).toBe('OUTSIDE_TABLE');
    expect(r.tableId).toBe(table);
    expect(r).toMatchObject(expected);
    expect(r).not.toHaveProperty('valuePer1000');
  });
});
