import { xlsxSheetNames } from '../writers/xlsx-cells';
import { codebookRows } from './codebook';
import { DatasetTable } from './variable';

const AUDIT: DatasetTable = {
  name: 'audit_trail',
  label: 'Audit trail',
  kind: 'study',
  variables: [{ name: 'seq', label: 'Seq', type: 'integer', sql: 't.seq' }],
  from: 'FROM audit_event t',
  orderBy: 't.seq',
  participantIdSql: 'null',
};

describe('codebook', () => {
  it('names the continuation sheets of a table longer than an Excel sheet (XLSX only)', () => {
    // 2,000,000 rows at 1,048,575 per sheet: sheets audit_trail (1–1,048,575), audit_trail_2 (the remaining 951,425).
    const rows = codebookRows([AUDIT], 'none', false, (t) => xlsxSheetNames(t, 2_000_000));
    expect(rows[0]).toEqual(['audit_trail', null, 'Audit trail', 'sheets', null, 'audit_trail | audit_trail_2', expect.stringContaining('continued on sheets audit_trail_2')]);
    expect(rows[1]).toEqual(['audit_trail', 'seq', 'Seq', 'integer', null, null, null]);
  });

  it('adds no sheet row when the table fits one sheet, or outside XLSX', () => {
    expect(codebookRows([AUDIT], 'none', false, (t) => xlsxSheetNames(t, 1_048_575))).toHaveLength(1);
    expect(codebookRows([AUDIT], 'none', false)).toHaveLength(1);
  });
});

describe('codebook booleans', () => {
  it('says how each format writes a boolean', () => {
    const t: DatasetTable = { ...AUDIT, name: 'infusion', kind: 'record', variables: [{ name: 'administered', label: 'Administered', type: 'boolean', sql: 't.administered::int', codeList: [{ code: '1', label: 'Yes' }, { code: '0', label: 'No' }] }] };
    const [row, label] = codebookRows([t], 'none', false);
    expect(row).toEqual(['infusion', 'administered', 'Administered', 'boolean', null, '1=Yes | 0=No', 'coded 1/0 (TRUE/FALSE in XLSX, true/false in Dataset-JSON)']);
    expect(label[1]).toBe('administered_label');
  });
});
