import { isIsoDate } from '../dates';
import { ParticipantHistory } from '../history';

export interface HistoryProblem {
  /** JSON pointer into the document, e.g. "/troughs/1/ugPerMl". */
  path: string;
  reason: string;
}

export type ParseHistoryResult = { ok: true; history: ParticipantHistory } | { ok: false; problems: HistoryProblem[] };

type Field = 'date' | 'number' | 'nonNegative' | 'count' | 'boolean' | 'string' | 'jcvStatus' | 'edss' | 'weeks';

/** Per-record field specs of the history file format (protocols/examples/*.json). */
const RECORDS: Record<string, { required: Record<string, Field>; optional: Record<string, Field> }> = {
  infusions: { required: { date: 'date' }, optional: { doseMg: 'nonNegative', administered: 'boolean' } },
  troughs: { required: { date: 'date' }, optional: { ugPerMl: 'nonNegative', belowLloq: 'boolean' } },
  jcv: { required: { date: 'date', status: 'jcvStatus' }, optional: { index: 'nonNegative' } },
  relapses: {
    required: { onset: 'date' },
    optional: { confirmedByNeurologist: 'boolean', objectiveChange: 'boolean', feverOrInfection: 'boolean', durationHours: 'nonNegative' },
  },
  mri: { required: { date: 'date' }, optional: { newOrEnlargingT2: 'count', gadoliniumEnhancing: 'count' } },
  edss: { required: { date: 'date', score: 'edss' }, optional: {} },
  decisions: { required: { date: 'date', intervalWeeks: 'weeks' }, optional: { rule: 'string' } },
  adverseEvents: { required: { onset: 'date' }, optional: { pmlSuspected: 'boolean', resolvedOn: 'date', term: 'string' } },
};

const PARTICIPANT: Record<string, Field> = {
  weightKg: 'nonNegative',
  priorImmunosuppressant: 'boolean',
  birthYear: 'count',
  diagnosis: 'string',
  diagnosticCriteria: 'string',
  firstNatalizumabDate: 'date',
  mriPossible: 'boolean',
  otherImmunomodulatoryMedication: 'boolean',
};

/** docs/science/outcomes.md §5: valid EDSS = 0.0, 1.0, 1.5, … 10.0 (0.5 is not a valid score [memory]). */
export function isValidEdss(v: number): boolean {
  return v === 0 || (v >= 1 && v <= 10 && Number.isInteger(v * 2));
}

function fieldProblem(kind: Field, v: unknown): string | null {
  switch (kind) {
    case 'date':
      return isIsoDate(v) ? null : `must be a calendar date YYYY-MM-DD, got ${JSON.stringify(v)}`;
    case 'boolean':
      return typeof v === 'boolean' ? null : `must be true or false, got ${JSON.stringify(v)}`;
    case 'string':
      return typeof v === 'string' && v.length > 0 ? null : 'must be a non-empty string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? null : `must be a number, got ${JSON.stringify(v)}`;
    case 'nonNegative':
      return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? null : `must be a number ≥ 0, got ${JSON.stringify(v)}`;
    case 'count':
      return Number.isInteger(v) && (v as number) >= 0 ? null : `must be an integer ≥ 0, got ${JSON.stringify(v)}`;
    case 'weeks':
      return Number.isInteger(v) && (v as number) >= 1 ? null : `must be a whole number of weeks ≥ 1, got ${JSON.stringify(v)}`;
    case 'jcvStatus':
      return v === 'positive' || v === 'negative' || v === 'indeterminate'
        ? null
        : `must be "positive", "negative" or "indeterminate", got ${JSON.stringify(v)}`;
    case 'edss':
      return typeof v === 'number' && isValidEdss(v)
        ? null
        : `must be a valid EDSS score (0, 1.0–10.0 in 0.5 steps), got ${JSON.stringify(v)}`;
  }
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validate a history file; lists every problem (path + reason), never stops at the first. */
export function parseHistory(json: unknown): ParseHistoryResult {
  const problems: HistoryProblem[] = [];
  if (!isObj(json)) return { ok: false, problems: [{ path: '/', reason: 'must be a JSON object' }] };
  for (const key of Object.keys(json))
    if (key !== 'participant' && !(key in RECORDS)) problems.push({ path: `/${key}`, reason: 'unknown property' });

  if (json.participant !== undefined) {
    if (!isObj(json.participant)) problems.push({ path: '/participant', reason: 'must be an object' });
    else
      for (const [k, v] of Object.entries(json.participant)) {
        const kind = PARTICIPANT[k];
        if (!kind) problems.push({ path: `/participant/${k}`, reason: 'unknown property' });
        else {
          const pr = fieldProblem(kind, v);
          if (pr) problems.push({ path: `/participant/${k}`, reason: pr });
        }
      }
  }
  if (json.infusions === undefined) problems.push({ path: '/infusions', reason: 'is required (may be an empty array)' });

  for (const [name, spec] of Object.entries(RECORDS)) {
    const list = json[name];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      problems.push({ path: `/${name}`, reason: 'must be an array' });
      continue;
    }
    list.forEach((rec, i) => {
      const base = `/${name}/${i}`;
      if (!isObj(rec)) return void problems.push({ path: base, reason: 'must be an object' });
      for (const [k, kind] of Object.entries(spec.required)) {
        if (rec[k] === undefined) problems.push({ path: `${base}/${k}`, reason: 'is required' });
        else {
          const pr = fieldProblem(kind, rec[k]);
          if (pr) problems.push({ path: `${base}/${k}`, reason: pr });
        }
      }
      for (const [k, v] of Object.entries(rec)) {
        if (k in spec.required) continue;
        const kind = spec.optional[k];
        if (!kind) problems.push({ path: `${base}/${k}`, reason: 'unknown property' });
        else {
          const pr = fieldProblem(kind, v);
          if (pr) problems.push({ path: `${base}/${k}`, reason: pr });
        }
      }
      if (name === 'troughs' && typeof rec.ugPerMl === 'number' && rec.belowLloq === true)
        problems.push({ path: `${base}/belowLloq`, reason: 'a trough cannot have both a value and "< LLOQ"' });
    });
  }
  return problems.length ? { ok: false, problems } : { ok: true, history: json as unknown as ParticipantHistory };
}
