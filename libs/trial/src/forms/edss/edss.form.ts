import { FieldProblem } from '@eid/core';
import { validateEdss } from '@eid/domain';
import { FUNCTIONAL_SYSTEMS } from '../relapse/relapse.dto';
import { clinicalDateProblems } from '../common-checks';
import { EcrfFormDefinition, outcome } from '../ecrf-form.definition';
import { CreateEdssDto, UpdateEdssDto } from './edss.dto';
import { EdssAssessment } from './edss-assessment.entity';

/** Kurtzke FS scores run 0–6 (visual and others have lower maxima; 6 is the common bound). */
const FS_MAX = 6;

export function edssProblems(score: number, fs: Record<string, number> | null | undefined): FieldProblem[] {
  const out: FieldProblem[] = [];
  const v = validateEdss(score);
  if (!v.valid)
    out.push({
      field: 'score',
      code: v.reason === 'OUT_OF_RANGE' ? 'VALUE_OUT_OF_RANGE' : 'EDSS_NOT_A_STEP',
      reason: `EDSS ${score} is not a valid score (outcomes.md §5: ${v.reason})`,
    });
  for (const [k, val] of Object.entries(fs ?? {})) {
    if (!(FUNCTIONAL_SYSTEMS as readonly string[]).includes(k))
      out.push({ field: `functionalSystemScores.${k}`, code: 'UNKNOWN_FUNCTIONAL_SYSTEM', reason: `unknown functional system ${k}` });
    else if (!Number.isInteger(val) || val < 0 || val > FS_MAX)
      out.push({ field: `functionalSystemScores.${k}`, code: 'VALUE_OUT_OF_RANGE', reason: `FS score must be a whole number 0–${FS_MAX}` });
  }
  return out;
}

export const EDSS_FORM: EcrfFormDefinition<EdssAssessment> = {
  path: 'edss',
  entityType: 'edss_assessment',
  label: 'EDSS assessment',
  entity: EdssAssessment,
  createDto: CreateEdssDto,
  updateDto: UpdateEdssDto,
  dateField: 'date',
  fields: ['date', 'score', 'functionalSystemScores'],
  check(i) {
    const c = i.candidate;
    return outcome([
      ...clinicalDateProblems('date', c.date, i.today, i.participant.consentDate),
      ...edssProblems(c.score, c.functionalSystemScores),
    ]);
  },
};
