import { clinicalDateProblems } from '../common-checks';
import { EcrfFormDefinition, outcome } from '../ecrf-form.definition';
import { CreateRelapseDto, UpdateRelapseDto } from './relapse.dto';
import { Relapse } from './relapse.entity';

export const RELAPSE_FORM: EcrfFormDefinition<Relapse> = {
  path: 'relapses',
  entityType: 'relapse',
  label: 'Relapse',
  entity: Relapse,
  createDto: CreateRelapseDto,
  updateDto: UpdateRelapseDto,
  dateField: 'onsetDate',
  fields: ['onsetDate', 'functionalSystems', 'symptoms', 'steroidTreatment', 'confirmedByNeurologist', 'durationHours', 'feverOrInfection'],
  derive(c) {
    c.functionalSystems = c.functionalSystems ?? [];
    c.steroidTreatment = c.steroidTreatment ?? false;
  },
  check(i) {
    // Relapses before consent belong to the screening evidence (entry criterion E6), not to this form.
    return outcome(clinicalDateProblems('onsetDate', i.candidate.onsetDate, i.today, i.participant.consentDate));
  },
};
