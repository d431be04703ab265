import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';

/** The participant feature's answers, typed from the generated OpenAPI schema (no hand-written copies). */
export type ParticipantDto = components['schemas']['ParticipantOverviewDto'];
export type TimelineDto = components['schemas']['TimelineDto'];
export type DosingDecisionDto = components['schemas']['DosingDecisionDto'];

/** Every query key of one participant starts here, so one invalidation after a write refreshes the page. */
export const participantKey = (participantId: string) => ['participant', participantId] as const;

export function useParticipant(participantId: string) {
  return useQuery({
    queryKey: [...participantKey(participantId), 'record'],
    queryFn: () => call(api.GET('/api/v1/participants/{participantId}', { params: { path: { participantId } } })),
  });
}

export function useTimeline(participantId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...participantKey(participantId), 'timeline'],
    queryFn: () => call(api.GET('/api/v1/participants/{participantId}/timeline', { params: { path: { participantId } } })),
    enabled,
  });
}

export function useParticipantQueries(participantId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...participantKey(participantId), 'queries'],
    queryFn: () =>
      call(api.GET('/api/v1/participants/{participantId}/queries', { params: { path: { participantId }, query: { limit: 200 } } })),
    enabled,
  });
}

/**
 * The recorded dosing decisions, newest first (superseded ones included, marked). 200 is the API's page maximum:
 * at one decision per infusion that is over 15 years of 4-weekly dosing, more than a trial participant has.
 */
export function useDecisions(participantId: string, enabled = true) {
  return useQuery({
    queryKey: [...participantKey(participantId), 'decisions'],
    queryFn: () =>
      call(
        api.GET('/api/v1/participants/{participantId}/dosing/decisions', { params: { path: { participantId }, query: { limit: 200 } } }),
      ),
    enabled,
  });
}

export type DataQueryDto = components['schemas']['QueryViewDto'];
