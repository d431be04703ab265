import { ParticipantHistory } from '@eid/domain';
import { seenActivityIdsOf } from './dosing-decision.service';

describe('seenActivityIdsOf (issue 13: a decision stores the activity records its proposal saw)', () => {
  const history: ParticipantHistory = {
    infusions: [],
    relapses: [{ id: 'r1', onset: '2026-05-20' }, { id: 'r2', onset: '2026-06-16' }, { onset: '2026-05-01' }],
    mri: [
      { id: 'm1', date: '2026-06-15', newOrEnlargingT2: 0 },
      { id: 'm2', date: '2026-06-20', gadoliniumEnhancing: 1 },
    ],
  };
  it('ids of relapse and MRI records dated on or before as-of (the day itself included); later or id-less ones are not seen', () => {
    // As of 2026-06-15: r1 (05-20) and m1 (06-15, same day) were in the proposal's inputs; r2 (06-16) and m2 (06-20) were not.
    expect(seenActivityIdsOf(history, '2026-06-15')).toEqual(['r1', 'm1']);
  });
});
