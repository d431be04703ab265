import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { OutputColumn } from './table-writer';
import { xlsxSheetNames } from './xlsx-cells';
import { XlsxWriter } from './xlsx.writer';

const COLUMNS: OutputColumn[] = [
  { name: 'participant_code', type: 'text' },
  { name: 'date', type: 'date' },
  { name: 'recorded_at', type: 'datetime' },
  { name: 'dose_mg', type: 'integer' },
  { name: 'administered', type: 'boolean' },
  { name: 'administered_label', type: 'text' },
];

async function write(rows: Array<Array<string | number | null>>, maxDataRowsPerSheet?: number): Promise<ExcelJS.Workbook> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const writer = new XlsxWriter(out, { maxDataRowsPerSheet });
  const sink = await writer.table('infusion', COLUMNS);
  for (const r of rows) await sink.write(r);
  await sink.end();
  await writer.finish();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as never);
  return wb;
}

describe('XlsxWriter', () => {
  it('writes dates and instants as Excel dates with formats, booleans as TRUE/FALSE, empty cells as empty', async () => {
    const wb = await write([
      ['P-001', '2026-02-02', '2026-02-02T09:30:00Z', 300, 1, 'Yes'],
      ['P-001', '2024-02-29', null, null, 0, 'No'],
    ]);
    const ws = wb.getWorksheet('infusion')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(COLUMNS.map((c) => c.name));
    const r2 = ws.getRow(2);
    // 2026-02-02 at UTC midnight: Date.UTC(2026, 1, 2) — the cell holds a date, not the text '2026-02-02'.
    expect(r2.getCell(2).value).toEqual(new Date(Date.UTC(2026, 1, 2)));
    expect(r2.getCell(2).numFmt).toBe('yyyy-mm-dd');
    expect(r2.getCell(3).value).toEqual(new Date(Date.UTC(2026, 1, 2, 9, 30, 0)));
    expect(r2.getCell(3).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(r2.getCell(4).value).toBe(300);
    expect(r2.getCell(5).value).toBe(true);
    const r3 = ws.getRow(3);
    // Leap day stays the leap day (UTC arithmetic).
    expect(r3.getCell(2).value).toEqual(new Date(Date.UTC(2024, 1, 29)));
    expect(r3.getCell(3).value).toBeNull();
    expect(r3.getCell(4).value).toBeNull();
    expect(r3.getCell(5).value).toBe(false);
    expect(r3.getCell(6).value).toBe('No');
  });

  it('freezes the header row and sizes columns', async () => {
    const wb = await write([['P-001', '2026-02-02', null, 300, 1, 'Yes']]);
    const ws = wb.getWorksheet('infusion')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // date: 11 characters ('2026-02-02' + 1); participant_code: its 16-character name + 2 = 18.
    expect(ws.getColumn(2).width).toBe(11);
    expect(ws.getColumn(1).width).toBe(18);
    expect(ws.getRow(1).getCell(1).font).toMatchObject({ bold: true });
  });

  it('continues a table on numbered sheets at the row limit, header repeated, as xlsxSheetNames says', async () => {
    // 5 rows with 2 per sheet: rows 1–2 on "infusion", 3–4 on "infusion_2", 5 on "infusion_3".
    const rows = [1, 2, 3, 4, 5].map((i) => [`P-00${i}`, null, null, i, null, null]);
    const wb = await write(rows, 2);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['infusion', 'infusion_2', 'infusion_3']);
    expect(xlsxSheetNames('infusion', 5, 2)).toEqual(['infusion', 'infusion_2', 'infusion_3']);
    expect(xlsxSheetNames('infusion', 4, 2)).toEqual(['infusion', 'infusion_2']);
    expect(xlsxSheetNames('infusion', 0, 2)).toEqual(['infusion']);
    const values = wb.worksheets.map((ws) => ws.getSheetValues().slice(1).map((r) => (r as unknown[])[1]));
    expect(values).toEqual([
      ['participant_code', 'P-001', 'P-002'],
      ['participant_code', 'P-003', 'P-004'],
      ['participant_code', 'P-005'],
    ]);
  });

  it('knows Excel’s limit: 1,048,576 rows = 1 header + 1,048,575 data rows per sheet', () => {
    expect(xlsxSheetNames('audit_trail', 1_048_575)).toEqual(['audit_trail']);
    expect(xlsxSheetNames('audit_trail', 1_048_576)).toEqual(['audit_trail', 'audit_trail_2']);
    // 31-character sheet names: the suffix takes room from the table name.
    expect(xlsxSheetNames('a_table_name_of_exactly_31_char', 1_048_576)[1]).toBe('a_table_name_of_exactly_31_ch_2');
  });
});
