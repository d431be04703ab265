import { DateShifter, shiftIso } from '@eid/trial';
import { outputColumns, Variable } from './variable';
import { Cell, OutputColumn } from '../writers/table-writer';

export type RawValue = string | number | boolean | null;

/** Output columns of a list of variables (raw value, then `<name>_label` for coded ones). */
export function columnsOf(variables: Variable[]): OutputColumn[] {
  return variables.flatMap((v) => outputColumns(v).map((name, i) => (i === 0 ? { name, type: v.type, label: v.label } : { name, type: 'text' as const, label: `${v.label} (label)` })));
}

/**
 * Compiles the per-row conversion of one table: numbers as numbers (XLSX cells stay numeric), ISO dates shifted by
 * the participant's offset when asked, and the label of every coded value beside it. `raw` holds the variables'
 * values in order followed by the participant id.
 */
export function rowFormatter(variables: Variable[], shifter: DateShifter | null): (raw: RawValue[]) => Cell[] {
  const n = variables.length;
  const plan = variables.map((v) => ({
    numeric: v.type === 'integer' || v.type === 'float' || v.type === 'boolean',
    dated: shifter !== null && (v.type === 'date' || v.type === 'datetime'),
    labels: v.codeList ? new Map(v.codeList.map((c) => [c.code, c.label])) : null,
  }));
  return (raw) => {
    const out: Cell[] = [];
    const pid = raw[n];
    const shift = shifter && typeof pid === 'string' ? shifter.days(pid) : 0;
    for (let i = 0; i < n; i++) {
      const p = plan[i];
      let v = raw[i] as Cell | boolean;
      if (v === null || v === undefined) {
        out.push(null);
        if (p.labels) out.push(null);
        continue;
      }
      if (typeof v === 'boolean') v = v ? 1 : 0;
      else if (p.numeric && typeof v === 'string') v = Number(v);
      else if (p.dated && shift) v = shiftIso(v as string, shift);
      out.push(v);
      if (p.labels) out.push(p.labels.get(String(v)) ?? null);
    }
    return out;
  };
}
