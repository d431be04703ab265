import {
  addDays,
  addMonths,
  addWeeks,
  compareDates,
  daysBetween,
  decideInterval,
  openPmlSuspicions,
  type DecisionCode,
  type IsoDate,
  type ParticipantHistory,
  type Protocol,
} from '@eid/domain';
import { DEMO_SITES, type DemoSiteCode } from './demo-accounts';
import { Random } from '@eid/synth';

/** One planned clinical fact, in the order it happened; the seeder enters each through the API's services. */
export type DemoEvent =
  | { kind: 'infusion'; date: IsoDate; doseMg: number; lotNumber: string }
  | { kind: 'trough'; date: IsoDate; ugPerMl: number }
  | { kind: 'decision'; date: IsoDate; decision: DecisionCode; fromWeeks: number; toWeeks: number }
  | { kind: 'jcv'; date: IsoDate; status: 'positive' | 'negative'; index: number }
  | { kind: 'relapse'; date: IsoDate; functionalSystems: string[]; steroidTreatment: boolean }
  | { kind: 'mri'; date: IsoDate; newOrEnlargingT2Count: number; gadoliniumEnhancingCount: number; comparedWithDate: IsoDate | null }
  | { kind: 'edss'; date: IsoDate; score: number }
  | { kind: 'clinic-visit'; date: IsoDate; notes: string }
  | {
      kind: 'adverse-event';
      date: IsoDate;
      term: string;
      serious: boolean;
      pmlSuspected: boolean;
      severity: 'mild' | 'moderate' | 'severe';
    };

export interface DemoParticipantPlan {
  siteCode: DemoSiteCode;
  screeningNumber: string;
  screeningDate: IsoDate;
  birthYear: number;
  sex: 'female' | 'male';
  natalizumabStartDate: IsoDate;
  infusionsBeforeScreening: number;
  weightKg: number;
  /** Trough at screening under the standard q4w regimen (entry criterion E5 of PDNMS: ≥ 15.0 µg/mL). */
  screeningTroughUgPerMl: number;
  /** Absent → the candidate stays in screening (not yet consented). */
  consentDate?: IsoDate;
  events: DemoEvent[];
  /** The individual's PK, kept so a test (or a curious reader) can see why the troughs look as they do. */
  pk: { halfLifeDays: number; volumeL: number };
}

export interface DemoPlanOptions {
  protocol: Protocol;
  /** The seeding date: history runs up to it, nothing after. */
  today: IsoDate;
  seed?: number;
  participantsPerSite?: number;
  /** Candidates per site left in screening (no consent yet) so the enrolment screen has work. */
  screeningPerSite?: number;
}

const DOSE_MG = 300;
const FS = ['pyramidal', 'cerebellar', 'brainstem', 'sensory', 'bowel-bladder', 'visual', 'cerebral'];

/**
 * Natalizumab trough by superposition of one-compartment IV doses (docs/science/pk-model.md §4, a bolus approximation is
 * enough for synthetic data): C(t) = Σ dose/V · exp(−k (t − tᵢ)). With V ≈ 5.5 L and t½ ≈ 16 d this gives
 * ≈ 23 µg/mL at q4w and ≈ 15 µg/mL at q5w, so the PDNMS threshold (> 15 µg/mL) is crossed in realistic places.
 */
export function troughAt(date: IsoDate, infusionDates: IsoDate[], pk: { halfLifeDays: number; volumeL: number }, doseMg = DOSE_MG): number {
  const k = Math.LN2 / pk.halfLifeDays;
  let c = 0;
  for (const d of infusionDates) {
    const t = daysBetween(d, date);
    if (t > 0) c += (doseMg / pk.volumeL) * Math.exp(-k * t);
  }
  return c;
}

/**
 * The demo trial, deterministic for a seed: each participant enrolled 1–3 years before `today`, dosed by the
 * study's protocol (the same decision engine the API uses decides every interval step), with troughs before
 * every infusion, 3-monthly clinic visits with EDSS, 6-monthly MRI, yearly anti-JCV, and a few relapses and
 * adverse events — one serious, one with PML suspicion — so every screen has something real to show.
 */
