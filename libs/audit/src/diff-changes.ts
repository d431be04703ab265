import { AppError } from '@eid/core';
import { canonicalJson } from './canonical-json';

export type AuditChanges = Record<string, { old: unknown; new: unknown }>;

/**
 * The changed fields between two versions of a record, as the audit trail stores them (old → new).
 * Values are compared by canonical JSON, so equal dates, arrays and objects are not reported as changes.
 */
export function diffChanges<T extends object>(
  before: Partial<T> | null | undefined,
  after: Partial<T>,
  fields: ReadonlyArray<keyof T & string>,
): AuditChanges {
  const changes: AuditChanges = {};
  for (const field of fields) {
    const oldValue = before ? (before[field] ?? null) : null;
    const newValue = after[field] ?? null;
    if (canonicalJson(oldValue) !== canonicalJson(newValue)) changes[field] = { old: oldValue, new: newValue };
  }
  return changes;
}

/** Changing data that was already saved needs a reason (Part 11 §11.10(e), ICH E6(R3) 4.2.2); creating does not. */
export function requireReason(reason: string | null | undefined): string {
  if (typeof reason !== 'string' || reason.trim().length === 0) throw AppError.reasonRequired();
  return reason.trim();
}
