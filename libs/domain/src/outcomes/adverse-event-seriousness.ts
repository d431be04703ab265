/**
 * Adverse-event seriousness, docs/science/outcomes.md §7. Serious = any one of the criteria below
 * [confirmed: 21 CFR 312.32 and HL7 seriousness value set (ICH E2D), consistent with ICH E2A].
 * Severity (intensity, CTCAE grade) is a different axis and never makes an event serious.
 * Expedited reporting, ICH E2A [memory]: serious + unexpected + suspected related → 7 days if fatal or
 * life-threatening (follow-up within 8 more), otherwise 15 days.
 */
export type SeriousnessCriterion =
  'DEATH' | 'LIFE_THREATENING' | 'HOSPITALISATION' | 'PERSISTENT_DISABILITY' | 'CONGENITAL_ANOMALY' | 'IMPORTANT_MEDICAL_EVENT';

export interface AdverseEventInput {
  resultsInDeath?: boolean;
  /** Immediate risk of death at the time of the event (not "could have been fatal if worse"). */
  lifeThreatening?: boolean;
  /** Requires in-patient hospitalisation or prolongs an existing one. */
  requiresOrProlongsHospitalisation?: boolean;
  persistentOrSignificantDisability?: boolean;
  congenitalAnomaly?: boolean;
  importantMedicalEvent?: boolean;
  /** Intensity; recorded, not used for seriousness. */
  severity?: 'mild' | 'moderate' | 'severe';
  ctcaeGrade?: 1 | 2 | 3 | 4 | 5;
  /** Reasonable possibility of a causal relationship (suspected adverse reaction). */
  suspectedRelated?: boolean;
  /** Listed in the reference safety information (label/IB). */
  expected?: boolean;
}

export type ExpeditedStatus = 'NOT_REQUIRED' | 'REQUIRED' | 'ASSESSMENT_NEEDED';

export interface AdverseEventSeriousness {
  serious: boolean;
  criteria: SeriousnessCriterion[];
  expedited: ExpeditedStatus;
  /** Review flag for the safety desk: expedited report required, or serious with causality/expectedness missing. */
  expeditedReview: boolean;
  /** Calendar days for the initial expedited report, when one is or may be due. */
  reportWithinDays?: 7 | 15;
  /** ICH E2A: fatal/life-threatening → complete follow-up within 8 more days. */
  followUpWithinDays?: 8;
  /** Hints for the reviewer (severity without seriousness; CTCAE grade 5 without the death criterion). */
  notes: string[];
}

export function adverseEventSeriousness(ae: AdverseEventInput): AdverseEventSeriousness {
  const criteria: SeriousnessCriterion[] = [];
  if (ae.resultsInDeath) criteria.push('DEATH');
  if (ae.lifeThreatening) criteria.push('LIFE_THREATENING');
  if (ae.requiresOrProlongsHospitalisation) criteria.push('HOSPITALISATION');
  if (ae.persistentOrSignificantDisability) criteria.push('PERSISTENT_DISABILITY');
  if (ae.congenitalAnomaly) criteria.push('CONGENITAL_ANOMALY');
  if (ae.importantMedicalEvent) criteria.push('IMPORTANT_MEDICAL_EVENT');
  const serious = criteria.length > 0;
  const notes: string[] = [];
  if (!serious && (ae.severity === 'severe' || (ae.ctcaeGrade ?? 0) >= 3))
    notes.push('severe/high grade but no seriousness criterion: severity ≠ seriousness');
  if (ae.ctcaeGrade === 5 && !ae.resultsInDeath) notes.push('CTCAE grade 5 (death) without the death criterion set: check the record');

  if (!serious) return { serious, criteria, expedited: 'NOT_REQUIRED', expeditedReview: false, notes };
  const fatalOrLt = ae.resultsInDeath === true || ae.lifeThreatening === true;
  const timing = fatalOrLt ? { reportWithinDays: 7 as const, followUpWithinDays: 8 as const } : { reportWithinDays: 15 as const };
  if (ae.suspectedRelated === false || ae.expected === true)
    return { serious, criteria, expedited: 'NOT_REQUIRED', expeditedReview: false, notes };
  if (ae.suspectedRelated === true && ae.expected === false)
    return { serious, criteria, expedited: 'REQUIRED', expeditedReview: true, ...timing, notes };
  notes.push('causality and/or expectedness not assessed: needed to decide on expedited reporting');
  return { serious, criteria, expedited: 'ASSESSMENT_NEEDED', expeditedReview: true, ...timing, notes };
}
