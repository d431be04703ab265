import { AdverseEventInput, adverseEventSeriousness } from './adverse-event-seriousness';

describe('adverseEventSeriousness — outcomes.md §7 (ICH E2A / 21 CFR 312.32)', () => {
  it.each<{ why: string; ae: AdverseEventInput; expected: object }>([
    {
      why: '§7 severity ≠ seriousness: severe headache, no criterion → not serious',
      ae: { severity: 'severe', ctcaeGrade: 3 },
      expected: { serious: false, criteria: [], expedited: 'NOT_REQUIRED', expeditedReview: false },
    },
    {
      why: '§7 hospitalisation → serious; causality/expectedness missing → assessment needed, 15-day clock',
      ae: { requiresOrProlongsHospitalisation: true },
      expected: {
        serious: true,
        criteria: ['HOSPITALISATION'],
        expedited: 'ASSESSMENT_NEEDED',
        expeditedReview: true,
        reportWithinDays: 15,
      },
    },
    {
      why: '§7 fatal, unexpected, suspected → expedited within 7 days, follow-up within 8 more',
      ae: { resultsInDeath: true, suspectedRelated: true, expected: false },
      expected: { serious: true, expedited: 'REQUIRED', reportWithinDays: 7, followUpWithinDays: 8 },
    },
    {
      why: '§7 life-threatening, unexpected, suspected → 7 days',
      ae: { lifeThreatening: true, suspectedRelated: true, expected: false },
      expected: { serious: true, criteria: ['LIFE_THREATENING'], expedited: 'REQUIRED', reportWithinDays: 7 },
    },
    {
      why: '§7 other serious, unexpected, suspected → 15 days',
      ae: { persistentOrSignificantDisability: true, suspectedRelated: true, expected: false },
      expected: { expedited: 'REQUIRED', reportWithinDays: 15 },
    },
    {
      why: '§7 important medical event, expected → serious, no expedited report',
      ae: { importantMedicalEvent: true, suspectedRelated: true, expected: true },
      expected: { serious: true, criteria: ['IMPORTANT_MEDICAL_EVENT'], expedited: 'NOT_REQUIRED', expeditedReview: false },
    },
    {
      why: '§7 congenital anomaly, not related → serious, no expedited report',
      ae: { congenitalAnomaly: true, suspectedRelated: false },
      expected: { serious: true, expedited: 'NOT_REQUIRED' },
    },
  ])('$why', ({ ae, expected }) => expect(adverseEventSeriousness(ae)).toMatchObject(expected));
});
