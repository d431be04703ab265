import { IsoDate } from '@eid/domain';
import { PlannedVisit } from '../../schedule/planned-visit.entity';
import { clinicalDateProblems } from '../common-checks';
import { EcrfFormDefinition, outcome } from '../ecrf-form.definition';
import { RecordWarning } from '../ecrf-record.base';
import { ClinicVisitDerivedDto, CreateClinicVisitDto, UpdateClinicVisitDto } from './clinic-visit.dto';
import { ClinicVisit } from './clinic-visit.entity';

/** Where the actual date falls against the planned window (inclusive ends, V-WINDOW): flagged, never blocked. */
export function windowFlag(date: IsoDate, v: { windowFrom: IsoDate; windowTo: IsoDate }): ClinicVisit['windowFlag'] {
  return date < v.windowFrom ? 'early' : date > v.windowTo ? 'late' : 'in-window';
}

export const CLINIC_VISIT_FORM: EcrfFormDefinition<ClinicVisit> = {
  path: 'clinic-visits',
  entityType: 'clinic_visit',
  label: 'Clinic visit',
  entity: ClinicVisit,
  createDto: CreateClinicVisitDto,
  derivedDto: ClinicVisitDerivedDto,
  updateDto: UpdateClinicVisitDto,
  dateField: 'date',
  fields: ['date', 'notes', 'windowFlag'],
  async check(i) {
    const c = i.candidate;
    const problems = clinicalDateProblems('date', c.date, i.today, i.participant.consentDate);
    const warnings: RecordWarning[] = [];
    const planned = c.plannedVisitId
      ? await i.em.getRepository(PlannedVisit).findOne({ where: { id: c.plannedVisitId, participantId: i.participant.id } })
      : null;
    if (!planned)
      problems.push({ field: 'plannedVisitId', code: 'UNKNOWN_PLANNED_VISIT', reason: 'no such planned visit of this participant' });
    else {
      c.windowFlag = windowFlag(c.date, planned);
      if (c.windowFlag !== 'in-window')
        warnings.push({
          field: 'date',
          code: 'OUT_OF_WINDOW',
          message: `visit ${planned.number} is ${c.windowFlag}: window ${planned.windowFrom} to ${planned.windowTo}`,
        });
    }
    return outcome(problems, warnings);
  },
};
