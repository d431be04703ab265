import { IsNull, Not } from 'typeorm';
import { FieldProblem } from '@eid/core';
import { daysBetween } from '@eid/domain';
import { clinicalDateProblems, unusual } from '../common-checks';
import { EcrfFormDefinition, EditCheckInput, outcome } from '../ecrf-form.definition';
import { RecordWarning } from '../ecrf-record.base';
import { Infusion } from '../infusion/infusion.entity';
import { CreateTroughDto, UpdateTroughDto } from './trough.dto';
import { TroughSample } from './trough-sample.entity';

/** A trough drawn more than this many days before its infusion is not a trough of that interval (issue #5 soft warning). */
export const TROUGH_EARLY_DAYS = 3;
/** Natalizumab troughs beyond this are rare under Q4W–Q8W dosing; shown for a second look, not refused. */
export const TROUGH_UNUSUAL_UG_PER_ML = 100;

export function troughChecks(
  i: EditCheckInput<TroughSample>,
  infusion: Pick<Infusion, 'date'> | null,
): { problems: FieldProblem[]; warnings: RecordWarning[] } {
  const c = i.candidate;
  const problems = clinicalDateProblems('sampledOn', c.sampledOn, i.today, i.participant.consentDate);
  const warnings: RecordWarning[] = [];
  if (c.belowLloq && c.concentrationUgPerMl !== null && c.concentrationUgPerMl !== undefined)
    problems.push({ field: 'concentrationUgPerMl', code: 'LLOQ_WITH_VALUE', reason: 'a sample below the LLOQ has no concentration' });
  if (infusion) {
    if (c.sampledOn > infusion.date)
      problems.push({
        field: 'sampledOn',
        code: 'TROUGH_AFTER_INFUSION',
        reason: `a trough is drawn before its infusion (${infusion.date}), not after`,
      });
    else if (daysBetween(c.sampledOn, infusion.date) > TROUGH_EARLY_DAYS)
      warnings.push({
        field: 'sampledOn',
        code: 'TROUGH_EARLY_SAMPLE',
        message: `sampled ${daysBetween(c.sampledOn, infusion.date)} days before the infusion (> ${TROUGH_EARLY_DAYS})`,
      });
  }
  if ((c.concentrationUgPerMl ?? 0) > TROUGH_UNUSUAL_UG_PER_ML)
    warnings.push(unusual('concentrationUgPerMl', `${c.concentrationUgPerMl} µg/mL is unusually high for a trough`));
  return { problems, warnings };
}

export const TROUGH_FORM: EcrfFormDefinition<TroughSample> = {
  path: 'troughs',
  entityType: 'trough_sample',
  label: 'Trough sample',
  entity: TroughSample,
  createDto: CreateTroughDto,
  updateDto: UpdateTroughDto,
  dateField: 'sampledOn',
  fields: ['sampledOn', 'sampledTime', 'concentrationUgPerMl', 'belowLloq', 'assay', 'lab', 'precedesInfusionId'],
  derive(c) {
    c.belowLloq = c.belowLloq ?? false;
  },
  async check(i) {
    let infusion: Infusion | null = null;
    const extra: FieldProblem[] = [];
    if (i.candidate.precedesInfusionId) {
      infusion = await i.em.getRepository(Infusion).findOne({
        select: { id: true, date: true },
        where: { id: i.candidate.precedesInfusionId, participantId: i.participant.id, deletedAt: IsNull() },
      });
      if (!infusion) extra.push({ field: 'precedesInfusionId', code: 'UNKNOWN_INFUSION', reason: 'no such infusion of this participant' });
    }
    const r = troughChecks(i, infusion);
    const hasResult =
      i.candidate.belowLloq === true || (i.candidate.concentrationUgPerMl !== null && i.candidate.concentrationUgPerMl !== undefined);
    if (i.candidate.sampledOn && hasResult) {
      // EV-OCCASION (protocol file): one date = one sampling occasion; the engine uses the lowest result.
      const twins = await i.em.getRepository(TroughSample).find({
        select: { id: true, concentrationUgPerMl: true, belowLloq: true },
        where: {
          participantId: i.participant.id,
          sampledOn: i.candidate.sampledOn,
          deletedAt: IsNull(),
          ...(i.candidate.id ? { id: Not(i.candidate.id) } : {}),
        },
      });
      if (twins.some((t) => t.belowLloq || t.concentrationUgPerMl !== null))
        r.warnings.push({
          field: 'sampledOn',
          code: 'DUPLICATE_TROUGH_DATE',
          message: `another trough result is recorded on ${i.candidate.sampledOn}: one sampling occasion, the dosing engine uses the lowest value; the monitor sees it as a data-quality flag`,
        });
    }
    return outcome([...r.problems, ...extra], r.warnings);
  },
};
