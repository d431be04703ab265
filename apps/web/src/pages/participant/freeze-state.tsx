import { Alert, Button, Group } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { StudyView } from '../../api/views';
import type { ParticipantDto as ParticipantView } from './use-participant-data';
import { ReasonDialog } from '../../components/reason-dialog';
import { instant } from '../../lib/format';

/** Why data entry is closed for a participant, in words, or null when it is open. */
export interface EntryClosed {
  /** Short, for next to a disabled control. */
  short: string;
  /** Who, when and why, for the banner. */
  detail: string;
}

/** The latest freeze of an entity from the audit trail: who froze it, when and why (the record keeps only the user id). */
function useFreezeEvent(studyId: string, participantId: string, entityType: string, enabled: boolean) {
  return useQuery({
    queryKey: ['audit', 'freeze', participantId, entityType],
    queryFn: async () =>
      await call(
        api.GET('/api/v1/audit', {
          params: { query: { study: studyId, participant: participantId, entityType, action: 'freeze', limit: 1 } },
        }),
      ),
    select: (page) => page.items[0] ?? null,
    enabled,
  });
}

/** Study lock or freeze first (it closes everything), then the participant's own freeze. */
export function useEntryClosed(p: ParticipantView | undefined, study: StudyView | null | undefined, timeZone: string): EntryClosed | null {
  const frozen = useFreezeEvent(p?.studyId ?? '', p?.id ?? '', 'participant', !!p?.frozenAt);
  if (!p) return null;
  if (study?.status === 'locked')
    return { short: 'Study locked', detail: 'The study database is locked: no data can be entered or changed.' };
  if (study?.status === 'frozen')
    return {
      short: 'Study frozen',
      detail: 'The study is frozen by data management: no data can be entered or changed until it is unfrozen.',
    };
  if (!p.frozenAt) return null;
  const who = frozen.data?.actorName ?? 'data management';
  return {
    short: 'Participant frozen',
    detail: `Frozen by ${who} on ${instant(p.frozenAt, timeZone)} — reason: ${p.freezeReason ?? frozen.data?.reason ?? 'not recorded'}. Entry and corrections are closed until data management unfreezes the participant.`,
  };
}

export function EntryClosedBanner({ closed }: { closed: EntryClosed | null }) {
  if (!closed) return null;
  return (
    <Alert color="blue" title={`Data entry closed: ${closed.short.toLowerCase()}`} data-testid="entry-closed">
      {closed.detail}
    </Alert>
  );
}

/** Data manager: freeze or unfreeze the whole participant, with a reason. */
export function ParticipantFreezeControls({ p }: { p: ParticipantView }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const freezing = !p.frozenAt;
  return (
    <Group>
      <Button variant={freezing ? 'light' : 'outline'} onClick={() => setOpen(true)}>
        {freezing ? 'Freeze participant' : 'Unfreeze participant'}
      </Button>
      <ReasonDialog
        opened={open}
        title={`${freezing ? 'Freeze' : 'Unfreeze'} ${p.code ?? p.screeningNumber}`}
        description={
          freezing
            ? 'No entry or correction is possible until unfrozen; reading, queries and SDV go on.'
            : 'Sites can enter and correct data again.'
        }
        confirmLabel={freezing ? 'Freeze' : 'Unfreeze'}
        onClose={() => setOpen(false)}
        onConfirm={async (reason) => {
          const path = { params: { path: { participantId: p.id } }, body: { reason, version: p.version } };
          await call(
            freezing
              ? api.POST('/api/v1/participants/{participantId}/freeze', path)
              : api.POST('/api/v1/participants/{participantId}/unfreeze', path),
          );
          notifications.show({ color: 'teal', message: freezing ? 'Participant frozen' : 'Participant unfrozen' });
          await queryClient.invalidateQueries({ queryKey: ['participant', p.id] });
          await queryClient.invalidateQueries({ queryKey: ['audit', 'freeze', p.id] });
        }}
      />
    </Group>
  );
}