export function buildDemoPlan(options: DemoPlanOptions): DemoParticipantPlan[] {
  const rnd = new Random(options.seed ?? 20_071);
  const perSite = options.participantsPerSite ?? 7;
  const screening = options.screeningPerSite ?? 1;
  const plans: DemoParticipantPlan[] = [];
  let n = 0;
  for (const site of DEMO_SITES) {
    for (let i = 0; i < perSite + screening; i++) {
      n++;
      const enrolled = i < perSite;
      // The first participant of each site was enrolled 10 weeks ago: extended to 5 weeks at inclusion (screening
      // and inclusion troughs), one trough at 5 weeks since, and the next infusion (with its trough) due today —
      // the dosing decision that a visit today will settle.
      const newlyEnrolled = i === 0;
      const yearsInStudy = enrolled ? 1 + rnd.next() * 2 : 0;
      const consentDate = !enrolled
        ? undefined
        : newlyEnrolled
          ? addWeeks(options.today, -10)
          : addDays(options.today, -Math.round(yearsInStudy * 365));
      // Issue 13 item 11 (no unintended schedule deviation): the screening visit is the last pre-study Q4W infusion
      // (screening trough drawn before it) and the first study infusion follows 4 weeks later, on schedule.
      const screeningDate = consentDate ? addWeeks(consentDate, -4) : addDays(options.today, -rnd.int(0, 5));
      const natalizumabStartDate = addMonths(screeningDate, -rnd.int(14, 72));
      const plan: DemoParticipantPlan = {
        siteCode: site.code,
        screeningNumber: `${site.code}-S${String(i + 1).padStart(3, '0')}`,
        screeningDate,
        birthYear: Number(screeningDate.slice(0, 4)) - rnd.int(22, 58),
        sex: rnd.chance(0.72) ? 'female' : 'male',
        natalizumabStartDate,
        infusionsBeforeScreening: Math.floor(daysBetween(natalizumabStartDate, screeningDate) / 28),
        weightKg: Math.round(rnd.logNormal(70, 0.15)),
        screeningTroughUgPerMl: 0,
        consentDate,
        events: [],
        pk: { halfLifeDays: rnd.logNormal(16, 0.22), volumeL: rnd.logNormal(5.5, 0.2) },
      };
      const q4w = Array.from({ length: 26 }, (_, k) => addWeeks(screeningDate, -4 * (26 - k)));
      // Only candidates who meet the trough criterion at screening are enrolled (a low-trough patient would
      // screen-fail), so their volume is drawn from the part of the distribution that gives ≥ 15.5 µg/mL.
      const atScreening = troughAt(screeningDate, q4w, plan.pk);
      if (atScreening < 15.5) plan.pk.volumeL *= atScreening / (15.5 + rnd.next() * 8);
      plan.screeningTroughUgPerMl = Math.round(troughAt(screeningDate, q4w, plan.pk) * 10) / 10;
      if (consentDate) plan.events = simulateCourse(plan, consentDate, options, rnd, n, newlyEnrolled);
      plans.push(plan);
    }
  }
  return plans;
}

