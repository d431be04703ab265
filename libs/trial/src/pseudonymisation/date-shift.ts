import { createHmac, randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AppError, decodeCursor, encodeCursor, RequestContext } from '@eid/core';
import { identifiedAllowed, PSEUDONYMISED_ROLES, readsPseudonymised } from '@eid/identity';

/**
 * THE per-participant date shift of pseudonymised data (issue 16 item 2; docs/security.md "Pseudonymisation"):
 * the `pseudonymised-date-shifted` exports and, when the study's policy `pseudonymisationDateShift` is on, every
 * date a pseudonymised reader (statistician) gets through the API use these functions and the same per-study key,
 * so a participant's dates are shifted by the same number of days in both.
 */

/** ±182 days: large enough to defeat matching on calendar dates, small enough to keep seasons roughly intact. */
const MAX_SHIFT_DAYS = 182;
const DAY_MS = 86_400_000;

/**
 * HMAC-SHA256(study key, participant id) mapped to a non-zero day count. The same participant always gets the
 * same shift, so intervals within a participant (infusion intervals, time to relapse) are exact; the key stays
 * in the database (`export_secret`) and is never exported or returned.
 */
export function dateShiftDays(secret: Buffer, participantId: string): number {
  const n = createHmac('sha256', secret).update(participantId).digest().readUInt32BE(0);
  const shift = (n % (2 * MAX_SHIFT_DAYS)) - MAX_SHIFT_DAYS;
  return shift >= 0 ? shift + 1 : shift;
}

/** Shift 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM:SSZ' by whole days (UTC arithmetic: no DST drift). */
export function shiftIso(value: string, days: number): string {
  const t = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) + days * DAY_MS;
  const iso = new Date(t).toISOString();
  return value.length === 10 ? iso.slice(0, 10) : `${iso.slice(0, 19)}Z`;
}

/** Caches one shift per participant (one export run, or one request). */
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

/**
 * The date-shift key of a study, created on first use (an export, or a shifted read). Turning the study's policy on
 * creates it too (studies-admin.service.ts), so reads in READ ONLY transactions (reports) find it.
 */
export async function studyDateShiftSecret(em: Pick<EntityManager, 'query'>, studyId: string): Promise<Buffer> {
  const read = async () =>
    ((await em.query('SELECT secret FROM export_secret WHERE study_id = $1', [studyId])) as Array<{ secret: Buffer }>)[0];
  const found = await read();
  if (found) return found.secret;
  await em.query('INSERT INTO export_secret (study_id, secret) VALUES ($1, $2) ON CONFLICT (study_id) DO NOTHING', [
    studyId,
    randomBytes(32),
  ]);
  return (await read()).secret;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * A copy of `value` with every date in it moved by `days`: Date objects, 'YYYY-MM-DD' strings and ISO instants,
 * at any depth (class instances keep their prototype). Other values are untouched — numbers of days between
 * two dates stay exact, which is the point of a per-participant shift.
 */
export function shiftDates<T>(value: T, days: number): T {
  if (days === 0 || value === null || value === undefined) return value;
  if (value instanceof Date) return new Date(value.getTime() + days * DAY_MS) as T;
  if (typeof value === 'string') {
    if (DATE.test(value)) return shiftIso(value, days) as T;
    if (INSTANT.test(value)) {
      const iso = new Date(Date.parse(value) + days * DAY_MS).toISOString();
      return (value.includes('.') ? iso : `${iso.slice(0, 19)}Z`) as T;
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => shiftDates(v, days)) as T;
  if (typeof value === 'object' && !Buffer.isBuffer(value)) {
    const out = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = shiftDates(v, days);
    return out as T;
  }
  return value;
}

/**
 * A keyset cursor (base64url JSON [sortValue, id], @eid/core pagination/cursor.ts) with its date sort value moved by `days`: a
 * shifted reader's cursor carries the date it saw, never the real one, and is moved back (-days) when it returns.
 */
export function shiftCursor(cursor: string, days: number): string {
  const [value, id] = decodeCursor(cursor);
  return encodeCursor(shiftDates(value, days), id);
}

/** Per request and study: the study's policy and key, read once (a list asks for every row). */
const studyShifters = new WeakMap<RequestContext, Map<string, Promise<DateShifter | null>>>();

/**
 * The shifter for what this reader gets at the place, or null: only pseudonymised readers (readsPseudonymised:
 * the statistician's grant) of a study whose policy shifts dates. Identified readers always see real dates.
 */
export async function readerDateShifter(
  ctx: RequestContext,
  em: EntityManager,
  place: { studyId: string; siteId: string | null },
): Promise<DateShifter | null> {
  if (!readsPseudonymised(ctx.actor, place.studyId, place.siteId)) return null;
  let byStudy = studyShifters.get(ctx);
  if (!byStudy) studyShifters.set(ctx, (byStudy = new Map()));
  let shifter = byStudy.get(place.studyId);
  if (!shifter) {
    shifter = studyShifter(em, place.studyId);
    byStudy.set(place.studyId, shifter);
  }
  return shifter;
}

/** Whether the study's policy shifts the dates of pseudonymised data (study.pseudonymisationDateShift). */
export async function studyShiftsDates(em: Pick<EntityManager, 'query'>, studyId: string): Promise<boolean> {
  const [study] = (await em.query('SELECT pseudonymisation_date_shift AS shift FROM study WHERE id = $1', [studyId])) as Array<{
    shift: boolean;
  }>;
  return study?.shift === true;
}

async function studyShifter(em: EntityManager, studyId: string): Promise<DateShifter | null> {
  return (await studyShiftsDates(em, studyId)) ? new DateShifter(await studyDateShiftSecret(em, studyId)) : null;
}

/**
 * Refuses (403 DATE_SHIFTED_READER) a view computed against the real today — "as of" dates, overdue and
 * deviation lists, the dosing proposal, "older than n days" — to a reader whose dates are shifted: today's real
 * date beside the participant's shifted dates would give the shift away. At a site: when that site is read shifted.
 * Study-level (`siteId` null): when the caller holds a pseudonymised-only (statistician) membership of the study
 * and no study-wide identified one — an investigator at A who is also the statistician is refused too (safe side).
 * Never silently unshifted (docs/security.md "Pseudonymisation").
 */
export async function assertRealTimeViewAllowed(
  ctx: RequestContext,
  em: EntityManager,
  place: { studyId: string; siteId: string | null },
): Promise<void> {
  const shifted =
    place.siteId === null
      ? (ctx.actor?.memberships ?? []).some((m) => m.studyId === place.studyId && PSEUDONYMISED_ROLES.includes(m.role)) &&
        !identifiedAllowed(ctx.actor, 'read', place.studyId, null) &&
        (await studyShiftsDates(em, place.studyId))
      : (await readerDateShifter(ctx, em, place)) !== null;
  if (shifted) {
    throw AppError.forbidden(
      'This study shifts the dates your role reads: views computed as of the real today are not available to you',
      'DATE_SHIFTED_READER',
    );
  }
}

/** `value` as a pseudonymised reader of the participant's place reads it: dates shifted when the policy says so. */
export async function datesForReader<T>(
  ctx: RequestContext,
  em: EntityManager,
  p: { id: string; studyId: string; siteId: string | null },
  value: T,
): Promise<T> {
  const shifter = await readerDateShifter(ctx, em, p);
  return shifter ? shiftDates(value, shifter.days(p.id)) : value;
}
