import { addMonths, assertIsoDate, daysBetween, IsoDate, monthsBackWindow, wholeYearsBetween } from '../dates';
import { isValidEdss } from '../dosing/history-parser';
import { noDiseaseActivityPastYear } from '../outcomes/no-activity-past-year';
import { Comparison, CriterionCheck, Protocol } from '../protocol/protocol.types';
import { CriterionResult, CriterionStatus, EligibilityInput, EligibilityInputName, EligibilityResult } from './eligibility.types';

type Outcome = Pick<CriterionResult, 'status' | 'evidence' | 'window'>;

/**
 * Entry criteria as data (pdnms-v1.json E1–E8, docs/science/protocols.md "all rows must pass"):
 * any not_met → not_eligible; else any unknown → unknown; else eligible.
 * Data dated after the inclusion date is ignored.
 */
export function evaluateEligibility(protocol: Protocol, input: EligibilityInput, inclusionDate: IsoDate): EligibilityResult {
  assertIsoDate(inclusionDate, 'inclusionDate');
  const countUnconfirmed = protocol.dosing.evidence.countUnconfirmedRelapses.value;
  const criteria = protocol.eligibility.criteria.map((c): CriterionResult => ({
    id: c.id,
    label: c.label,
    source: c.source,
    clauseStatus: c.status,
    inputs: evidenceReadBy(c.check),
    ...evaluateCheck(c.check, input, inclusionDate, countUnconfirmed),
  }));
  const eligible = criteria.some((c) => c.status === 'not_met')
    ? 'not_eligible'
    : criteria.some((c) => c.status === 'unknown')
      ? 'unknown'
      : 'eligible';
  return { eligible, protocol: { id: protocol.id, version: protocol.version }, inclusionDate, criteria };
}

/** The evidence each kind of check reads below (kept beside evaluateCheck so the two cannot drift apart). */
export function evidenceReadBy(check: CriterionCheck): EligibilityInputName[] {
  switch (check.type) {
    case 'diagnosis':
      return check.acceptedCriteria ? ['diagnosis', 'diagnosticCriteria'] : ['diagnosis'];
    case 'ageAtInclusion':
      return ['birthYear'];
    case 'natalizumabDuration':
      return ['firstNatalizumabDate', 'infusions'];
    case 'baselineEdss':
      return ['edss'];
    case 'screeningTrough':
      return ['screeningTrough'];
    case 'noActivityInWindow':
      return [
        ...(check.kinds.includes('relapse') ? (['relapses'] as const) : []),
        ...(check.requireMri || check.kinds.some((k) => k !== 'relapse') ? (['mri'] as const) : []),
      ];
    case 'screeningMri':
      return ['mri'];
    case 'noMissedDoses':
    case 'minInfusions':
      return ['infusions'];
    case 'profileFlag':
      return [check.field];
  }
}

const norm = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');
const RRMS_ALIASES = new Set(['RRMS', 'RELAPSINGREMITTINGMS', 'RELAPSINGREMITTINGMULTIPLESCLEROSIS']);
const canonDiagnosis = (s: string) => (RRMS_ALIASES.has(norm(s)) ? 'RRMS' : norm(s));

function cmp(v: number, op: Comparison, t: number): boolean {
  return op === '>' ? v > t : op === '>=' ? v >= t : op === '<' ? v < t : v <= t;
}

function worst(a: CriterionStatus, b: CriterionStatus): CriterionStatus {
  return a === 'not_met' || b === 'not_met' ? 'not_met' : a === 'unknown' || b === 'unknown' ? 'unknown' : 'met';
}

