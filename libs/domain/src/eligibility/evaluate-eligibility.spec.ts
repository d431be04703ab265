import { builtIn, variant } from '../dosing/test-helpers';
import { EligibilityInput } from './eligibility.types';
import { evaluateEligibility } from './evaluate-eligibility';

const pdnms = builtIn('pdnms');
const INCL = '2025-03-31';

/** A candidate meeting every PDNMS row E1–E8 at 2025-03-31 (docs/science/protocols.md eligibility table). */
const base = (): EligibilityInput => ({
  participant: {
    diagnosis: 'RRMS',
    diagnosticCriteria: 'McDonald 2010',
    birthYear: 1980,
    firstNatalizumabDate: '2022-01-10',
    mriPossible: true,
    otherImmunomodulatoryMedication: false,
  },
  edss: [{ date: '2025-03-20', score: 3.0 }],
  screeningTrough: { date: '2025-03-03', ugPerMl: 22.0 },
  mri: [{ date: '2024-10-01', newOrEnlargingT2: 0, gadoliniumEnhancing: 0 }],
  relapses: [{ onset: '2023-06-01' }],
});

const status = (input: EligibilityInput, id: string, incl = INCL, p = pdnms) =>
  evaluateEligibility(p, input, incl).criteria.find((c) => c.id === id)!.status;

