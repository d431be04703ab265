import { createHmac } from 'node:crypto';
import { AGE_BAND_YEARS, ageBandSql } from '@eid/trial';
import { DatasetTable, Variable } from './variable';

import type { PseudonymisationLevel } from '../export-job.entity';


/** ±182 days: large enough to defeat matching on calendar dates, small enough to keep seasons roughly intact. */
const MAX_SHIFT_DAYS = 182;

/**
 * The per-participant date shift (pseudonymised-date-shifted): HMAC-SHA256(study secret, participant id) mapped
 * to a non-zero day count. The same participant always gets the same shift, so intervals within a participant
 * (infusion intervals, time to relapse) are exact; the secret stays in the database and is never exported.
 */
export function dateShiftDays(secret: Buffer, participantId: string): number {
  const n = createHmac('sha256', secret).update(participantId).digest().readUInt32BE(0);
  const shift = (n % (2 * MAX_SHIFT_DAYS)) - MAX_SHIFT_DAYS;
  return shift >= 0 ? shift + 1 : shift;
}

const DAY_MS = 86_400_000;

/** Shift 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM:SSZ' by whole days (UTC arithmetic: no DST drift). */
export function shiftIso(value: string, days: number): string {
  const t = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) + days * DAY_MS;
  const iso = new Date(t).toISOString();
  return value.length === 10 ? iso.slice(0, 10) : `${iso.slice(0, 19)}Z`;
}

/** The exact birth year's stand-in in pseudonymised exports: the same band as the API's (@eid/trial age-band.ts). */
const AGE_BAND: Variable = {
  name: 'age_band',
  label: 'Age band at screening',
  type: 'text',
  sql: ageBandSql('t.birth_year', 't.screening_date'),
  description: `screening year minus birth year, in ${AGE_BAND_YEARS}-year bands (replaces the exact birth year when pseudonymised; derived, docs/security.md)`,
};

/**
 * The variables a level lets through: identifying ones and free text are dropped when pseudonymised, and the
 * exact birth year becomes an age band (issue 16 item 2).
 */
export function visibleVariables(table: DatasetTable, level: PseudonymisationLevel): Variable[] {
  if (level === 'none') return table.variables;
  return table.variables.filter((v) => !v.identifying && !v.freeText).map((v) => (table.kind === 'participant' && v.name === 'birth_year' ? AGE_BAND : v));
}

const EXPORT_KEY = /^[0-9a-f]{64}$/;

/**
 * Record ids re-keyed per export (issue 16 item 2): in a pseudonymised export every record id and every reference
 * to one (a uuid column, `recordKey`) becomes SHA-256(export key ‖ id), truncated to 32 hex digits. The key is
 * random per export run and never stored, so ids still join WITHIN one file (a trough's precedes_infusion_id to
 * its infusion's record_id) but not ACROSS files: a plain and a date-shifted export cannot be joined on record
 * ids to recover the shift. Done in SQL, so the row path, the COPY path and ODM all write the same value.
 */
export function rekeyIds(tables: DatasetTable[], exportKeyHex: string): DatasetTable[] {
  if (!EXPORT_KEY.test(exportKeyHex)) throw new Error('the export key must be 32 random bytes in hex');
  return tables.map((t) => ({
    ...t,
    variables: t.variables.map((v) =>
      v.recordKey
        ? {
            ...v,
            sql: `left(encode(sha256(convert_to('${exportKeyHex}' || (${v.sql})::text, 'UTF8')), 'hex'), 32)`,
            description: [v.description, 're-keyed for this export: joins within this file only'].filter(Boolean).join('; '),
          }
        : v,
    ),
  }));
}

/** Caches one shift per participant for the duration of one export. */
export class DateShifter {
  private readonly cache = new Map<string, number>();

  constructor(private readonly secret: Buffer) {}

  days(participantId: string): number {
    let d = this.cache.get(participantId);
    if (d === undefined) {
      d = dateShiftDays(this.secret, participantId);
      this.cache.set(participantId, d);
    }
    return d;
  }
}
