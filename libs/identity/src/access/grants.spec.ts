import { Actor, MembershipGrant } from '@eid/core';
import { actorCan, identifiedAllowed, readsPseudonymised, sitesAllowing, sitesReadIdentified } from './grants';

const S = 'study-1';
const A = 'site-a';
const B = 'site-b';
const person = (...memberships: MembershipGrant[]): Actor => ({ userId: 'u', email: 'u@x', displayName: 'U', isAdmin: false, memberships });
const investigatorAt = (siteId: string): MembershipGrant => ({ studyId: S, role: 'investigator', siteId });
const studyWide = (role: MembershipGrant['role']): MembershipGrant => ({ studyId: S, role, siteId: null });

describe('permissions per membership (issue 16 item 1)', () => {
  it.each(['monitor', 'data-manager', 'statistician'] as const)(
    'investigator at A + %s study-wide: writes only at A, reads everywhere',
    (role) => {
      const actor = person(investigatorAt(A), studyWide(role));
      expect(actorCan(actor, 'enter-data', S, A)).toBe(true);
      expect(actorCan(actor, 'enter-data', S, B)).toBe(false);
      expect(actorCan(actor, 'sign', S, B)).toBe(false);
      expect(actorCan(actor, 'decide-dosing', S, B)).toBe(false);
      expect(actorCan(actor, 'read', S, B)).toBe(true);
      expect(sitesAllowing(actor, 'enter-data', S)).toEqual([A]);
      expect(sitesAllowing(actor, 'read', S)).toBe('all');
    },
  );

  it('investigator at A + investigator at B: writes at both, not at a third site', () => {
    const actor = person(investigatorAt(A), investigatorAt(B));
    expect(actorCan(actor, 'enter-data', S, A)).toBe(true);
    expect(actorCan(actor, 'enter-data', S, B)).toBe(true);
    expect(actorCan(actor, 'enter-data', S, 'site-c')).toBe(false);
    expect(sitesAllowing(actor, 'read', S)).toEqual([A, B]);
  });

  it('a study-level place (null site) is covered by study-wide grants only', () => {
    expect(actorCan(person(investigatorAt(A)), 'read', S, null)).toBe(false);
    expect(actorCan(person(studyWide('monitor')), 'read', S, null)).toBe(true);
  });

  it('grants of another study never count', () => {
    const actor = person({ studyId: 'other-study', role: 'data-manager', siteId: null });
    expect(actorCan(actor, 'export', S)).toBe(false);
    expect(sitesAllowing(actor, 'read', S)).toEqual([]);
  });

  it('view-audit: an investigator at A + statistician sees the audit of A only (statisticians hold no view-audit)', () => {
    expect(sitesAllowing(person(investigatorAt(A), studyWide('statistician')), 'view-audit', S)).toEqual([A]);
  });

  it('pseudonymisation belongs to the grant: investigator at A + statistician is identified at A only', () => {
    const actor = person(investigatorAt(A), studyWide('statistician'));
    expect(readsPseudonymised(actor, S, A)).toBe(false);
    expect(readsPseudonymised(actor, S, B)).toBe(true);
    // The export grant is the statistician's: a study-wide identified export is not allowed.
    expect(identifiedAllowed(actor, 'export', S, null)).toBe(false);
    expect(identifiedAllowed(person(studyWide('data-manager')), 'export', S, null)).toBe(true);
    // Monitor + statistician: identified reads (monitor), but the export grant is still the statistician's.
    const monStat = person(studyWide('monitor'), studyWide('statistician'));
    expect(readsPseudonymised(monStat, S, B)).toBe(false);
    expect(identifiedAllowed(monStat, 'export', S, null)).toBe(false);
    expect(readsPseudonymised(person(studyWide('statistician')), S, A)).toBe(true);
  });

  it('sites read identified (where a screening-number search may match): never through a statistician grant', () => {
    expect(sitesReadIdentified(person(studyWide('statistician')), S)).toEqual([]);
    expect(sitesReadIdentified(person(investigatorAt(A), studyWide('statistician')), S)).toEqual([A]);
    expect(sitesReadIdentified(person(studyWide('monitor'), studyWide('statistician')), S)).toBe('all');
    expect(sitesReadIdentified(person(investigatorAt(A), investigatorAt(B)), S)).toEqual([A, B]);
    expect(sitesReadIdentified(person(investigatorAt(A)), 'other-study')).toEqual([]);
  });
});
