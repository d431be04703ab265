/** The value types of the codebook, mapped onto R types (read-export.R), XLSX cells and ODM DataType. */
export type VariableType = 'text' | 'integer' | 'float' | 'date' | 'datetime' | 'boolean';

export interface CodeListItem {
  code: string;
  label: string;
}

/** One exported column: the codebook row and how to read it from PostgreSQL. */
export interface Variable {
  /** snake_case output name (the database column name for entity fields). */
  name: string;
  label: string;
  type: VariableType;
  unit?: string;
  /** Where the definition came from or what it means beyond its label. */
  description?: string;
  /** Allowed values; an export then carries `<name>_label` beside the raw code (REDCap habit). */
  codeList?: readonly CodeListItem[];
  /** SELECT expression over the table alias `t` (participant `p`, site `s`, planned visit `v`). */
  sql: string;
  /** Directly identifies a person or a source document (screening number, user ids): never in a pseudonymised export. */
  identifying?: boolean;
  /** Free text may name people or places (GDPR art. 89): withheld from pseudonymised exports. */
  freeText?: boolean;
  /** A record id or a reference to one (uuid): re-keyed per export when pseudonymised (pseudonymisation.ts rekeyIds). */
  recordKey?: boolean;
}

/** One table of an export (a CSV in the zip, a sheet in XLSX, an ItemGroup in ODM). */
export interface DatasetTable {
  name: string;
  label: string;
  /** 'participant': one row per participant; 'record': repeating rows of a participant; 'study': no participant key. */
  kind: 'participant' | 'record' | 'study';
  variables: Variable[];
  /** FROM … WHERE … (no SELECT, no ORDER BY); $1 = study id, $2 = site ids or null, $3 = only coded participants. */
  from: string;
  /** ORDER BY list. */
  orderBy: string;
  /** FROM … WHERE … for counting rows when `from` carries joins that do not change the row count. */
  countFrom?: string;
  /** Expression of the participant's id, for the per-participant date shift ('null' for study-level tables). */
  participantIdSql: string;
  /** `audit_event.entity_type` of this table's rows (their change history in ODM); absent when not audited per row. */
  auditEntityType?: string;
}

const UNIT_SUFFIXES: Array<[RegExp, string]> = [
  [/UgPerMl$/, 'µg/mL'],
  [/Mg$/, 'mg'],
  [/Kg$/, 'kg'],
  [/Weeks$/, 'weeks'],
  [/Days$/, 'days'],
  [/Months$/, 'months'],
];

/** Units are part of property names in this code base (STYLE.md "units in names"), so the name is the source. */
export function unitOf(propertyName: string): string | undefined {
  return UNIT_SUFFIXES.find(([re]) => re.test(propertyName))?.[1];
}

/** 'concentrationUgPerMl' → 'Concentration', 'newOrEnlargingT2Count' → 'New or enlarging T2 count'. */
export function humanise(propertyName: string): string {
  const stem = UNIT_SUFFIXES.reduce((n, [re]) => n.replace(re, ''), propertyName) || propertyName;
  const words = stem
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .replace(/\bjcv\b/g, 'JCV')
    .replace(/\bedss\b/g, 'EDSS')
    .replace(/\bmri\b/g, 'MRI')
    .replace(/\bt2\b/g, 'T2')
    .replace(/\bms\b/g, 'MS')
    .replace(/\blloq\b/g, 'LLOQ')
    .replace(/\bpml\b/g, 'PML')
    .replace(/\bsdv\b/g, 'SDV');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function snake(propertyName: string): string {
  return propertyName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** 'in-window' → 'In window', 'RRMS' stays. */
export function codeLabel(code: string): string {
  if (code === code.toUpperCase()) return code;
  const s = code.replace(/[-_]/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const YES_NO: readonly CodeListItem[] = [
  { code: '1', label: 'Yes' },
  { code: '0', label: 'No' },
];

/** Output column names of a variable: the raw value, and its label when it has a code list. */
export function outputColumns(v: Variable): string[] {
  return v.codeList ? [v.name, `${v.name}_label`] : [v.name];
}