function evaluateCheck(check: CriterionCheck, input: EligibilityInput, incl: IsoDate, countUnconfirmed: boolean): Outcome {
  const p = input.participant ?? {};
  switch (check.type) {
    case 'diagnosis': {
      if (!p.diagnosis) return { status: 'unknown', evidence: 'No diagnosis recorded.' };
      if (!check.diagnoses.map(canonDiagnosis).includes(canonDiagnosis(p.diagnosis)))
        return { status: 'not_met', evidence: `Diagnosis "${p.diagnosis}" is not one of ${check.diagnoses.join(', ')}.` };
      if (!check.acceptedCriteria) return { status: 'met', evidence: `Diagnosis ${p.diagnosis}.` };
      if (!p.diagnosticCriteria)
        return {
          status: 'unknown',
          evidence: `Diagnosis ${p.diagnosis}; diagnostic criteria edition not recorded (accepted: ${check.acceptedCriteria.join(', ')}).`,
        };
      const ok = check.acceptedCriteria.map(norm).includes(norm(p.diagnosticCriteria));
      return {
        status: ok ? 'met' : 'not_met',
        evidence: `Diagnosis ${p.diagnosis} by ${p.diagnosticCriteria}; accepted: ${check.acceptedCriteria.join(', ')} (A8).`,
      };
    }
    case 'ageAtInclusion': {
      let lo: number;
      let hi: number;
      let how: string;
      if (p.birthDate) {
        lo = hi = wholeYearsBetween(p.birthDate, incl);
        how = `born ${p.birthDate}: ${lo} years at ${incl}`;
      } else if (p.birthYear !== undefined) {
        // Only the birth year is kept: the age is one of two values until the birthday is known.
        hi = Number(incl.slice(0, 4)) - p.birthYear;
        lo = hi - 1;
        how = `born in ${p.birthYear}: ${lo} or ${hi} years at ${incl}`;
      } else return { status: 'unknown', evidence: 'No birth year or date recorded.' };
      let status: CriterionStatus = 'met';
      if (check.minYears !== undefined) status = worst(status, lo >= check.minYears ? 'met' : hi < check.minYears ? 'not_met' : 'unknown');
      if (check.maxYears !== undefined) status = worst(status, hi <= check.maxYears ? 'met' : lo > check.maxYears ? 'not_met' : 'unknown');
      const range = `${check.minYears ?? '–'} to ${check.maxYears ?? '–'} years`;
      return { status, evidence: `Age ${how}; required ${range}.` };
    }
    case 'natalizumabDuration': {
      // E3: first infusion ≤ inclusion − 12 calendar months, inclusive, month-end clamped (docs/science/protocols.md).
      const cutoff = addMonths(incl, -check.minMonths);
      const window = { from: cutoff, to: incl };
      if (p.firstNatalizumabDate) {
        const ok = p.firstNatalizumabDate <= cutoff;
        return {
          status: ok ? 'met' : 'not_met',
          evidence: `First natalizumab ${p.firstNatalizumabDate} ${ok ? 'is on or before' : 'is after'} ${cutoff} (inclusion − ${check.minMonths} months).`,
          window,
        };
      }
      const given = (input.infusions ?? [])
        .filter((i) => i.administered !== false && i.date <= incl)
        .map((i) => i.date)
        .sort();
      if (given.length && given[0] <= cutoff)
        return { status: 'met', evidence: `Earliest recorded infusion ${given[0]} is on or before ${cutoff}.`, window };
      return {
        status: 'unknown',
        evidence: `First natalizumab date not recorded${given.length ? `; earliest recorded infusion ${given[0]} is after ${cutoff}, earlier infusions may be unrecorded` : ''}.`,
        window,
      };
    }
    case 'baselineEdss': {
      const scores = (input.edss ?? [])
        .filter((e) => e.date <= incl)
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.score - b.score));
      const last = scores[scores.length - 1];
      if (!last) return { status: 'unknown', evidence: `No EDSS on or before ${incl}.` };
      if (!isValidEdss(last.score))
        return { status: 'unknown', evidence: `EDSS ${last.score} on ${last.date} is not a valid EDSS step (outcomes.md §5).` };
      const ok = last.score >= check.min && last.score <= check.max;
      return {
        status: ok ? 'met' : 'not_met',
        evidence: `Baseline EDSS ${last.score.toFixed(1)} on ${last.date}; required ${check.min.toFixed(1)}–${check.max.toFixed(1)} inclusive.`,
      };
    }
    case 'screeningTrough': {
      const t = input.screeningTrough;
      if (!t || t.date > incl) return { status: 'unknown', evidence: `No screening trough on or before ${incl}.` };
      if (typeof t.ugPerMl === 'number') {
        const ok = cmp(t.ugPerMl, check.op, check.threshold);
        return {
          status: ok ? 'met' : 'not_met',
          evidence: `Screening trough ${t.ugPerMl} µg/mL on ${t.date}; required ${check.op} ${check.threshold}.`,
        };
      }
      if (t.belowLloq) {
        // "< LLOQ" is below every threshold (docs/science/protocols.md rules of evidence).
        const ok = check.op === '<' || check.op === '<=';
        return {
          status: ok ? 'met' : 'not_met',
          evidence: `Screening trough < LLOQ on ${t.date}; required ${check.op} ${check.threshold}.`,
        };
      }
      return { status: 'unknown', evidence: `Screening sample on ${t.date} has no result; a sample without a result is not a trough.` };
    }
    case 'noActivityInWindow': {
      // The one past-year definition (outcomes/no-activity-past-year.ts, docs/science/outcomes.md §6).
      const r = noDiseaseActivityPastYear({ relapses: input.relapses, mri: input.mri }, incl, {
        months: check.months,
        kinds: check.kinds,
        requireMri: check.requireMri,
        countUnconfirmedRelapses: countUnconfirmed,
      });
      const { window } = r;
      const span = `${window.from} to ${window.to}`;
      if (r.result === 'ACTIVITY') return { status: 'not_met', evidence: `Activity in ${span}: ${r.reasons.join('; ')}.`, window };
      if (r.result === 'INSUFFICIENT_DATA')
        return { status: 'unknown', evidence: `No activity recorded, but insufficient data in ${span}: ${r.reasons.join('; ')}.`, window };
      const mri = check.requireMri ? `; ${r.assessedScans} assessed MRI(s) in the window` : '';
      return { status: 'met', evidence: `No ${check.kinds.join('/')} activity recorded in ${span}${mri}.`, window };
    }
    case 'screeningMri': {
      const window = monthsBackWindow(incl, check.withinMonths);
      const scans = (input.mri ?? [])
        .filter((m) => m.date >= window.from && m.date <= window.to)
        .sort((a, b) => (a.date < b.date ? -1 : 1));
      const last = scans[scans.length - 1];
      if (!last) return { status: 'unknown', evidence: `No screening MRI in ${window.from} to ${window.to}.`, window };
      if (last.gadoliniumEnhancing === undefined)
        return { status: 'unknown', evidence: `MRI ${last.date} has no Gd-enhancing lesion count.`, window };
      const ok = last.gadoliniumEnhancing <= check.maxGadolinium;
      return {
        status: ok ? 'met' : 'not_met',
        evidence: `Screening MRI ${last.date}: ${last.gadoliniumEnhancing} Gd-enhancing lesion(s); allowed ≤ ${check.maxGadolinium}.`,
        window,
      };
    }
    case 'noMissedDoses': {
      const window = monthsBackWindow(incl, check.months);
      const given = [
        ...new Set((input.infusions ?? []).filter((i) => i.administered !== false && i.date <= incl).map((i) => i.date)),
      ].sort();
      if (!given.length) return { status: 'unknown', evidence: 'No infusions recorded.', window };
      const firstIn = given.findIndex((d) => d >= window.from);
      const points = [
        ...(firstIn > 0 ? [given[firstIn - 1]] : firstIn === -1 ? [given[given.length - 1]] : []),
        ...(firstIn >= 0 ? given.slice(firstIn) : []),
        incl,
      ];
      for (let i = 1; i < points.length; i++) {
        const gap = daysBetween(points[i - 1], points[i]);
        if (gap > check.maxGapDays)
          return {
            status: 'not_met',
            evidence: `Gap of ${gap} days between ${points[i - 1]} and ${points[i]} (> ${check.maxGapDays}) in ${window.from} to ${window.to}.`,
            window,
          };
      }
      if (firstIn === 0 && daysBetween(window.from, given[0]) > check.maxGapDays)
        return {
          status: 'unknown',
          evidence: `No infusion recorded before ${given[0]}; cannot check the start of ${window.from} to ${window.to}.`,
          window,
        };
      return { status: 'met', evidence: `No gap > ${check.maxGapDays} days between infusions in ${window.from} to ${window.to}.`, window };
    }
    case 'minInfusions': {
      if (!input.infusions) return { status: 'unknown', evidence: 'No infusion list provided.' };
      const n = input.infusions.filter((i) => i.administered !== false && i.date <= incl).length;
      return {
        status: n >= check.count ? 'met' : 'not_met',
        evidence: `${n} infusion(s) on or before ${incl}; required ≥ ${check.count}.`,
      };
    }
    case 'profileFlag': {
      const v = p[check.field];
      if (v === undefined) return { status: 'unknown', evidence: `${check.field} not recorded.` };
      return { status: v === check.required ? 'met' : 'not_met', evidence: `${check.field} = ${v}; required ${check.required}.` };
    }
  }
}