describe('evaluateEligibility — PDNMS E1–E8 (protocols.md; outcomes.md §6)', () => {
  it('baseline candidate is eligible, criterion by criterion', () => {
    const r = evaluateEligibility(pdnms, base(), INCL);
    expect(r.criteria.map((c) => [c.id, c.status])).toEqual(['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8'].map((id) => [id, 'met']));
    expect(r.eligible).toBe('eligible');
  });

  it('names the evidence each row reads (pdnms-v1.json checks), what an unknown row asks to complete', () => {
    const inputs = Object.fromEntries(evaluateEligibility(pdnms, base(), INCL).criteria.map((c) => [c.id, c.inputs]));
    expect(inputs).toEqual({
      E1: ['diagnosis', 'diagnosticCriteria'], // diagnosis with accepted criteria editions
      E2: ['birthYear'],
      E3: ['firstNatalizumabDate', 'infusions'],
      E4: ['edss'],
      E5: ['screeningTrough'],
      E6: ['relapses', 'mri'], // relapse, Gd+ and T2 kinds, MRI required
      E7: ['mriPossible'],
      E8: ['otherImmunomodulatoryMedication'],
    });
  });

  type Edit = (i: EligibilityInput) => void;
  it.each<[string, string, Edit, string, string?]>([
    [
      'E3 boundary: first infusion exactly inclusion − 12 months (2024-03-31) → met',
      'E3',
      (i) => (i.participant.firstNatalizumabDate = '2024-03-31'),
      'met',
    ],
    ['E3 boundary: one day later (2024-04-01) → not met', 'E3', (i) => (i.participant.firstNatalizumabDate = '2024-04-01'), 'not_met'],
    [
      'E3 month-end clamp: inclusion 2025-02-28 − 12 months = 2024-02-28; first 2024-02-29 → not met',
      'E3',
      (i) => (i.participant.firstNatalizumabDate = '2024-02-29'),
      'not_met',
      '2025-02-28',
    ],
    [
      'E3 leap day: inclusion 2024-02-29 − 12 months = 2023-02-28 (clamped); first 2023-02-28 → met',
      'E3',
      (i) => (i.participant.firstNatalizumabDate = '2023-02-28'),
      'met',
      '2024-02-29',
    ],
    [
      'E3: date unknown, earliest recorded infusion after the cut-off → unknown',
      'E3',
      (i) => {
        delete i.participant.firstNatalizumabDate;
        i.infusions = [{ date: '2024-06-01' }];
      },
      'unknown',
    ],
    [
      'E3: date unknown, earliest recorded infusion before the cut-off → met',
      'E3',
      (i) => {
        delete i.participant.firstNatalizumabDate;
        i.infusions = [{ date: '2023-06-01' }];
      },
      'met',
    ],
    [
      'E5 inclusive: screening trough exactly 15.0 ≥ 15.0 → met',
      'E5',
      (i) => (i.screeningTrough = { date: '2025-03-03', ugPerMl: 15.0 }),
      'met',
    ],
    ['E5: 14.9 → not met', 'E5', (i) => (i.screeningTrough = { date: '2025-03-03', ugPerMl: 14.9 }), 'not_met'],
    [
      'E5: "< LLOQ" is below every threshold → not met',
      'E5',
      (i) => (i.screeningTrough = { date: '2025-03-03', belowLloq: true }),
      'not_met',
    ],
    ['E5: sample without a result is not a trough → unknown', 'E5', (i) => (i.screeningTrough = { date: '2025-03-03' }), 'unknown'],
    [
      'E6: relapse exactly on the window start 2024-03-31 counts as inside (outcomes.md §6) → not met',
      'E6',
      (i) => i.relapses!.push({ onset: '2024-03-31' }),
      'not_met',
    ],
    ['E6: relapse on 2024-03-30, just outside the window → met', 'E6', (i) => i.relapses!.push({ onset: '2024-03-30' }), 'met'],
    ['E6: relapse on the inclusion day (window end inclusive) → not met', 'E6', (i) => i.relapses!.push({ onset: INCL }), 'not_met'],
    ['E6: new Gd+ lesion in the window → not met', 'E6', (i) => i.mri!.push({ date: '2024-12-01', gadoliniumEnhancing: 1 }), 'not_met'],
    ['E6: activity after the inclusion date is ignored → met', 'E6', (i) => i.relapses!.push({ onset: '2025-04-01' }), 'met'],
    [
      'E6: no MRI in the window → unknown (outcomes.md §6 insufficient data)',
      'E6',
      (i) => (i.mri = [{ date: '2024-01-01', newOrEnlargingT2: 0, gadoliniumEnhancing: 0 }]),
      'unknown',
    ],
    ['E4 inclusive: EDSS 6.0 → met', 'E4', (i) => (i.edss = [{ date: '2025-03-20', score: 6.0 }]), 'met'],
    ['E4: EDSS 6.5 → not met', 'E4', (i) => (i.edss = [{ date: '2025-03-20', score: 6.5 }]), 'not_met'],
    ['E4: EDSS 0.0 → met', 'E4', (i) => (i.edss = [{ date: '2025-03-20', score: 0 }]), 'met'],
    [
      'E4: 0.5 is not a valid EDSS step (outcomes.md §5) → unknown',
      'E4',
      (i) => (i.edss = [{ date: '2025-03-20', score: 0.5 }]),
      'unknown',
    ],
    ['E2: born 2007, only the year kept → 17 or 18 at 2025-03-31 → unknown', 'E2', (i) => (i.participant.birthYear = 2007), 'unknown'],
    ['E2: born 2006 → 18 or 19 → met', 'E2', (i) => (i.participant.birthYear = 2006), 'met'],
    ['E2: born 2008 → 16 or 17 → not met', 'E2', (i) => (i.participant.birthYear = 2008), 'not_met'],
    ['E2: birth date 2007-03-31 → 18th birthday on inclusion → met', 'E2', (i) => (i.participant.birthDate = '2007-03-31'), 'met'],
    ['E2: birth date 2007-04-01 → 17 → not met', 'E2', (i) => (i.participant.birthDate = '2007-04-01'), 'not_met'],
    ['E1 / A8(a): McDonald 2017 not accepted → not met', 'E1', (i) => (i.participant.diagnosticCriteria = 'McDonald 2017'), 'not_met'],
    ['E1: SPMS → not met', 'E1', (i) => (i.participant.diagnosis = 'SPMS'), 'not_met'],
    ['E1: criteria edition missing → unknown', 'E1', (i) => delete i.participant.diagnosticCriteria, 'unknown'],
    ['E7: MRI not possible → not met', 'E7', (i) => (i.participant.mriPossible = false), 'not_met'],
    ['E8: other immunomodulatory drug → not met', 'E8', (i) => (i.participant.otherImmunomodulatoryMedication = true), 'not_met'],
    ['E8: not recorded → unknown', 'E8', (i) => delete i.participant.otherImmunomodulatoryMedication, 'unknown'],
  ])('%s', (_name, id, edit, expected, incl = INCL) => {
    const input = base();
    edit(input);
    expect(status(input, id, incl)).toBe(expected);
  });

  it('overall: any not_met → not_eligible even when others are unknown', () => {
    const input = base();
    input.participant.mriPossible = false;
    delete input.screeningTrough;
    const r = evaluateEligibility(pdnms, input, INCL);
    expect(r.eligible).toBe('not_eligible');
  });

  it('overall: unknowns only → unknown', () => {
    const input = base();
    delete input.screeningTrough;
    expect(evaluateEligibility(pdnms, input, INCL).eligible).toBe('unknown');
  });

  it('protocols.md window convention: 31 Aug − 6 months = 28 Feb (29 Feb in a leap year), both ends inclusive', () => {
    const six = variant('pdnms', (doc) => (doc.eligibility.criteria.find((c: { id: string }) => c.id === 'E6').check.months = 6));
    const withRelapse = (onset: string, mriDate: string) => ({
      ...base(),
      relapses: [{ onset }],
      mri: [{ date: mriDate, newOrEnlargingT2: 0, gadoliniumEnhancing: 0 }],
    });
    const r = evaluateEligibility(six, withRelapse('2025-02-28', '2025-06-01'), '2025-08-31').criteria.find((c) => c.id === 'E6')!;
    expect(r.window).toEqual({ from: '2025-02-28', to: '2025-08-31' });
    expect(r.status).toBe('not_met');
    expect(status(withRelapse('2025-02-27', '2025-06-01'), 'E6', '2025-08-31', six)).toBe('met');
    expect(
      evaluateEligibility(six, withRelapse('2024-02-28', '2024-06-01'), '2024-08-31').criteria.find((c) => c.id === 'E6'),
    ).toMatchObject({
      window: { from: '2024-02-29', to: '2024-08-31' },
      status: 'met',
    });
  });
});

