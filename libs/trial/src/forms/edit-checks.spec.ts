import { findProtocol } from '@eid/domain';
import { Participant } from '../participants/participant.entity';
import { participantCode, enrolmentDateProblems } from '../participants/enrolment.service';
import { withIntervals } from '../timeline/timeline.service';
import { deriveSeriousness } from './adverse-event/adverse-event.form';
import { AdverseEvent } from './adverse-event/adverse-event.entity';
import { windowFlag } from './clinic-visit/clinic-visit.form';
import { clinicalDateProblems, orderProblems } from './common-checks';
import { edssProblems } from './edss/edss.form';
import { Infusion } from './infusion/infusion.entity';
import { infusionChecks } from './infusion/infusion.form';
import { TroughSample } from './trough/trough-sample.entity';
import { troughChecks } from './trough/trough.form';

const protocol = findProtocol('pdnms', '1')!;
const participant = Object.assign(new Participant(), { id: 'p', consentDate: '2026-01-12' });
const base = { participant, protocol, today: '2026-06-15', em: undefined as never, existing: null };
const codes = (ps: Array<{ code: string }>) => ps.map((p) => p.code);

describe('clinical dates (issue #5 edit checks)', () => {
  it.each([
    ['2026-06-16', ['DATE_IN_FUTURE']],
    ['2026-06-15', []],
    ['2026-01-12', []],
    ['2026-01-11', ['DATE_BEFORE_CONSENT']],
  ])('%s → %j', (d, want) => expect(codes(clinicalDateProblems('date', d, '2026-06-15', '2026-01-12'))).toEqual(want));

  it('onset after resolution names the resolution field', () => {
    expect(orderProblems('onsetDate', '2026-03-10', 'resolutionDate', '2026-03-01', 'ONSET_AFTER_RESOLUTION')).toEqual([
      expect.objectContaining({ field: 'resolutionDate', code: 'ONSET_AFTER_RESOLUTION' }),
    ]);
    expect(orderProblems('onsetDate', '2026-03-10', 'resolutionDate', '2026-03-10', 'ONSET_AFTER_RESOLUTION')).toEqual([]);
  });
});

describe('trough checks', () => {
  const trough = (o: Partial<TroughSample>) =>
    Object.assign(new TroughSample(), { sampledOn: '2026-03-01', concentrationUgPerMl: 18, belowLloq: false, ...o });
  it.each([
    ['on the infusion day', '2026-03-04', [], []],
    ['3 days before (limit)', '2026-03-01', [], []],
    ['4 days before', '2026-02-28', [], ['TROUGH_EARLY_SAMPLE']],
    ['after the infusion', '2026-03-05', ['TROUGH_AFTER_INFUSION'], []],
  ])('%s', (_n, sampledOn, problems, warnings) => {
    const r = troughChecks({ ...base, candidate: trough({ sampledOn }) }, { date: '2026-03-04' });
    expect(codes(r.problems)).toEqual(problems);
    expect(codes(r.warnings)).toEqual(warnings);
  });
  it('below LLOQ with a value is contradictory', () => {
    expect(codes(troughChecks({ ...base, candidate: trough({ belowLloq: true }) }, null).problems)).toEqual(['LLOQ_WITH_VALUE']);
  });
});

describe('infusion checks', () => {
  const inf = (o: Partial<Infusion>) =>
    Object.assign(new Infusion(), { date: '2026-02-02', doseMg: 300, administered: true, notAdministeredReason: null, ...o });
  it('protocol dose passes, other doses warn (pdnms DOSE 300 mg)', () => {
    expect(infusionChecks({ ...base, candidate: inf({}) })).toEqual({ problems: [], warnings: [] });
    expect(codes(infusionChecks({ ...base, candidate: inf({ doseMg: 150 }) }).warnings)).toEqual(['UNUSUAL_VALUE']);
  });
  it('administered needs a dose; not administered needs a reason', () => {
    expect(codes(infusionChecks({ ...base, candidate: inf({ doseMg: null }) }).problems)).toEqual(['DOSE_REQUIRED']);
    expect(codes(infusionChecks({ ...base, candidate: inf({ administered: false, doseMg: null }) }).problems)).toEqual([
      'NOT_ADMINISTERED_REASON_REQUIRED',
    ]);
  });
});

