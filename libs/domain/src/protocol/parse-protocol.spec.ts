import { findProtocol, loadBuiltInProtocols } from './built-in-protocols';
import { parseProtocol } from './parse-protocol';
import { protocolSchema } from './protocol-schema';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe('bundled protocol files (protocols/*.json)', () => {
  it('all five parse: pdnms, target-trough, standard-q4w, fixed-q6w, the stratified-start shape (next-ms-v1.json)', () => {
    expect(loadBuiltInProtocols().map((p) => `${p.id}@${p.version}`)).toEqual([
      'pdnms@1',
      'target-trough@1',
      'standard-q4w@1',
      'fixed-q6w@1',
      'stratified-start-next-ms-style@1',
    ]);
    expect(protocolSchema.$schema).toMatch(/draft-07/);
  });

  it('stratified start: a fromStrata rule without dosing.strata, and a stratum outside min–max, are refused', () => {
    const p = clone(findProtocol('stratified-start-next-ms-style', '1')!) as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    p.dosing.strata.rows[0].weeks = 9;
    const r1 = parseProtocol(p);
    expect(r1.ok ? [] : r1.problems.map((x) => x.path)).toContain('/dosing/strata/rows/0/weeks');
    delete p.dosing.strata;
    const r2 = parseProtocol(p);
    expect(r2.ok ? [] : r2.problems.map((x) => x.path)).toContain('/dosing/strata');
  });

  it('protocols.md PDNMS: platform default = option a of A1–A9, each named in the file', () => {
    const p = findProtocol('pdnms', '1')!;
    for (const a of ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'A9']) expect(p.ambiguities[a]?.choice).toBe('a');
    expect(p.dosing.rules.map((r) => r.id)).toEqual(['P0', 'P1', 'P1b', 'P2', 'P3', 'P4', 'P5']);
    expect(p.dosing.rules.find((r) => r.id === 'P1b')?.enabled).toBe(false); // A3(a)
    expect(p.dosing.parameters.extendAbove.value).toBe(15.0); // registry "> 15 µg/mL"
    expect(p.dosing.maxIntervalWeeks.value).toBe(8); // A6 confirmed registry
    expect(p.visits.cadence.everyMonths).toBe(3); // van Kempen 2020: every 3 months
    expect(p.eligibility.criteria.map((c) => c.id)).toEqual(['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8']);
  });

  it('protocols.md §(b): the target-trough table is not labelled NEXT-MS', () => {
    const p = findProtocol('target-trough', '1')!;
    expect(`${p.id} ${p.title}`).not.toMatch(/NEXT-MS/i);
    expect(p.dosing.parameters.extendAbove.status).toBe('unconfirmed');
    expect(p.dosing.parameters.target).toMatchObject({ value: 10, status: 'confirmed' });
  });

  it('every clause carries id, source and status', () => {
    for (const p of loadBuiltInProtocols()) {
      const clauses = [
        ...p.dosing.rules,
        ...Object.values(p.dosing.parameters),
        ...p.eligibility.criteria,
        p.visits.cadence,
        p.visits.window,
        p.visits.infusionTolerance,
      ];
      for (const c of clauses)
        expect(c).toMatchObject({
          id: expect.any(String),
          source: expect.any(String),
          status: expect.stringMatching(/^(confirmed|memory|derived|unconfirmed)$/),
        });
    }
  });

  it('unknown id/version → undefined', () => {
    expect(findProtocol('pdnms', '2')).toBeUndefined();
  });
});

describe('parseProtocol — invalid protocol lists every problem', () => {
  it('schema and semantic problems are all reported in one pass', () => {
    const doc = clone(findProtocol('pdnms', '1')) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    delete doc.title; // 1 missing required
    doc.dosing.minIntervalWeeks.value = 9; // 2 min > max (semantic) and start < min
    doc.dosing.rules[3].status = 'guess'; // 3 bad status enum
    doc.dosing.rules[5].when.threshold = { param: 'nope' }; // 4 unknown parameter (semantic)
    doc.dosing.rules[6].decision = 'MAYBE'; // 5 bad decision code
    doc.eligibility.criteria[3].check = { type: 'baselineEdss', min: 6, max: 1 }; // 6 min > max (semantic)
    doc.visits.window.daysBefore = -1; // 7 negative window
    doc.extra = true; // 8 unknown top-level property
    const r = parseProtocol(doc);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/title',
        '/dosing/minIntervalWeeks/value',
        '/dosing/startIntervalWeeks/value',
        '/dosing/rules/3/status',
        '/dosing/rules/5/when/threshold/param',
        '/dosing/rules/6/decision',
        '/eligibility/criteria/3/check',
        '/visits/window/daysBefore',
        '/extra',
      ]),
    );
    for (const p of r.problems) expect(p.reason.length).toBeGreaterThan(0);
  });

  it('a table without a catch-all last row is rejected (every history must get a decision)', () => {
    const doc = clone(findProtocol('pdnms', '1')) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    doc.dosing.rules.pop();
    const r = parseProtocol(doc);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual([expect.objectContaining({ path: '/dosing/rules' })]);
  });

  describe('issue 13: the PML safety stop P0 is mandatory and first', () => {
    it.each(loadBuiltInProtocols().map((p) => [`${p.id}@${p.version}`, p] as const))(
      '%s: P0 pmlSuspicion → SUSPEND is the top row, with source and status',
      (_n, p) => {
        // docs/science/natalizumab.md "Suspected PML": withhold at the first sign or symptom suggestive of PML — status [memory] there.
        expect(p.dosing.rules[0]).toMatchObject({
          id: 'P0',
          when: { type: 'pmlSuspicion' },
          decision: 'SUSPEND',
          status: 'memory',
          investigatorReview: true,
        });
        expect(p.dosing.rules[0].source).toMatch(/natalizumab\.md/);
        for (const k of ['intervalInForce', 'troughOnSchedule', 'samplingOccasion', 'activityAnswered'] as const)
          expect(p.dosing.evidence[k]).toMatchObject({ id: expect.any(String), source: expect.any(String), status: 'derived' });
      },
    );
    it('a file without P0 first is rejected; SUSPEND on another row is rejected', () => {
      const doc = clone(findProtocol('pdnms', '1')) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
      const p0 = doc.dosing.rules.shift();
      doc.dosing.rules.splice(1, 0, { ...p0, id: 'PX', when: { type: 'always' } });
      const r = parseProtocol(doc);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems.map((x) => x.path)).toEqual(expect.arrayContaining(['/dosing/rules/0', '/dosing/rules/1/decision']));
    });
    it('P0 disabled is rejected (the safety stop cannot be switched off)', () => {
      const doc = clone(findProtocol('pdnms', '1')) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
      doc.dosing.rules[0].enabled = false;
      expect(parseProtocol(doc).ok).toBe(false);
    });
  });

  it.each([null, 42, 'pdnms', []])('non-object %p → problem at /', (v) => {
    const r = parseProtocol(v);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].path).toBe('/');
  });
});