function simulateCourse(
  plan: DemoParticipantPlan,
  start: IsoDate,
  options: DemoPlanOptions,
  rnd: Random,
  n: number,
  dueToday: boolean,
): DemoEvent[] {
  const { protocol, today } = options;
  const events: DemoEvent[] = [];
  // Pre-study infusions every 4 weeks up to the screening visit (standard regimen): screening facts, not eCRF rows.
  // The last three and the screening trough are what the screening form records (demo-seeder screeningOf), so the
  // engine here sees what the API will see: the first study infusion is on schedule and A9(a) counts the trough.
  const prior: IsoDate[] = [];
  for (let d = plan.screeningDate; compareDates(d, plan.natalizumabStartDate) >= 0; d = addWeeks(d, -4)) prior.unshift(d);
  const history: ParticipantHistory = {
    infusions: prior.slice(-3).map((date) => ({ date, doseMg: DOSE_MG })),
    troughs: [{ date: plan.screeningDate, ugPerMl: plan.screeningTroughUgPerMl }],
    decisions: [],
    relapses: [],
    mri: [],
    edss: [],
    jcv: [],
    adverseEvents: [],
  };
  const studyInfusions: IsoDate[] = [];
  const lot = () => `NTZ${rnd.int(10000, 99999)}`;

  // 3-monthly clinic visits with EDSS (protocol cadence V-CADENCE), MRI every 6 months, anti-JCV yearly.
  const baselineEdss = rnd.pick([1, 1.5, 2, 2, 2.5, 3, 3.5, 4]);
  let previousMri: IsoDate | null = null;
  for (let m = 0, d = start; compareDates(d, today) <= 0; m += 3, d = addMonths(start, m)) {
    const visit = addDays(d, rnd.int(-5, 5));
    if (compareDates(visit, today) > 0 || compareDates(visit, start) < 0) continue;
    events.push({ kind: 'clinic-visit', date: visit, notes: m === 0 ? 'Baseline visit' : `Month ${m} visit` });
    const drift = rnd.chance(0.15) ? 0.5 : rnd.chance(0.1) ? -0.5 : 0;
    // EDSS steps are 0, 1.0, 1.5 … 10 — 0.5 is not a score (docs/science/outcomes.md §5).
    const score = Math.max(1, Math.min(10, baselineEdss + drift));
    events.push({ kind: 'edss', date: visit, score });
    history.edss!.push({ date: visit, score });
    if (m % 6 === 0) {
      const active = n % 11 === 4 && m > 0 && !events.some((e) => e.kind === 'mri' && e.newOrEnlargingT2Count > 0);
      events.push({
        kind: 'mri',
        date: visit,
        newOrEnlargingT2Count: active ? 2 : 0,
        gadoliniumEnhancingCount: active ? 1 : 0,
        comparedWithDate: previousMri,
      });
      history.mri!.push({ date: visit, newOrEnlargingT2: active ? 2 : 0, gadoliniumEnhancing: active ? 1 : 0 });
      previousMri = visit;
    }
    if (m % 12 === 0) {
      const positive = n % 3 === 0;
      events.push({
        kind: 'jcv',
        date: visit,
        status: positive ? 'positive' : 'negative',
        index: positive ? Math.round(rnd.logNormal(1.2, 0.5) * 100) / 100 : Math.round(rnd.next() * 30) / 100,
      });
    }
  }

  // Rare events, placed deterministically so the demo always shows them.
  const mid = addDays(start, Math.floor(daysBetween(start, today) / 2));
  if (n % 9 === 2) {
    events.push({
      kind: 'relapse',
      date: mid,
      functionalSystems: [rnd.pick(FS), rnd.pick(FS)].filter((v, i, a) => a.indexOf(v) === i),
      steroidTreatment: true,
    });
    history.relapses!.push({ onset: mid, confirmedByNeurologist: true });
  }
  if (n % 7 === 1)
    events.push({
      kind: 'adverse-event',
      date: addDays(mid, 20),
      term: 'Headache after infusion',
      serious: false,
      pmlSuspected: false,
      severity: 'mild',
    });
  if (n === 5)
    events.push({
      kind: 'adverse-event',
      date: addDays(today, -20),
      term: 'Urinary tract infection requiring hospitalisation',
      serious: true,
      pmlSuspected: false,
      severity: 'moderate',
    });
  if (n === 13) {
    // On purpose and visible: dosing is suspended (rule P0) from this open PML suspicion on; no infusion after it.
    const term = 'New cognitive symptoms — PML to be excluded';
    events.push({ kind: 'adverse-event', date: addDays(today, -9), term, serious: true, pmlSuspected: true, severity: 'severe' });
    history.adverseEvents!.push({ onset: addDays(today, -9), pmlSuspected: true, term });
  }

  // Disease activity first: the decision engine must see it when it decides (activity wins over extension).
  // Infusions at the interval in force; a trough is drawn on the day of each infusion, before it (trough sample).
  let interval = protocol.dosing.startIntervalWeeks.value;
  let date = start;
  while (compareDates(date, today) < (dueToday ? 0 : 1)) {
    // Suspended (rule P0): no visit, trough or infusion while the PML suspicion is open.
    if (openPmlSuspicions(history, date).length) break;
    const given = [...prior, ...studyInfusions];
    // A trough before every infusion, the first study infusion included (a baseline sample on the inclusion
    // date, which A9(b) does not count towards a decision).
    {
      // A participant due today keeps a trough above the threshold, so today's second one can extend (A1: two needed).
      const c = Math.max(troughAt(date, given, plan.pk) * rnd.logNormal(1, 0.08), dueToday ? 16.5 + rnd.next() * 4 : 0);
      const ugPerMl = Math.round(c * 10) / 10;
      events.push({ kind: 'trough', date, ugPerMl });
      history.troughs!.push({ date, ugPerMl });
      const proposal = decideInterval(protocol, history, date, { inclusionDate: start });
      // The last proposal is left for the investigator to confirm in the demo; earlier changes were confirmed, and so
      // was every activity review (a decision answers the activity it saw — otherwise P1 would stand for ever).
      const nextDue = addWeeks(date, proposal.nextIntervalWeeks);
      if ((proposal.nextIntervalWeeks !== interval || proposal.decision === 'ACTIVITY_REVIEW') && compareDates(nextDue, today) <= 0) {
        events.push({ kind: 'decision', date, decision: proposal.decision, fromWeeks: interval, toWeeks: proposal.nextIntervalWeeks });
        history.decisions!.push({ date, intervalWeeks: proposal.nextIntervalWeeks, rule: proposal.rule });
        interval = proposal.nextIntervalWeeks;
      }
    }
    events.push({ kind: 'infusion', date, doseMg: DOSE_MG, lotNumber: lot() });
    history.infusions.push({ date, doseMg: DOSE_MG });
    studyInfusions.push(date);
    date = addWeeks(date, interval);
  }

  return events.filter((e) => compareDates(e.date, today) <= 0).sort((a, b) => compareDates(a.date, b.date) || order(a) - order(b));
}

/**
 * Same-day order: the trough is drawn before the infusion it precedes; the decision is recorded after that
 * infusion (A7: the next infusion is due one interval after the last one given).
 */
function order(e: DemoEvent): number {
  return ['clinic-visit', 'edss', 'mri', 'jcv', 'relapse', 'adverse-event', 'trough', 'infusion', 'decision'].indexOf(e.kind);
}
