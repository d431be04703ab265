import { snake } from '../dataset/variable';

/** One audit_event of a record as the ODM query returns it: [seq, actor user id, site code, UTC instant, reason, changes]. */
export type AuditHistoryEntry = [seq: string | number, userId: string | null, siteCode: string | null, at: string, reason: string | null, changes: Record<string, { old: unknown; new: unknown }> | null];

export type TransactionType = 'Insert' | 'Update' | 'Remove';

/** The ODM AuditRecord content of one change (UserRef, LocationRef, DateTimeStamp, ReasonForChange, SourceID). */
export interface OdmAuditRef {
  userOid: string;
  locationOid: string;
  dateTimeStamp: string;
  reasonForChange: string | null;
  /** The audit trail entry this record comes from (`audit_event.seq`; ID `AR.<seq>` in ClinicalData/AuditRecords). */
  sourceId: string;
}

/** One value an item had, set by one audited change. */
export interface ItemVersion {
  value: string | null;
  transactionType: TransactionType;
  audit: OdmAuditRef;
}

export const userOid = (userId: string | null) => `USR.${userId ?? 'SYSTEM'}`;
export const locationOid = (siteCode: string | null) => `LOC.${siteCode ?? 'STUDY'}`;

/** An audited value as an ODM Value: booleans as their 1/0 codes, multi-valued fields joined by ";" as exported. */
export function odmAuditValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (Array.isArray(v)) return v.join(';');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * Every value each item of a record had, oldest first, from the record's audit events: the ODM transactional
 * representation of old values (one ItemData per value, TransactionType Insert/Update/Remove, each with the
 * AuditRecord that set it: who, where, when, why). Audited fields are property names (`doseMg`); items are
 * column names (`dose_mg`). Returns item index → versions; fields that are not exported items are skipped.
 */
export function itemHistories(itemNames: string[], history: AuditHistoryEntry[] | null): Map<number, ItemVersion[]> {
  const out = new Map<number, ItemVersion[]>();
  if (!history) return out;
  const index = new Map(itemNames.map((n, i) => [n, i]));
  for (const [seq, userId, siteCode, at, reason, changes] of history) {
    if (!changes) continue;
    const audit: OdmAuditRef = { userOid: userOid(userId), locationOid: locationOid(siteCode), dateTimeStamp: at, reasonForChange: reason, sourceId: `audit_event.seq=${seq}` };
    for (const [field, change] of Object.entries(changes)) {
      const i = index.get(snake(field)) ?? index.get(field);
      if (i === undefined) continue;
      const value = odmAuditValue(change.new);
      const transactionType: TransactionType = change.old === null || change.old === undefined ? 'Insert' : value === null ? 'Remove' : 'Update';
      const versions = out.get(i) ?? [];
      versions.push({ value, transactionType, audit });
      out.set(i, versions);
    }
  }
  return out;
}
