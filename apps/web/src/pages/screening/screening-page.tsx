import { Alert, Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { describeError } from '../../api/errors';
import { useActiveRole } from '../../auth/auth-context';
import { DateField } from '../../components/date-field';
import { siteTimezone, useStudy } from '../../hooks/use-study';
import { siteToday } from '../../lib/site-calendar';
import { EligibilityChecklist } from '../participant/eligibility-checklist';
import { EvidenceForm } from './evidence-form';
import { ScreenFailDialog } from './screen-fail-dialog';
import { ScreeningForm } from './screening-form';
import { type Candidate, type ScreeningResult, useScreeningActions, useScreeningCandidates } from './use-screening';

const ELIGIBILITY_COLOR: Record<string, string> = { eligible: 'teal', not_eligible: 'red', unknown: 'yellow' };
const withEligibility = (r: ScreeningResult): Candidate => ({ ...r.participant, eligibility: r.eligibility });

/**
 * Screening (eligibility criterion by criterion), completing the evidence of an undecided candidate, screen
 * failures with their category and reason, and enrolment of an eligible candidate with the consent date.
 */
export function ScreeningPage() {
  const role = useActiveRole();
  const { data: study } = useStudy();
  const navigate = useNavigate();
  const actions = useScreeningActions();
  const [selected, setSelected] = useState<Candidate | null>(null);
  const [consentDate, setConsentDate] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [search, setSearch] = useState('');
  const [number] = useDebouncedValue(search, 300);
  const [failing, setFailing] = useState(false);
  const [completing, setCompleting] = useState(false);
  const candidates = useScreeningCandidates(role.studyId, number);
  const mySites = (study?.sites ?? []).filter((s) => role.siteCodes.includes(s.code));
  // The consent date defaults to the candidate's site-local today (the server refuses a later date).
  const choose = (p: Candidate) => {
    setSelected(p);
    setProblem(null);
    setCompleting(false);
    setConsentDate(siteToday(siteTimezone(study, p.siteId)));
  };
  const shown = candidates.data?.items ?? [];

  const screenFail = async (p: Candidate, category: Parameters<typeof actions.screenFail>[2], reason: string) => {
    // The site's calendar date: never a day ahead of the site.
    const failed = await actions.screenFail(p, siteToday(siteTimezone(study, p.siteId)), category, reason);
    notifications.show({ color: 'teal', message: `${p.screeningNumber}: screen failure recorded` });
    setSelected({ ...failed, eligibility: p.eligibility });
  };

  const enrol = async (p: Candidate) => {
    setProblem(null);
    try {
      const enrolled = await actions.enrol(p, consentDate ?? '');
      notifications.show({ color: 'teal', message: `Enrolled as ${enrolled.code}` });
      navigate(`/participants/${enrolled.id}`);
    } catch (e) {
      setProblem(e);
    }
  };

  const evidenceCompleted = (r: ScreeningResult) => {
    choose(withEligibility(r));
    notifications.show({
      color: r.participant.status === 'screen-failed' ? 'orange' : 'teal',
      message: `${r.participant.screeningNumber}: eligibility ${r.eligibility.eligible.replace('_', ' ')}`,
    });
  };

  return (
    <Stack>
      <Title order={2}>Screening & enrolment</Title>
      <Card withBorder>
        <Title order={3} size="h4" mb="xs">
          Candidates in screening
        </Title>
        <TextInput
          label="Find by screening number"
          description="The number or its beginning"
          placeholder="e.g. SCR-012"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={240}
          mb="xs"
        />
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
            {shown.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{p.screeningNumber}</Table.Td>
                <Table.Td>{p.screeningDate}</Table.Td>
                <Table.Td>
                  <Badge color={ELIGIBILITY_COLOR[p.eligibility.eligible] ?? 'yellow'} variant="light">
                    {p.eligibility.eligible.replace('_', ' ')}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Button size="compact-xs" variant="light" onClick={() => choose(p)} aria-label={`Review ${p.screeningNumber ?? ''}`}>
                    Review
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {candidates.data && shown.length === 0 && (
          <Text c="dimmed">{number.trim() ? 'No candidate in screening with this number.' : 'No candidate in screening.'}</Text>
        )}
      </Card>

      {selected && (
        <Card withBorder data-testid="screening-review">
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={3} size="h4">
                {selected.screeningNumber} — eligibility
              </Title>
              <Badge
                size="lg"
                data-testid="screening-eligibility"
                color={selected.status === 'screen-failed' ? 'red' : (ELIGIBILITY_COLOR[selected.eligibility.eligible] ?? 'yellow')}
              >
                {selected.status === 'screen-failed' ? 'screen failure' : selected.eligibility.eligible.replace('_', ' ')}
              </Badge>
            </Group>
            <EligibilityChecklist criteria={selected.eligibility.criteria} />
            {selected.screenFailReason && (
              <Alert color="red">
                Screen failure{selected.screenFailCategory ? ` (${selected.screenFailCategory.replaceAll('-', ' ')})` : ''}:{' '}
                {selected.screenFailReason}
              </Alert>
            )}
            {problem !== null && <Alert color="red">{describeError(problem)}</Alert>}
            {selected.status === 'screening' && (
              <Group>
                {selected.eligibility.eligible === 'unknown' && !completing && (
                  <Button variant="light" onClick={() => setCompleting(true)}>
                    Complete evidence…
                  </Button>
                )}
                <Button variant="outline" color="red" onClick={() => setFailing(true)}>
                  Record screen failure…
                </Button>
              </Group>
            )}
            {completing && selected.status === 'screening' && <EvidenceForm candidate={selected} onDone={evidenceCompleted} />}
            <ScreenFailDialog
              opened={failing}
              screeningNumber={selected.screeningNumber ?? ''}
              onClose={() => setFailing(false)}
              onConfirm={(category, reason) => screenFail(selected, category, reason)}
            />
            {selected.status === 'screening' && selected.eligibility.eligible === 'eligible' && (
              <Group align="end">
                <DateField label="Informed consent date" required value={consentDate} onValue={setConsentDate} />
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
            onScreened={(r) => {
              choose(withEligibility(r));
              notifications.show({
                color: r.participant.status === 'screen-failed' ? 'orange' : 'teal',
                message: `Screened: ${r.eligibility.eligible.replace('_', ' ')}`,
              });
            }}
          />
        </Card>
      )}
    </Stack>
  );
}
