import { clinicalDateProblems, notFutureProblems, unusual } from '../common-checks';
import { EcrfFormDefinition, outcome } from '../ecrf-form.definition';
import { RecordWarning } from '../ecrf-record.base';
import { CreateMriDto, UpdateMriDto } from './mri.dto';
import { MriScan } from './mri-scan.entity';

/** Lesion counts above this on a 3-monthly scan of a natalizumab-treated patient deserve a second read. */
export const MRI_UNUSUAL_LESIONS = 20;

export const MRI_FORM: EcrfFormDefinition<MriScan> = {
  path: 'mri',
  entityType: 'mri_scan',
  label: 'MRI scan',
  entity: MriScan,
  createDto: CreateMriDto,
  updateDto: UpdateMriDto,
  dateField: 'date',
  fields: ['date', 'newOrEnlargingT2Count', 'gadoliniumEnhancingCount', 'comparedWithDate'],
  check(i) {
    const c = i.candidate;
    const problems = clinicalDateProblems('date', c.date, i.today, i.participant.consentDate);
    // The reference scan may predate consent (baseline scan of the screening): only "not future" and "before this scan".
    problems.push(...notFutureProblems('comparedWithDate', c.comparedWithDate, i.today));
    if (c.comparedWithDate && c.date && c.comparedWithDate >= c.date)
      problems.push({
        field: 'comparedWithDate',
        code: 'COMPARISON_NOT_BEFORE_SCAN',
        reason: 'the reference scan must be earlier than this scan',
      });
    const warnings: RecordWarning[] = [];
    if (c.newOrEnlargingT2Count > MRI_UNUSUAL_LESIONS)
      warnings.push(unusual('newOrEnlargingT2Count', `${c.newOrEnlargingT2Count} new/enlarging T2 lesions`));
    if (c.gadoliniumEnhancingCount > MRI_UNUSUAL_LESIONS)
      warnings.push(unusual('gadoliniumEnhancingCount', `${c.gadoliniumEnhancingCount} Gd-enhancing lesions`));
    return outcome(problems, warnings);
  },
};
