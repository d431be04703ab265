import {
  addDays,
  addMonths,
  addWeeks,
  daysBetween,
  decideInterval,
  evaluateEligibility,
  planInfusions,
  planVisits,
  type IsoDate,
  type ParticipantHistory,
  type Protocol,
} from '@eid/domain';
import { deriveSeriousness, eligibilityInputOf, type AdverseEvent, type CreateScreeningDto } from '@eid/trial';
import { InfusionPatterns } from './infusion-patterns';
import { addOutcomePatterns } from './outcome-patterns';
import { PkSubject } from './pk-simulator';
import { deterministicUuid, Random } from './random';
import type { SynthAdverseEvent, SynthDecision, SynthOptions, SynthParticipant } from './synthetic-trial.types';

/**
 * Rates of the synthetic course. EID trials of stable natalizumab-treated RRMS report very low disease
 * activity (NOVA, Foley 2022: ARR ≈ 0.02–0.1; new/enlarging T2 in a few % of participants), so the baseline
 * hazards are small; activity rises when the trough falls very low (a plausible, illustrative link that lets
 * the decision engine's P1 activity rule fire now and then). All are synthetic, not estimates.
 */
export const SYNTH_RATES = {
  relapsePerYear: 0.03,
  relapsePerYearLowTrough: 0.12,
  lowTroughUgPerMl: 3,
  activeScanProbability: 0.003,
  activeScanAfterRelapse: 0.35,
  edssProgressionPerVisit: 0.008,
  jcvPositiveAtBaseline: 0.35,
  jcvSeroconversionPerYear: 0.06,
  minorAePerYear: 0.4,
  seriousAePerYear: 0.015,
  pmlSuspicionPerYear: 0.0008,
  overrideProbability: 0.08,
  /** Mitoxantrone/azathioprine/… before natalizumab: a minority of today's natalizumab patients. */
  priorImmunosuppressant: 0.12,
  /** Screening form: a relapse 13–30 months before screening (before the E6 year; most natalizumab patients started after one). */
  screeningRelapse: 0.2,
  /** Screening form: a febrile pseudo-relapse (R2) in the 3–20 days before screening — allowed by E6, but EDSS within 30 days after it is relapse-affected. */
  screeningPseudoRelapse: 0.03,
} as const;

const DOSE_MG = 300;

/** The screening form's relapses (issue 14: they enter the one relapse classification), on their own random stream. */
function screeningRelapses(seed: number, index: number, screeningDate: IsoDate): Array<Record<string, unknown>> {
  const r = Random.forKey(seed, `participant:${index}:screening-relapses`);
  const out: Array<Record<string, unknown>> = [];
  if (r.chance(SYNTH_RATES.screeningRelapse))
    out.push({
      onsetDate: addDays(addMonths(screeningDate, -13), -r.int(0, 520)),
      confirmedByNeurologist: true,
      durationHours: 24 * r.int(2, 20),
      feverOrInfection: false,
    });
  if (r.chance(SYNTH_RATES.screeningPseudoRelapse))
    out.push({
      onsetDate: addDays(screeningDate, -r.int(3, 20)),
      confirmedByNeurologist: true,
      durationHours: 24 * r.int(2, 5),
      feverOrInfection: true,
    });
  return out;
}
/** Kept above the PDNMS E5 threshold with margin for rounding. */
const SCREENING_TROUGH_MIN_UG_PER_ML = 15.1;
const FS = ['pyramidal', 'cerebellar', 'brainstem', 'sensory', 'bowel-bladder', 'visual', 'cerebral'];
const OVERRIDE_REASONS = [
  'Participant prefers to keep the current interval (travel, work schedule)',
  'Investigator judgement: wait for the next trough before changing the interval',
  'Recent infection; interval kept unchanged until recovery',
];
const MINOR_AES = [
  'Headache after infusion',
  'Upper respiratory tract infection',
  'Fatigue',
  'Infusion-related reaction',
  'Urinary tract infection',
  'Arthralgia',
];

export function synthEnd(o: Pick<SynthOptions, 'start' | 'years'>): IsoDate {
  return addMonths(o.start, Math.round(o.years * 12));
}

