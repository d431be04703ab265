import { createHash } from 'node:crypto';

/**
 * Canonical JSON in the manner of RFC 8785 (JCS): object keys sorted by UTF-16 code units, no whitespace,
 * numbers as ECMAScript serialises them (shortest round-trip form, -0 → 0), Dates as ISO 8601 UTC with
 * milliseconds, `undefined` members omitted. The same logical row therefore always hashes the same, whatever
 * order its keys were built in and whether it came from the application or back from the database.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'bigint':
      return value.toString();
    case 'string':
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`canonicalJson: ${typeof value} has no JSON form`);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError('canonicalJson: invalid Date');
    return JSON.stringify(value.toISOString());
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const members = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`);
  return `{${members.join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The fields of an audit row that the chain protects (everything except the surrogate id and the hash). */
export interface ChainedAuditFields {
  chain: string;
  /** Decimal string (bigint column). */
  seq: string;
  /** Database clock, fixed format `YYYY-MM-DDTHH:MM:SS.ffffffZ` (microseconds, UTC). */
  occurredAt: string;
  actorUserId: string | null;
  actorRole: string | null;
  actorSiteId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  studyId: string | null;
  siteId: string | null;
  participantId: string | null;
  changes: Record<string, { old: unknown; new: unknown }> | null;
  reason: string | null;
  correlationId: string | null;
  clientIp: string | null;
  prevHash: string | null;
}

/** hash = SHA-256(canonical JSON of the row, which includes prevHash): each row seals all rows before it. */
export function auditRowHash(row: ChainedAuditFields): string {
  return sha256Hex(canonicalJson(row));
}