describe('evaluateEligibility — NOVA key eligibility in the fixed-arm files (protocols.md §(c))', () => {
  const q6 = builtIn('fixed-q6w');
  const nova = (): EligibilityInput => ({
    participant: { diagnosis: 'relapsing-remitting MS', birthDate: '1980-05-05' },
    infusions: ['2024-12-09', '2025-01-06', '2025-02-03', '2025-03-03', '2025-03-31'].map((date) => ({ date })),
    relapses: [],
    mri: [{ date: '2025-03-10', gadoliniumEnhancing: 0, newOrEnlargingT2: 0 }],
  });
  it('Q4W history without gaps, no relapse, Gd-free screening MRI → eligible', () => {
    expect(evaluateEligibility(q6, nova(), INCL).eligible).toBe('eligible');
  });
  it.each<[string, string, (i: EligibilityInput) => void, string]>([
    ['N1: born 1964-03-31 → 61 at 2025-03-31 → not met (18–60)', 'N1', (i) => (i.participant.birthDate = '1964-03-31'), 'not_met'],
    ['N1: born 1965-03-31 → exactly 60 at 2025-03-31 → met', 'N1', (i) => (i.participant.birthDate = '1965-03-31'), 'met'],
    ['N3: relapse 2024-06-01 within 12 months → not met', 'N3', (i) => i.relapses!.push({ onset: '2024-06-01' }), 'not_met'],
    [
      'N4: a 56-day gap (missed dose) in the prior 3 months → not met',
      'N4',
      (i) => (i.infusions = i.infusions!.filter((x) => x.date !== '2025-03-03')),
      'not_met',
    ],
    ['N5: Gd+ lesion on the screening MRI → not met', 'N5', (i) => (i.mri = [{ date: '2025-03-10', gadoliniumEnhancing: 1 }]), 'not_met'],
  ])('%s', (_n, id, edit, expected) => {
    const input = nova();
    edit(input);
    expect(status(input, id, INCL, q6)).toBe(expected);
  });
});