export function siteCodeOf(studyCode: string, siteIndex: number): string {
  return `${studyCode
    .replace(/[^A-Z0-9]/gi, '')
    .slice(0, 12)
    .toUpperCase()}S${String(siteIndex + 1).padStart(2, '0')}`.slice(0, 20);
}

/**
 * One synthetic participant, deterministic for (seed, index): screened and enrolled in the first six months
 * of the trial, dosed by the study's protocol (decideInterval at every infusion, the same engine the API uses),
 * followed until the trial's end. Its own PRNG stream, so participants can be generated in any batch order.
 */
export function generateParticipant(protocol: Protocol, o: SynthOptions, index: number): SynthParticipant {
  const rnd = Random.forKey(o.seed, `participant:${index}`);
  const ns = `${o.studyCode}:${o.seed}`;
  const id = (key: string) => deterministicUuid(ns, `${index}:${key}`);
  const end = synthEnd(o);
  const siteIndex = index % o.sites;
  const siteNumber = Math.floor(index / o.sites) + 1;

  // Screening on the day of the last pre-study infusion (trough drawn before it); consent 3–14 days later.
  const recruitmentDays = Math.min(182, Math.max(1, daysBetween(o.start, end) - 120));
  const screeningDate = addDays(o.start, rnd.int(0, recruitmentDays - 1));
  const consentDate = addDays(screeningDate, rnd.int(3, 14));
  const natalizumabStartDate = addMonths(screeningDate, -rnd.int(14, 72));
  const weightKg = Math.round(70 * Math.exp(0.15 * rnd.normal()));
  const baselineEdss = rnd.pick([1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4, 4.5]);
  // Pre-study Q4W: eight doses bring the two-compartment model to ≥ 97 % of steady state (docs/science/pk-model.md §6).
  // Entry criterion E5 (screening trough ≥ 15 µg/mL) screens out fast clearers: only the candidates who
  // pass are enrolled, so draw individuals until one does (screen failures are not part of the data set).
  const evidenceInfusions = [-56, -28, 0].map((d) => addDays(screeningDate, d));
  let pk: PkSubject;
  let screeningTrough: number;
  let attempts = 0;
  do {
    pk = new PkSubject(rnd, weightKg);
    for (let k = 0; k < 8; k++) pk.doseAndAdvance(DOSE_MG, 28 * 24);
    screeningTrough = round1(Math.max(0.1, pk.observe(rnd)));
  } while (screeningTrough < SCREENING_TROUGH_MIN_UG_PER_ML && ++attempts < 200);

  const screening = {
    screeningNumber: `${siteCodeOf(o.studyCode, siteIndex)}-S${String(siteNumber).padStart(5, '0')}`,
    screeningDate,
    birthYear: Number(screeningDate.slice(0, 4)) - rnd.int(22, 58),
    sex: rnd.chance(0.72) ? 'female' : 'male',
    msType: 'RRMS',
    diagnosticCriteria: 'McDonald 2010',
    natalizumabStartDate,
    infusionsBeforeScreening: Math.floor(daysBetween(natalizumabStartDate, screeningDate) / 28),
    weightKg,
    mriPossible: true,
    otherImmunomodulatoryMedication: false,
    // Own stream: adding the field did not shift the participant's other draws (same seed, same trial).
    priorImmunosuppressant: Random.forKey(o.seed, `participant:${index}:prior-immunosuppressant`).chance(SYNTH_RATES.priorImmunosuppressant)
      ? 'yes'
      : 'no',
    evidence: {
      relapses: screeningRelapses(o.seed, index, screeningDate),
      mri: [{ date: addMonths(screeningDate, -2), newOrEnlargingT2Count: 0, gadoliniumEnhancingCount: 0 }],
      edss: [{ date: screeningDate, score: baselineEdss }],
      screeningTrough: { sampledOn: screeningDate, concentrationUgPerMl: screeningTrough },
      infusions: evidenceInfusions.map((date) => ({ date, doseMg: DOSE_MG })),
    },
  };
  const eligibility = evaluateEligibility(
    protocol,
    eligibilityInputOf({ ...screening, siteId: '' } as unknown as CreateScreeningDto),
    screeningDate,
  );
  if (eligibility.eligible !== 'eligible')
    throw new Error(
      `synth: participant ${index} is ${eligibility.eligible} at screening (${JSON.stringify(eligibility.criteria.filter((c) => c.status !== 'met'))}); the generator must only produce eligible candidates`,
    );

  const p: SynthParticipant = {
    index,
    id: id('participant'),
    siteIndex,
    siteNumber,
    screening,
    consentDate,
    lastInfusionBeforeEnrolment: screeningDate,
    plannedVisits: planVisits(protocol, consentDate).map((v) => ({
      id: id(`pv:${v.number}`),
      kind: v.includes.includes('mri') ? 'clinic+mri' : 'clinic',
      number: v.number,
      targetDate: v.target,
      windowFrom: v.window.from,
      windowTo: v.window.to,
    })),
    plannedInfusions: planInfusions(
      protocol,
      screeningDate,
      protocol.dosing.startIntervalWeeks.value,
      addMonths(consentDate, protocol.visits.durationMonths.value),
    ).map((pi, k) => ({
      id: id(`pi:${k}`),
      dueDate: pi.target,
      windowFrom: pi.window.from,
      windowTo: pi.window.to,
      intervalWeeks: pi.intervalWeeks,
    })),
    infusions: [],
    troughs: [],
    jcv: [],
    relapses: [],
    mri: [],
    edss: [],
    clinicVisits: [],
    adverseEvents: [],
    decisions: [],
  };

  // Dosing course: trough before each infusion → decision engine → (confirmed | overridden) → infusion.
  const history: ParticipantHistory = {
    infusions: evidenceInfusions.map((date) => ({ date, doseMg: DOSE_MG })),
    troughs: [{ date: screeningDate, ugPerMl: screeningTrough }],
    decisions: [],
    relapses: [],
    mri: [],
    edss: [],
  };
  let interval = protocol.dosing.startIntervalWeeks.value;
  let last = screeningDate;
  let due = addWeeks(screeningDate, interval);
  const lowTroughDates: IsoDate[] = [];
  const patterns = new InfusionPatterns(o.seed, index, protocol.visits.infusionTolerance.daysAfter);
  const pmlWorkups: Array<{ onset: IsoDate; resolved: IsoDate }> = [];
  pk!.doseAndAdvance(DOSE_MG, interval * 7 * 24); // the screening-day infusion, then the first interval
  while (due <= end) {
    // Most infusions on their due date; some later (infusion-patterns.ts), the trough drawn before the infusion given.
    const timing = patterns.timing(due);
    const date = timing.date;
    if (date > end) break;
    pk!.wait(daysBetween(due, date) * 24);
    if (timing.pmlWorkup) pmlWorkups.push(timing.pmlWorkup);
    const ugPerMl = round1(Math.max(0.1, pk!.observe(rnd)));
    if (ugPerMl < SYNTH_RATES.lowTroughUgPerMl) lowTroughDates.push(date);
    // Relapses during the interval just ended (onset some days before this visit).
    const yearly = ugPerMl < SYNTH_RATES.lowTroughUgPerMl ? SYNTH_RATES.relapsePerYearLowTrough : SYNTH_RATES.relapsePerYear;
    if (rnd.chance((yearly * daysBetween(last, date)) / 365.25)) {
      const onset = addDays(last, rnd.int(1, Math.max(1, daysBetween(last, date) - 1)));
      if (onset >= consentDate) {
        p.relapses.push({
          id: id(`relapse:${onset}`),
          plannedVisitId: null,
          onsetDate: onset,
          functionalSystems: [...new Set([rnd.pick(FS), rnd.pick(FS)])],
          symptoms: 'Subacute neurological symptoms (synthetic)',
          steroidTreatment: rnd.chance(0.6),
          confirmedByNeurologist: true,
        });
        history.relapses!.push({ onset, confirmedByNeurologist: true });
      }
    }
    const infusionId = id(`infusion:${date}`);
    p.troughs.push({
      id: id(`trough:${date}`),
      plannedVisitId: null,
      sampledOn: date,
      concentrationUgPerMl: ugPerMl,
      belowLloq: false,
      assay: 'ELISA',
      lab: 'Central lab (synthetic)',
      precedesInfusionId: infusionId,
    });
    history.troughs!.push({ date, ugPerMl });
    let proposal = decideInterval(protocol, history, date, { inclusionDate: consentDate });
    if (proposal.nextIntervalWeeks !== interval) {
      const overridden = proposal.decision !== 'ACTIVITY_REVIEW' && rnd.chance(SYNTH_RATES.overrideProbability);
      const applied = overridden ? interval : proposal.nextIntervalWeeks;
      // Recorded some days after the infusion (the trough result came back later) when the engine, asked again
      // that day with the infusion in the history, proposes the same: the interval then changes between two infusions.
      let decidedOn = date;
      let seen = history;
      const delay = patterns.decisionDelay();
      if (delay > 0 && addDays(date, delay) <= end) {
        const withInfusion = { ...history, infusions: [...history.infusions, { date, doseMg: DOSE_MG }] };
        const later = decideInterval(protocol, withInfusion, addDays(date, delay), { inclusionDate: consentDate });
        if (later.decision === proposal.decision && later.nextIntervalWeeks === proposal.nextIntervalWeeks) {
          [decidedOn, seen, proposal] = [addDays(date, delay), withInfusion, later];
        }
      }
      const d: SynthDecision = {
        date: decidedOn,
        decision: proposal.decision,
        rule: proposal.rule,
        fromWeeks: interval,
        proposedWeeks: proposal.nextIntervalWeeks,
        outcome: overridden ? 'overridden' : 'confirmed',
        appliedWeeks: applied,
        id: id(`decision:${date}`),
        proposal,
        history: snapshot(seen),
        // The last infusion before the decision: this one when the decision follows it.
        nextInfusionDue: addDays(decidedOn > date ? date : last, applied * 7),
        // Chosen without a draw from the participant's stream, so adding decisions did not change the trial.
        reason: overridden ? OVERRIDE_REASONS[p.decisions.length % OVERRIDE_REASONS.length] : null,
      };
      p.decisions.push(d);
      history.decisions!.push({ date: decidedOn, intervalWeeks: applied });
      interval = applied;
    }
    const lotNumber = `NTZ${rnd.int(10000, 99999)}`;
    p.infusions.push({ id: infusionId, plannedVisitId: null, date, doseMg: DOSE_MG, lotNumber, administered: true });
    // The same administration entered twice: the PK and the engine see one dose.
    if (timing.duplicate)
      p.infusions.push({ id: id(`infusion:${date}:again`), plannedVisitId: null, date, doseMg: DOSE_MG, lotNumber, administered: true });
    history.infusions.push({ date, doseMg: DOSE_MG });
    pk!.doseAndAdvance(DOSE_MG, interval * 7 * 24);
    last = date;
    due = addWeeks(date, interval);
  }

  // 3-monthly visits (V-CADENCE: clinic, relapse assessment, EDSS, MRI) until the trial's end; the planned
  // visits of the protocol's follow-up get a clinic-visit record, the extension keeps EDSS and MRI going.
  let edss = baselineEdss;
  let previousMri: IsoDate | null = screening.evidence.mri[0].date;
  let jcvPositive = rnd.chance(SYNTH_RATES.jcvPositiveAtBaseline);
  for (let m = 0; ; m += 3) {
    const target = addMonths(consentDate, m);
    const visit = m === 0 ? consentDate : addDays(target, rnd.int(-5, 5));
    if (visit > end) break;
    const planned = p.plannedVisits.find((v) => v.targetDate === target);
    if (planned)
      p.clinicVisits.push({
        id: id(`visit:${planned.number}`),
        plannedVisitId: planned.id,
        date: visit,
        notes: m === 0 ? 'Baseline visit' : `Month ${m} visit`,
        windowFlag: 'in-window',
      });
    if (m > 0 && rnd.chance(SYNTH_RATES.edssProgressionPerVisit)) edss = Math.min(9.5, edss + (edss <= 5.5 ? 1 : 0.5));
    const noise = rnd.chance(0.08) ? (rnd.chance(0.5) ? 0.5 : -0.5) : 0;
    // 0.5 is not an EDSS step (docs/science/outcomes.md §5 HALF_NOT_A_SCORE): the API refuses it, so neither does synth write it.
    const score = Math.max(0, Math.min(9.5, edss + noise));
    p.edss.push({ id: id(`edss:${m}`), plannedVisitId: null, date: visit, score: score === 0.5 ? 1 : score });
    if (m > 0) {
      const recentRelapse = p.relapses.some((r) => r.onsetDate <= visit && daysBetween(r.onsetDate, visit) <= 120);
      const active = rnd.chance(recentRelapse ? SYNTH_RATES.activeScanAfterRelapse : SYNTH_RATES.activeScanProbability);
      p.mri.push({
        id: id(`mri:${m}`),
        plannedVisitId: null,
        date: visit,
        newOrEnlargingT2Count: active ? 1 + rnd.poisson(0.6) : 0,
        gadoliniumEnhancingCount: active && rnd.chance(0.5) ? 1 + rnd.poisson(0.3) : 0,
        comparedWithDate: previousMri,
      });
      previousMri = visit;
    }
    if (m % 12 === 0) {
      if (m > 0 && !jcvPositive && rnd.chance(SYNTH_RATES.jcvSeroconversionPerYear)) jcvPositive = true;
      const index = jcvPositive ? round2(Math.min(6, 0.45 + Math.exp(0.3 + 0.6 * rnd.normal()))) : round2(0.05 + rnd.next() * 0.3);
      p.jcv.push({
        id: id(`jcv:${m}`),
        plannedVisitId: null,
        date: visit,
        status: jcvPositive ? 'positive' : 'negative',
        index,
        assay: 'STRATIFY JCV DxSelect',
      });
    }
  }

  // Adverse events over follow-up (Poisson counts, uniform onsets).
  const years = daysBetween(consentDate, end) / 365.25;
  const onset = () => addDays(consentDate, rnd.int(0, Math.max(0, daysBetween(consentDate, end) - 1)));
  const addAe = (key: string, ae: Omit<SynthAdverseEvent, 'id' | 'plannedVisitId' | 'serious' | 'expeditedReview'>) => {
    const row = { ...ae, serious: false, expeditedReview: false } as unknown as AdverseEvent;
    deriveSeriousness(row); // the form's own derivation (ICH E2A via @eid/domain), so rows match the API's
    p.adverseEvents.push({ ...(row as unknown as SynthAdverseEvent), id: id(`ae:${key}`), plannedVisitId: null });
  };
  const minor = rnd.poisson(SYNTH_RATES.minorAePerYear * years);
  for (let k = 0; k < minor; k++) {
    const d = onset();
    addAe(`minor:${k}`, {
      term: rnd.pick(MINOR_AES),
      onsetDate: d,
      resolutionDate: minDate(addDays(d, rnd.int(1, 14)), end),
      severity: rnd.chance(0.8) ? 'mild' : 'moderate',
      seriousnessCriteria: [],
      relatedness: rnd.pick(['unlikely', 'possible', 'not-related']),
      actionTaken: 'none',
      outcome: 'recovered',
      pmlSuspected: false,
    });
  }
  if (rnd.chance(SYNTH_RATES.seriousAePerYear * years)) {
    addAe('serious', {
      term: 'Infection requiring hospitalisation',
      onsetDate: onset(),
      resolutionDate: null,
      severity: 'severe',
      seriousnessCriteria: ['HOSPITALISATION'],
      relatedness: 'possible',
      actionTaken: 'drug-interrupted',
      outcome: 'not-recovered',
      pmlSuspected: false,
    });
  }
  if (rnd.chance(SYNTH_RATES.pmlSuspicionPerYear * years)) {
    addAe('pml', {
      term: 'New cognitive symptoms — PML to be excluded',
      onsetDate: onset(),
      resolutionDate: null,
      severity: 'severe',
      seriousnessCriteria: ['IMPORTANT_MEDICAL_EVENT'],
      relatedness: 'possible',
      actionTaken: 'drug-interrupted',
      outcome: 'not-recovered',
      pmlSuspected: true,
    });
  }
  for (const w of pmlWorkups)
    addAe(`pml-workup:${w.onset}`, {
      term: 'New neurological symptoms — PML to be excluded (excluded)',
      onsetDate: w.onset,
      resolutionDate: w.resolved,
      severity: 'moderate',
      seriousnessCriteria: [],
      relatedness: 'unlikely',
      actionTaken: 'drug-interrupted',
      outcome: 'recovered',
      pmlSuspected: true,
    });
  addOutcomePatterns(p, o, index, end, id);
  return p;
}

/** A copy of the history as it stood (the arrays keep growing after the decision). */
function snapshot(h: ParticipantHistory): Record<string, unknown> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => ({ ...x })) : v]));
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}
