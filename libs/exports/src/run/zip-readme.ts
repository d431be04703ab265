import type { ExportFormat, PseudonymisationLevel } from '../export-job.entity';

export interface ReadmeFacts {
  studyCode: string;
  format: ExportFormat;
  shape: string;
  level: PseudonymisationLevel;
  snapshotAt: string;
  tables: string[];
}

const LEVELS: Record<PseudonymisationLevel, string> = {
  none: 'none — identifying data included (screening numbers, internal ids, user ids, free text). Handle as personal data.',
  pseudonymised:
    'pseudonymised — participants appear only by their pseudonymous code; screening numbers, internal participant and user ids and every free-text field are left out (GDPR art. 89 safeguard).',
  'pseudonymised-date-shifted':
    'pseudonymised-date-shifted — as "pseudonymised", and every date and instant is shifted by a per-participant number of days (±1 to ±182, never 0). Intervals within one participant are exact; calendar dates are not real.',
};

/** README.txt inside every export zip: what the files are and how to read them with the codebook. */
export function zipReadme(f: ReadmeFacts): string {
  const dataset = f.format === 'json' || f.format === 'ndjson';
  const ext = f.format === 'csv' ? 'csv' : f.format;
  const lines = [
    `EID Trial Platform export — study ${f.studyCode}`,
    `Snapshot: ${f.snapshotAt} (every file shows the database at this one instant)`,
    `Format: ${dataset ? `CDISC Dataset-JSON 1.1 (${f.format === 'ndjson' ? 'NDJSON: metadata object on line 1, one row array per line' : 'JSON'})` : 'CSV (UTF-8 with byte-order mark, comma, CRLF, RFC 4180 quoting)'}; shape: ${f.shape}`,
    `Pseudonymisation: ${LEVELS[f.level]}`,
    '',
    'Files',
    ...f.tables.map((t) => `  ${t}.${ext}`),
    ...(dataset ? [] : ['  read-export.R   R reader (base R only) that types every column from the codebook']),
    '  README.txt',
    '',
    'The codebook',
    `  codebook.${ext} has one row per column of every table: table, variable, label, type (text, integer, float,`,
    '  date, datetime, boolean), unit, allowed_values ("code=label | code=label") and description. Every coded',
    '  variable is followed by a <name>_label column holding its label. Booleans are coded 1 = Yes, 0 = No.',
    '  Dates are YYYY-MM-DD calendar dates; instants are UTC, YYYY-MM-DDTHH:MM:SSZ. Empty = not recorded.',
    '',
    'Reading the files',
  ];
  if (dataset) {
    lines.push(
      '  Each table is one Dataset-JSON dataset: "columns" gives itemOID (the same OIDs as the ODM export), name,',
      '  label, dataType and keySequence (the variables identifying a row); "rows" holds one array per row in',
      '  column order; null = not recorded. Decimals are strings (dataType "decimal", no binary rounding).',
      '  R:      jsonlite::fromJSON("infusion.json")$rows  (or the CRAN package "datasetjson")',
      `  Python: json.load(open("infusion.json"))${f.format === 'ndjson' ? '  — for .ndjson: first line = metadata, then json.loads per line' : ''}`,
    );
  } else {
    lines.push(
      '  R:      source("read-export.R"); d <- read_eid_export("<this zip>")   # a list of typed data frames',
      '          d$infusion$dose_mg carries attr "label" and "units"; coded columns attr "levels_map".',
      '  Python: pandas.read_csv(zip.open("infusion.csv"), encoding="utf-8-sig", keep_default_na=False, na_values=[""])',
      '  Excel:  opens the CSV files directly (the byte-order mark tells it they are UTF-8).',
    );
  }
  return lines.join('\n') + '\n';
}
