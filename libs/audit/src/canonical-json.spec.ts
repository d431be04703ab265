import { auditRowHash, canonicalJson, ChainedAuditFields, sha256Hex } from './canonical-json';
import { diffChanges } from './diff-changes';

describe('canonicalJson (RFC 8785 style)', () => {
  it.each([
    [null, 'null'],
    [undefined, 'null'],
    [true, 'true'],
    [0, '0'],
    [-0, '0'],
    [1.5, '1.5'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e21, '1e+21'],
    [12345678901234567890n, '12345678901234567890'],
    ['é "q" \n', '"é \\"q\\" \\n"'],
    [new Date('2026-03-01T08:30:00Z'), '"2026-03-01T08:30:00.000Z"'],
    [[3, undefined, 'a'], '[3,null,"a"]'],
  ])('%p → %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined }, A: 0 })).toBe('{"A":0,"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('gives the same text whatever order the keys were built in, and after a JSON round trip', () => {
    const x = { weightKg: 71.5, date: '2026-01-02', nested: { old: null, new: [1, 2] } };
    const y = JSON.parse(JSON.stringify({ nested: { new: [1, 2], old: null }, date: '2026-01-02', weightKg: 71.5 }));
    expect(canonicalJson(x)).toBe(canonicalJson(y));
  });

  it('refuses values without a JSON form', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson(Infinity)).toThrow();
    expect(() => canonicalJson(() => 1)).toThrow();
  });

  it('hashes a row with its previous hash (SHA-256 hex), so any field change changes the hash', () => {
    const row: ChainedAuditFields = {
      chain: 'platform',
      seq: '1',
      occurredAt: '2026-11-25T10:00:00.123456Z',
      actorUserId: null,
      actorRole: null,
      actorSiteId: null,
      action: 'login-failed',
      entityType: 'user',
      entityId: 'email:x@y.org',
      studyId: null,
      siteId: null,
      participantId: null,
      changes: null,
      reason: 'unknown e-mail',
      correlationId: 'c1',
      clientIp: '127.0.0.1',
      prevHash: null,
    };
    const h = auditRowHash(row);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).toBe(sha256Hex(canonicalJson(row)));
    expect(auditRowHash({ ...row, reason: 'unknown e-mail ' })).not.toBe(h);
    expect(auditRowHash({ ...row, prevHash: 'a'.repeat(64) })).not.toBe(h);
  });
});

describe('diffChanges', () => {
  it('reports only changed fields, comparing dates and arrays by value', () => {
    const before = { a: 1, b: new Date('2026-01-01T00:00:00Z'), c: ['x'], d: 'same' };
    const after = { a: 2, b: new Date('2026-01-01T00:00:00Z'), c: ['x'], d: 'same' };
    expect(diffChanges(before, after, ['a', 'b', 'c', 'd'])).toEqual({ a: { old: 1, new: 2 } });
    expect(diffChanges(null, { a: 1 }, ['a'])).toEqual({ a: { old: null, new: 1 } });
  });
});
