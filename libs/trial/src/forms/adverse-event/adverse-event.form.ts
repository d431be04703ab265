import { adverseEventSeriousness } from '@eid/domain';
import { clinicalDateProblems, notFutureProblems, orderProblems } from '../common-checks';
import { EcrfFormDefinition, outcome } from '../ecrf-form.definition';
import { RecordWarning } from '../ecrf-record.base';
import { AdverseEventDerivedDto, CreateAdverseEventDto, UpdateAdverseEventDto } from './adverse-event.dto';
import { AdverseEvent } from './adverse-event.entity';

const SUSPECTED_RELATED = new Set(['possible', 'probable', 'definite']);

/** Serious and expedited-review flags come from the ICH E2A criteria via `@eid/domain`, never from input. */
export function deriveSeriousness(c: AdverseEvent): void {
  const crit = new Set(c.seriousnessCriteria ?? []);
  const s = adverseEventSeriousness({
    resultsInDeath: crit.has('DEATH'),
    lifeThreatening: crit.has('LIFE_THREATENING'),
    requiresOrProlongsHospitalisation: crit.has('HOSPITALISATION'),
    persistentOrSignificantDisability: crit.has('PERSISTENT_DISABILITY'),
    congenitalAnomaly: crit.has('CONGENITAL_ANOMALY'),
    importantMedicalEvent: crit.has('IMPORTANT_MEDICAL_EVENT'),
    severity: c.severity,
    suspectedRelated: c.relatedness === 'not-assessed' ? undefined : SUSPECTED_RELATED.has(c.relatedness),
  });
  c.seriousnessCriteria = s.criteria;
  c.serious = s.serious;
  c.expeditedReview = s.expeditedReview;
}

export const ADVERSE_EVENT_FORM: EcrfFormDefinition<AdverseEvent> = {
  path: 'adverse-events',
  entityType: 'adverse_event',
  label: 'Adverse event',
  entity: AdverseEvent,
  createDto: CreateAdverseEventDto,
  derivedDto: AdverseEventDerivedDto,
  updateDto: UpdateAdverseEventDto,
  dateField: 'onsetDate',
  fields: [
    'term',
    'onsetDate',
    'resolutionDate',
    'severity',
    'seriousnessCriteria',
    'relatedness',
    'actionTaken',
    'outcome',
    'pmlSuspected',
    'serious',
    'expeditedReview',
  ],
  derive(c) {
    c.pmlSuspected = c.pmlSuspected ?? false;
    deriveSeriousness(c);
  },
  check(i) {
    const c = i.candidate;
    const problems = [
      ...clinicalDateProblems('onsetDate', c.onsetDate, i.today, i.participant.consentDate),
      ...notFutureProblems('resolutionDate', c.resolutionDate, i.today),
      ...orderProblems('onsetDate', c.onsetDate, 'resolutionDate', c.resolutionDate, 'ONSET_AFTER_RESOLUTION'),
    ];
    const warnings: RecordWarning[] = [];
    if (c.outcome === 'fatal' && !c.seriousnessCriteria.includes('DEATH'))
      warnings.push({
        field: 'seriousnessCriteria',
        code: 'UNUSUAL_VALUE',
        message: 'fatal outcome without the DEATH seriousness criterion',
      });
    if (c.pmlSuspected)
      warnings.push({
        field: 'pmlSuspected',
        code: 'PML_SUSPECTED',
        message: 'PML suspected: withhold natalizumab and inform the monitor (label warning)',
      });
    return outcome(problems, warnings);
  },
};
