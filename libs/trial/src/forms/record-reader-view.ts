import { EntityManager } from 'typeorm';
import { RequestContext } from '@eid/core';
import { readsPseudonymised } from '@eid/identity';
import { withheldProperties } from './column-disclosure';
import { EcrfFormDefinition } from './ecrf-form.definition';
import { EcrfRecord } from './ecrf-record.base';
import { readerDateShifter, shiftDates } from '../pseudonymisation/date-shift';

const withheldByForm = new Map<string, string[]>();

/**
 * An eCRF record as the caller may read it: pseudonymised readers (statisticians, issue 16 item 2) get staff ids
 * and free text as null — the same columns the pseudonymised export drops (column-disclosure.ts) — and, when the
 * study shifts dates, every date shifted by the participant's offset, as in the date-shifted export (date-shift.ts).
 */
export async function recordsForReader<T extends EcrfRecord>(
  ctx: RequestContext,
  em: EntityManager,
  form: EcrfFormDefinition<T>,
  place: { studyId: string; siteId: string | null },
  records: T[],
): Promise<T[]> {
  const withheld = recordsWithheldForReader(ctx, em, form, place, records);
  const shifter = await readerDateShifter(ctx, em, place);
  return shifter ? withheld.map((r) => shiftDates(r, shifter.days(r.participantId))) : withheld;
}

/** The records without what a pseudonymised reader never gets (no date shift: for views shifted as a whole). */
export function recordsWithheldForReader<T extends EcrfRecord>(
  ctx: RequestContext,
  em: EntityManager,
  form: EcrfFormDefinition<T>,
  place: { studyId: string; siteId: string | null },
  records: T[],
): T[] {
  if (!readsPseudonymised(ctx.actor, place.studyId, place.siteId)) return records;
  let withheld = withheldByForm.get(form.entityType);
  if (!withheld) {
    withheld = withheldProperties(em.connection.getMetadata(form.entity), form.createDto);
    withheldByForm.set(form.entityType, withheld);
  }
  const blank = Object.fromEntries(withheld.map((p) => [p, null]));
  return records.map((r) => Object.assign(Object.create(Object.getPrototypeOf(r)) as T, r, blank));
}