describe('EDSS (outcomes.md §5)', () => {
  it.each([
    [0, []],
    [0.5, ['EDSS_NOT_A_STEP']],
    [1, []],
    [6.5, []],
    [2.25, ['EDSS_NOT_A_STEP']],
    [10, []],
    [10.5, ['VALUE_OUT_OF_RANGE']],
  ])('%s → %j', (score, want) => expect(codes(edssProblems(score, null))).toEqual(want));
  it('FS scores: known systems, whole numbers 0–6', () => {
    expect(codes(edssProblems(2, { pyramidal: 2, visual: 7, elbow: 1 }))).toEqual(['VALUE_OUT_OF_RANGE', 'UNKNOWN_FUNCTIONAL_SYSTEM']);
  });
});

describe('derived values', () => {
  it('AE seriousness from ICH E2A criteria, never from severity', () => {
    const ae = (o: Partial<AdverseEvent>) =>
      Object.assign(new AdverseEvent(), { seriousnessCriteria: [], severity: 'severe', relatedness: 'probable', ...o });
    const severe = ae({});
    deriveSeriousness(severe);
    expect([severe.serious, severe.expeditedReview]).toEqual([false, false]);
    const hosp = ae({ seriousnessCriteria: ['HOSPITALISATION'] });
    deriveSeriousness(hosp);
    expect([hosp.serious, hosp.expeditedReview]).toEqual([true, true]);
    const unrelated = ae({ seriousnessCriteria: ['HOSPITALISATION'], relatedness: 'not-related' });
    deriveSeriousness(unrelated);
    expect([unrelated.serious, unrelated.expeditedReview]).toEqual([true, false]);
  });

  it('visit window flag, ends inclusive', () => {
    const v = { windowFrom: '2026-03-29', windowTo: '2026-04-26' };
    expect(['2026-03-28', '2026-03-29', '2026-04-26', '2026-04-27'].map((d) => windowFlag(d, v))).toEqual([
      'early',
      'in-window',
      'in-window',
      'late',
    ]);
  });

  it('infusion intervals skip infusions not given and start from the last pre-study infusion', () => {
    const rows = [
      ['2026-02-02', true],
      ['2026-03-02', false],
      ['2026-03-09', true],
    ].map(([date, administered]) => Object.assign(new Infusion(), { date, administered }));
    expect(withIntervals(rows, ['2025-12-08', '2026-01-05']).map((i) => i.intervalDays)).toEqual([28, null, 35]);
    expect(withIntervals(rows.slice(0, 1)).map((i) => i.intervalDays)).toEqual([null]);
  });

  it('participant codes: site prefix and 4-digit number', () => {
    expect(participantCode('AMS', 7)).toBe('AMS-0007');
    expect(participantCode('RTM', 12345)).toBe('RTM-12345');
  });

  it('consent: not in the future, not before screening; enrolment not before consent', () => {
    expect(codes(enrolmentDateProblems({ consentDate: '2026-06-16', version: 1 }, '2026-01-05', '2026-06-15'))).toEqual(['DATE_IN_FUTURE']);
    expect(codes(enrolmentDateProblems({ consentDate: '2026-01-04', version: 1 }, '2026-01-05', '2026-06-15'))).toEqual([
      'CONSENT_BEFORE_SCREENING',
    ]);
    expect(
      codes(enrolmentDateProblems({ consentDate: '2026-01-10', enrolmentDate: '2026-01-09', version: 1 }, '2026-01-05', '2026-06-15')),
    ).toEqual(['DATE_BEFORE_CONSENT']);
  });
});
