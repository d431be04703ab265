import { EntityMetadata } from 'typeorm';
import { RequestContext } from '@eid/core';
import { readsPseudonymised } from '@eid/identity';
import { withheldProperties } from '../forms/column-disclosure';

/** The dosing module's table (its migration always runs); found by name so the trial library needs no @eid/dosing import. */
export const DOSING_DECISION_TABLE = 'dosing_decision';

export function dosingDecisionMetadata(ctx: RequestContext): EntityMetadata | undefined {
  return ctx.em.connection.entityMetadatas.find((m) => m.tableName === DOSING_DECISION_TABLE);
}

/**
 * Stored dosing decisions as this reader may see them, for the decisions list and the timeline alike (one rule):
 * identified readers get the decider's display name; pseudonymised readers get staff ids and free text as null,
 * exactly as the export's dosing_decision table (column-disclosure.ts, issue 16 item 2), and no name. Only the
 * properties the caller sends are blanked: a withheld column it does not send (absent or undefined) is not added.
 */
export async function decisionsForReader<T extends { decidedBy: string | null }>(
  ctx: RequestContext,
  place: { studyId: string; siteId: string },
  items: T[],
): Promise<Array<T & { decidedByName: string | null }>> {
  if (readsPseudonymised(ctx.actor, place.studyId, place.siteId)) {
    const meta = dosingDecisionMetadata(ctx);
    // Without the table's metadata nothing can be classified: everything but the id is withheld (safe side).
    const withheld = meta ? withheldProperties(meta, undefined) : null;
    return items.map((item) => {
      const out: Record<string, unknown> = { ...item, decidedByName: null };
      for (const [k, v] of Object.entries(item))
        if (v !== undefined && k !== 'id' && (withheld === null || withheld.includes(k))) out[k] = null;
      return out as T & { decidedByName: string | null };
    });
  }
  const ids = [...new Set(items.map((i) => i.decidedBy).filter((id): id is string => id !== null))];
  const names = ids.length
    ? ((await ctx.em.query(`SELECT id, display_name AS name FROM app_user WHERE id = ANY($1)`, [ids])) as Array<{
        id: string;
        name: string;
      }>)
    : [];
  const byId = new Map(names.map((n) => [n.id, n.name]));
  return items.map((i) => ({ ...i, decidedByName: (i.decidedBy && byId.get(i.decidedBy)) ?? null }));
}
