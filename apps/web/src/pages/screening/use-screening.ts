import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';

type Schemas = components['schemas'];
export type ScreeningResult = Schemas['ScreeningResultDto'];
export type Eligibility = Schemas['EligibilityResultDto'];
export type EvidenceChange = Omit<Schemas['ScreeningEvidenceChangeDto'], 'version'>;
export type ScreenFailCategory = NonNullable<Schemas['StatusChangeDto']['screenFailCategory']>;

/** What the screening page shows of a candidate: a list row or the participant a screening answered with. */
export interface Candidate {
  id: string;
  siteId: string;
  screeningNumber: string | null;
  screeningDate: string;
  status: string;
  eligibility: Eligibility;
  screenFailReason: string | null;
  screenFailCategory: string | null;
  version: number;
}

/**
 * Candidates in screening; with a screening number, the server's search (equal to or starting with it), so a
 * candidate beyond the first page is still found.
 */
export function useScreeningCandidates(studyId: string, screeningNumber: string) {
  const number = screeningNumber.trim();
  return useQuery({
    queryKey: ['participants', studyId, 'screening', number],
    queryFn: () =>
      call(
        api.GET('/api/v1/participants', {
          params: { query: { studyId, status: 'screening', limit: 200, ...(number ? { screeningNumber: number } : {}) } },
        }),
      ),
    enabled: !!studyId,
  });
}

/** The screening writes; each refreshes every participant list afterwards. */
export function useScreeningActions() {
  const queryClient = useQueryClient();
  const refreshed = async <T>(result: T): Promise<T> => {
    await queryClient.invalidateQueries({ queryKey: ['participants'] });
    return result;
  };
  return {
    screen: async (studyId: string, body: Schemas['CreateScreeningDto']) =>
      refreshed(await call(api.POST('/api/v1/studies/{studyId}/screenings', { params: { path: { studyId } }, body }))),
    completeEvidence: async (c: Candidate, change: EvidenceChange) =>
      refreshed(
        await call(
          api.PATCH('/api/v1/participants/{participantId}/screening-evidence', {
            params: { path: { participantId: c.id } },
            body: { ...change, version: c.version },
          }),
        ),
      ),
    screenFail: async (c: Candidate, date: string, category: ScreenFailCategory, reason: string) =>
      refreshed(
        await call(
          api.POST('/api/v1/participants/{participantId}/status', {
            params: { path: { participantId: c.id } },
            body: { action: 'screen-fail', date, reason, screenFailCategory: category, version: c.version },
          }),
        ),
      ),
    enrol: async (c: Candidate, consentDate: string) =>
      refreshed(
        await call(
          api.POST('/api/v1/participants/{participantId}/enrolment', {
            params: { path: { participantId: c.id } },
            body: { consentDate, version: c.version },
          }),
        ),
      ),
  };
}
