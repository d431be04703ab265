import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { participantKey } from './use-participant-data';

export type DosingViewDto = components['schemas']['DosingViewDto'];
export type RecordDecisionBody = components['schemas']['RecordDecisionDto'];

/**
 * The PK choices of the dosing tab (model, target, candidate whose course is drawn), held by the participant page
 * so the course plot draws the prediction band of the candidate selected in the PK table.
 */
export interface PkSelection {
  model: string | null;
  target: number | null;
  course: number | null;
}

export const NO_PK_SELECTION: PkSelection = { model: null, target: null, course: null };

/** GET /participants/:id/dosing with the PK choices; the dosing tab and the course plot share one cache entry. */
export function useDosing(participantId: string, sel: PkSelection, enabled = true) {
  return useQuery({
    queryKey: [...participantKey(participantId), 'dosing', sel.model, sel.target, sel.course],
    queryFn: () =>
      call(
        api.GET('/api/v1/participants/{participantId}/dosing', {
          params: {
            path: { participantId },
            query: {
              ...(sel.model ? { model: sel.model } : {}),
              ...(sel.target !== null ? { target: sel.target } : {}),
              ...(sel.course !== null ? { course: sel.course } : {}),
            },
          },
        }),
      ),
    enabled,
  });
}

/** The advisory PK part of the dosing view (libs/domain TroughPrediction). */
export type PkPrediction = components['schemas']['PkPredictionDto'];
export type PkModelSummary = components['schemas']['PkModelSummaryDto'];
export type PkTargets = components['schemas']['PkTargetsDto'];

/** Confirm or override the proposal; every query of the participant is refreshed after it (card, history, plot). */
export function useRecordDecision(participantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RecordDecisionBody) =>
      call(api.POST('/api/v1/participants/{participantId}/dosing/decisions', { params: { path: { participantId } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: participantKey(participantId) }),
  });
}
