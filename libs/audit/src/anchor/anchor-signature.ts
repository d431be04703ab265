import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** What a checkpoint states: chain `chain` had head `headHash` at position `seq` at `createdAt` (ISO, UTC). */
export interface CheckpointClaim {
  chain: string;
  seq: string;
  headHash: string;
  createdAt: string;
}

/** The exact bytes signed; versioned so a future format cannot be confused with this one. */
export function checkpointMessage(c: CheckpointClaim): string {
  return ['eid-audit-checkpoint-v1', c.chain, c.seq, c.headHash, c.createdAt].join('\n');
}

/** HMAC-SHA256 (RFC 2104) of the claim under the anchor key, hex. */
export function signCheckpoint(key: string, c: CheckpointClaim): string {
  return createHmac('sha256', key).update(checkpointMessage(c)).digest('hex');
}

export function checkpointSignatureValid(key: string, c: CheckpointClaim, signature: string): boolean {
  const expected = Buffer.from(signCheckpoint(key, c), 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(signature) ? signature : '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Names the key without revealing it: the first 16 hex digits of its SHA-256. */
export function anchorKeyId(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}
