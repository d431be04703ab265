import { createHmac } from 'node:crypto';
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

/** The variables a level lets through: identifying ones and free text are dropped when pseudonymised. */
export function visibleVariables(table: DatasetTable, level: PseudonymisationLevel): Variable[] {
  if (level === 'none') return table.variables;
  return table.variables.filter((v) => !v.identifying && !v.freeText);
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
