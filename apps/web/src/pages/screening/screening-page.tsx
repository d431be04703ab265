import { Alert, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, call } from '../../api/client';
import { describeError } from '../../api/errors';
import type { Page, ParticipantView } from '../../api/views';
import { useActiveRole } from '../../auth/auth-context';
import { siteTimezone, useStudy } from '../../hooks/use-study';
import { siteToday } from '../../lib/site-calendar';
import { EligibilityChecklist } from '../participant/eligibility-checklist';
import { ScreeningForm, type ScreeningResult } from './screening-form';

/** Screening (eligibility criterion by criterion) and enrolment of an eligible candidate with the consent date. */
export function ScreeningPage() {
  const role = useActiveRole();
  const { data: study } = useStudy();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [selected, setSelected] = useState<ParticipantView | null>(null);
  const [consentDate, setConsentDate] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const candidates = useQuery({
    queryKey: ['participants', role.studyId, 'screening'],
    queryFn: async () => (await call(api.GET('/api/v1/participants', { params: { query: { studyId: role.studyId, status: 'screening', limit: 200 } } }))) as unknown as Page<ParticipantView>,
  });
  const mySites = (study?.sites ?? []).filter((s) => role.siteCodes.includes(s.code));
  // The consent date defaults to the candidate's site-local today (the server refuses a later date).
  const choose = (p: ParticipantView) => {
    setSelected(p);
    setConsentDate(siteToday(siteTimezone(study, p.siteId)));
  };

  const enrol = async (p: ParticipantView) => {
    setProblem(null);
    try {
      const enrolled = (await call(
        api.POST('/api/v1/participants/{participantId}/enrolment', { params: { path: { participantId: p.id } }, body: { consentDate: consentDate ?? '', version: p.version } }),
      )) as unknown as ParticipantView;
      notifications.show({ color: 'teal', message: `Enrolled as ${enrolled.code}` });
      await queryClient.invalidateQueries({ queryKey: ['participants'] });
      navigate(`/participants/${enrolled.id}`);
    } catch (e) {
      setProblem(e);
    }
  };

  return (
    <Stack>
      <Title order={2}>Screening & enrolment</Title>
      <Card withBorder>
        <Title order={3} size="h4" mb="xs">
          Candidates in screening
        </Title>
        {candidates.isError && <Alert color="red">{describeError(candidates.error)}</Alert>}
        <Table data-testid="screening-candidates">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Screening no.</Table.Th>
              <Table.Th>Screened</Table.Th>
              <Table.Th>Eligibility</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(candidates.data?.items ?? []).map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{p.screeningNumber}</Table.Td>
                <Table.Td>{p.screeningDate}</Table.Td>
                <Table.Td>
                  <Badge color={p.eligibility.eligible === 'eligible' ? 'teal' : 'yellow'} variant="light">
                    {p.eligibility.eligible ?? 'unknown'}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Button size="compact-xs" variant="light" onClick={() => choose(p)}>
                    Review
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {candidates.data?.items.length === 0 && <Text c="dimmed">No candidate in screening.</Text>}
      </Card>

      {selected && (
        <Card withBorder data-testid="screening-review">
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={3} size="h4">
                {selected.screeningNumber} — eligibility
              </Title>
              <Badge size="lg" color={selected.eligibility.eligible === 'eligible' ? 'teal' : selected.status === 'screen-failed' ? 'red' : 'yellow'}>
                {selected.status === 'screen-failed' ? 'screen failure' : (selected.eligibility.eligible ?? 'unknown')}
              </Badge>
            </Group>
            <EligibilityChecklist criteria={selected.eligibility.criteria ?? []} />
            {selected.screenFailReason && <Alert color="red">Screen failure: {selected.screenFailReason}</Alert>}
            {problem !== null && <Alert color="red">{describeError(problem)}</Alert>}
            {selected.status === 'screening' && selected.eligibility.eligible === 'eligible' && (
              <Group align="end">
                <DateInput label="Informed consent date" required valueFormat="YYYY-MM-DD" value={consentDate} onChange={setConsentDate} w={200} />
                <Button onClick={() => void enrol(selected)}>Enrol</Button>
              </Group>
            )}
          </Stack>
        </Card>
      )}

      {role.studyId && mySites.length > 0 && (
        <Card withBorder>
          <Title order={3} size="h4" mb="xs">
            Screen a new candidate
          </Title>
          <ScreeningForm
            studyId={role.studyId}
            sites={mySites}
            onScreened={async (r: ScreeningResult) => {
              await queryClient.invalidateQueries({ queryKey: ['participants'] });
              choose({ ...r.participant, eligibility: r.eligibility });
              notifications.show({ color: r.participant.status === 'screen-failed' ? 'orange' : 'teal', message: `Screened: ${r.eligibility.eligible}` });
            }}
          />
        </Card>
      )}
    </Stack>
  );
}
