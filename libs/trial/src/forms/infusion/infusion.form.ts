import { IsNull, Not } from 'typeorm';
import { FieldProblem } from '@eid/core';
import { openPmlSuspicions } from '@eid/domain';
import { AdverseEvent } from '../adverse-event/adverse-event.entity';
import { clinicalDateProblems, unusual } from '../common-checks';
import { EcrfFormDefinition, EditCheckInput, outcome } from '../ecrf-form.definition';
import { RecordWarning } from '../ecrf-record.base';
import { CreateInfusionDto, UpdateInfusionDto } from './infusion.dto';
import { Infusion } from './infusion.entity';

/** Pure part of the infusion checks (unit-tested). */
export function infusionChecks(i: EditCheckInput<Infusion>): { problems: FieldProblem[]; warnings: RecordWarning[] } {
  const c = i.candidate;
  const problems = clinicalDateProblems('date', c.date, i.today, i.participant.consentDate);
  const warnings: RecordWarning[] = [];
  if (c.administered && (c.doseMg === null || c.doseMg === undefined))
    problems.push({ field: 'doseMg', code: 'DOSE_REQUIRED', reason: 'an administered infusion needs its dose' });
  if (!c.administered && !c.notAdministeredReason)
    problems.push({
      field: 'notAdministeredReason',
      code: 'NOT_ADMINISTERED_REASON_REQUIRED',
      reason: 'say why the infusion was not given',
    });
  const protocolDose = i.protocol.dosing.doseMg.value;
  if (c.administered && c.doseMg && c.doseMg !== protocolDose)
    warnings.push(
      unusual('doseMg', `dose ${c.doseMg} mg differs from the protocol dose ${protocolDose} mg (${i.protocol.dosing.doseMg.id})`),
    );
  return { problems, warnings };
}

export const INFUSION_FORM: EcrfFormDefinition<Infusion> = {
  path: 'infusions',
  entityType: 'infusion',
  label: 'Infusion',
  entity: Infusion,
  createDto: CreateInfusionDto,
  updateDto: UpdateInfusionDto,
  dateField: 'date',
  fields: ['date', 'doseMg', 'lotNumber', 'administered', 'notAdministeredReason'],
  derive(c) {
    c.administered = c.administered ?? true;
    if (c.administered) c.notAdministeredReason = null;
  },
  async check(i) {
    const { problems, warnings } = infusionChecks(i);
    if (i.candidate.date) {
      const twin = await i.em.getRepository(Infusion).findOne({
        select: { id: true },
        where: {
          participantId: i.participant.id,
          date: i.candidate.date,
          deletedAt: IsNull(),
          ...(i.candidate.id ? { id: Not(i.candidate.id) } : {}),
        },
      });
      if (twin)
        problems.push({ field: 'date', code: 'DUPLICATE_INFUSION', reason: `an infusion on ${i.candidate.date} is already recorded` });
      if (i.candidate.administered) {
        // Rule P0 (docs/science/natalizumab.md): an open PML suspicion suspends dosing. Warned, not refused: the
        // infusion happened and must be recorded; the warning names the suspension.
        const aes = await i.em.getRepository(AdverseEvent).find({
          select: { id: true, onsetDate: true, resolutionDate: true, term: true, pmlSuspected: true },
          where: { participantId: i.participant.id, pmlSuspected: true, deletedAt: IsNull() },
        });
        const open = openPmlSuspicions(
          {
            adverseEvents: aes.map((a) => ({
              id: a.id,
              onset: a.onsetDate,
              resolvedOn: a.resolutionDate,
              pmlSuspected: true,
              term: a.term,
            })),
          },
          i.candidate.date,
        );
        for (const a of open)
          warnings.push({
            field: 'date',
            code: 'DOSING_SUSPENDED',
            message: `infusion on ${i.candidate.date} during a dosing suspension (rule P0): open PML suspicion "${a.term}" since ${a.onset} — natalizumab is withheld until the suspicion is resolved`,
          });
      }
    }
    return outcome(problems, warnings);
  },
};
