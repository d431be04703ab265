import { AuditHistoryEntry, itemHistories, odmAuditValue } from './odm-history';

describe('ODM item histories from the audit trail', () => {
  it('one version per audited change, oldest first, with who/where/when/why; unknown fields skipped', () => {
    const history: AuditHistoryEntry[] = [
      ['11', 'u-1', 'S01', '2026-02-02T09:00:00.000Z', null, { doseMg: { old: null, new: 300 }, date: { old: null, new: '2026-02-02' }, internalNote: { old: null, new: 'x' } }],
      ['15', 'u-2', null, '2026-02-03T10:00:00.000Z', 'transcription error', { doseMg: { old: 300, new: 150 } }],
      ['17', null, 'S01', '2026-02-04T10:00:00.000Z', 'not given', { lotNumber: { old: 'A1', new: null } }],
    ];
    const h = itemHistories(['date', 'dose_mg', 'lot_number'], history);
    expect(h.get(0)!.map((v) => [v.value, v.transactionType])).toEqual([['2026-02-02', 'Insert']]);
    expect(h.get(1)!.map((v) => [v.value, v.transactionType, v.audit.reasonForChange])).toEqual([
      ['300', 'Insert', null],
      ['150', 'Update', 'transcription error'],
    ]);
    expect(h.get(1)![1].audit).toEqual({ userOid: 'USR.u-2', locationOid: 'LOC.STUDY', dateTimeStamp: '2026-02-03T10:00:00.000Z', reasonForChange: 'transcription error', sourceId: 'audit_event.seq=15' });
    // A value removed: Remove, no value; a system change has the SYSTEM user.
    expect(h.get(2)!.map((v) => [v.value, v.transactionType, v.audit.userOid])).toEqual([[null, 'Remove', 'USR.SYSTEM']]);
    expect(itemHistories(['date'], null).size).toBe(0);
  });

  it('values as exported: booleans as codes, arrays joined by ";"', () => {
    expect([odmAuditValue(true), odmAuditValue(false), odmAuditValue(['a', 'b']), odmAuditValue(3.5), odmAuditValue(null)]).toEqual(['1', '0', 'a;b', '3.5', null]);
  });
});
