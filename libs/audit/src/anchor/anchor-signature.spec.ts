import { createHmac } from 'node:crypto';
import { anchorKeyId, checkpointMessage, checkpointSignatureValid, signCheckpoint } from './anchor-signature';

const claim = { chain: 'platform', seq: '42', headHash: 'a'.repeat(64), createdAt: '2026-12-07T18:00:00.000Z' };
const key = 'k'.repeat(48);

describe('checkpoint signatures (HMAC-SHA256, docs/security.md → Key handling)', () => {
  it('signs the versioned, newline-joined claim', () => {
    // By construction: HMAC-SHA256(key, "eid-audit-checkpoint-v1\nplatform\n42\naaa…a\n2026-12-07T18:00:00.000Z").
    const message = `eid-audit-checkpoint-v1\nplatform\n42\n${'a'.repeat(64)}\n2026-12-07T18:00:00.000Z`;
    expect(checkpointMessage(claim)).toBe(message);
    expect(signCheckpoint(key, claim)).toBe(createHmac('sha256', key).update(message).digest('hex'));
  });

  it('accepts its own signature and refuses any change of claim, key or signature', () => {
    const sig = signCheckpoint(key, claim);
    expect(checkpointSignatureValid(key, claim, sig)).toBe(true);
    expect(checkpointSignatureValid(key, { ...claim, seq: '41' }, sig)).toBe(false);
    expect(checkpointSignatureValid(key, { ...claim, headHash: 'b'.repeat(64) }, sig)).toBe(false);
    expect(checkpointSignatureValid('other-key-'.repeat(5), claim, sig)).toBe(false);
    expect(checkpointSignatureValid(key, claim, 'not-hex')).toBe(false);
  });

  it('names a key by 16 hex digits that differ between keys', () => {
    expect(anchorKeyId(key)).toMatch(/^[0-9a-f]{16}$/);
    expect(anchorKeyId(key)).not.toBe(anchorKeyId(key + 'x'));
  });
});
