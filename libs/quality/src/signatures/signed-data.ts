import { EntityManager } from 'typeorm';
import { canonicalJson, sha256Hex } from '@eid/audit';
import { ECRF_FORMS, EcrfFormDefinition, EcrfRecord } from '@eid/trial';

/**
 * What an electronic signature covers (21 CFR Part 11 §11.70: the signature is linked to exactly these data):
 *
 * - scope `visit`: the planned visit (number, target date, window) and every non-deleted eCRF record of the
 *   participant that is attached to that visit (`plannedVisitId`) OR whose clinical date (the form's date field:
 *   infusion date, trough sampling date, MRI date, AE onset, …) lies in the visit window [windowFrom, windowTo],
 *   inclusive, as it was when signed (the window is stored with the signature).
 * - scope `casebook`: every non-deleted eCRF record of the participant, all forms.
 *
 * Each record contributes its form, id, visit link and data fields (the form's audited fields) — not system
 * columns such as version or SDV marks, which change without changing the data. The canonical JSON (RFC 8785
 * style, the audit trail's canonicaliser) of the sorted list is hashed with SHA-256.
 */
export interface SignedScope {
  participantId: string;
  scope: 'visit' | 'casebook';
  visit?: { id: string; number: number; targetDate: string; windowFrom: string; windowTo: string };
}

export interface SignedData {
  hash: string;
  recordCount: number;
}

export async function computeSignedData(em: EntityManager, s: SignedScope): Promise<SignedData> {
  const records: Array<Record<string, unknown>> = [];
  for (const form of ECRF_FORMS) {
    const qb = em
      .getRepository(form.entity)
      .createQueryBuilder('r')
      .where('r.participantId = :pid AND r.deletedAt IS NULL', { pid: s.participantId });
    if (s.scope === 'visit' && s.visit) {
      qb.andWhere(`(r.plannedVisitId = :vid OR r.${form.dateField} BETWEEN :wf AND :wt)`, {
        vid: s.visit.id,
        wf: s.visit.windowFrom,
        wt: s.visit.windowTo,
      });
    }
    for (const rec of await qb.getMany()) records.push(canonicalRecord(form, rec));
  }
  records.sort((a, b) => (a.form === b.form ? String(a.id).localeCompare(String(b.id)) : String(a.form).localeCompare(String(b.form))));
  const document = { participantId: s.participantId, scope: s.scope, visit: s.visit ?? null, records };
  return { hash: sha256Hex(canonicalJson(document)), recordCount: records.length };
}

function canonicalRecord(form: EcrfFormDefinition<any>, rec: EcrfRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { form: form.entityType, id: rec.id, plannedVisitId: rec.plannedVisitId ?? null };
  for (const f of form.fields) out[f] = (rec as unknown as Record<string, unknown>)[f] ?? null;
  return out;
}

/** Does a change of this record (as it is now, or as it was) touch the data of a visit signature? */
export function touchesVisit(
  form: EcrfFormDefinition<any> | undefined,
  recs: Array<EcrfRecord | null>,
  sig: { plannedVisitId: string | null; windowFrom: string | null; windowTo: string | null },
): boolean {
  for (const r of recs) {
    if (!r) continue;
    if (sig.plannedVisitId && r.plannedVisitId === sig.plannedVisitId) return true;
    const date = form ? ((r as unknown as Record<string, unknown>)[form.dateField] as string | null | undefined) : undefined;
    if (date && sig.windowFrom && sig.windowTo && date >= sig.windowFrom && date <= sig.windowTo) return true;
  }
  return false;
}
