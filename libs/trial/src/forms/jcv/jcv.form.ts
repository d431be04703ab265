import { clinicalDateProblems, unusual } from '../common-checks';
import { EcrfFormDefinition, outcome } from '../ecrf-form.definition';
import { RecordWarning } from '../ecrf-record.base';
import { CreateJcvDto, UpdateJcvDto } from './jcv.dto';
import { JcvTest } from './jcv-test.entity';

/** Indices above this are outside the range reported by the commercial assay; shown for a second look. */
export const JCV_UNUSUAL_INDEX = 10;

export const JCV_FORM: EcrfFormDefinition<JcvTest> = {
  path: 'jcv',
  entityType: 'jcv_test',
  label: 'Anti-JCV test',
  entity: JcvTest,
  createDto: CreateJcvDto,
  updateDto: UpdateJcvDto,
  dateField: 'date',
  fields: ['date', 'status', 'index', 'assay'],
  check(i) {
    const c = i.candidate;
    const warnings: RecordWarning[] = [];
    if ((c.index ?? 0) > JCV_UNUSUAL_INDEX) warnings.push(unusual('index', `index ${c.index} is unusually high`));
    return outcome(clinicalDateProblems('date', c.date, i.today, i.participant.consentDate), warnings);
  },
};
