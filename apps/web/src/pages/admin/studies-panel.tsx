import { Alert, Badge, Button, Card, Group, MultiSelect, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AdminStudyView } from '../../api/admin-views';
import { api, call } from '../../api/client';
import { describeError, isApiError } from '../../api/errors';
import { ROLE_LABELS } from '../../auth/roles';
import { ReasonDialog } from '../../components/reason-dialog';
import { protocolChoices } from '../../lib/protocols';
import { useAdminSites } from './sites-panel';

const MFA_ROLE_CHOICES = Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }));
export const STUDY_STATUS_COLORS: Record<string, string> = { design: 'gray', active: 'teal', frozen: 'blue', locked: 'dark' };

export function useAdminStudies() {
  return useQuery({
    queryKey: ['admin', 'studies'],
    queryFn: async () => await call(api.GET('/api/v1/admin/studies', { params: { query: { limit: 200 } } })),
  });
}

/** Studies: create bound to a protocol file version, activate, and the sites taking part. */
export function StudiesPanel() {
  const studies = useAdminStudies();
  const [selected, setSelected] = useState<string | null>(null);
  const study = studies.data?.items.find((s) => s.id === selected) ?? null;
  return (
    <Stack>
      <Card withBorder>
        <Title order={3} size="h4" mb="xs">
          Studies
        </Title>
        {studies.isError && <Alert color="red">{describeError(studies.error)}</Alert>}
        <Table striped data-testid="admin-studies">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Code</Table.Th>
              <Table.Th>Title</Table.Th>
              <Table.Th>Protocol</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Second factor required for</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(studies.data?.items ?? []).map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>{s.code}</Table.Td>
                <Table.Td>{s.title}</Table.Td>
                <Table.Td>
                  {s.protocolId} v{s.protocolVersion}
                </Table.Td>
                <Table.Td>
                  <Badge color={STUDY_STATUS_COLORS[s.status] ?? 'gray'}>{s.status}</Badge>
                </Table.Td>
                <Table.Td>{s.mfaRequiredRoles.map((r) => ROLE_LABELS[r] ?? r).join(', ') || '—'}</Table.Td>
                <Table.Td>
                  <Button size="compact-sm" variant="light" onClick={() => setSelected(s.id)} aria-label={`Manage study ${s.code}`}>
                    Manage
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      {study && <StudyCard key={study.id} study={study} />}
      <CreateStudyCard />
    </Stack>
  );
}

function StudyCard({ study }: { study: AdminStudyView }) {
  const queryClient = useQueryClient();
  const sites = useAdminSites();
  const [activating, setActivating] = useState(false);
  const [togglingShift, setTogglingShift] = useState(false);
  const [siteId, setSiteId] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const studySites = useQuery({
    queryKey: ['admin', 'studies', study.id, 'sites'],
    queryFn: async () => await call(api.GET('/api/v1/admin/studies/{studyId}/sites', { params: { path: { studyId: study.id } } })),
  });
  const taking = new Set((studySites.data ?? []).map((l) => l.siteId));
  const addSite = async () => {
    if (!siteId) return;
    setProblem(null);
    try {
      await call(api.POST('/api/v1/admin/studies/{studyId}/sites', { params: { path: { studyId: study.id } }, body: { siteId } }));
      setSiteId(null);
      notifications.show({ color: 'teal', message: `Site added to ${study.code}` });
      await queryClient.invalidateQueries({ queryKey: ['admin', 'studies', study.id, 'sites'] });
      await queryClient.invalidateQueries({ queryKey: ['studies'] });
    } catch (e) {
      setProblem(e);
    }
  };
  return (
    <Card withBorder data-testid="admin-study">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4">
          {study.code} — {study.title}
        </Title>
        {study.status === 'design' && <Button onClick={() => setActivating(true)}>Activate study</Button>}
      </Group>
      <Text size="sm" mb="xs">
        Bound to protocol {study.protocolId} version {study.protocolVersion}. Freezing and locking are data-manager actions.
      </Text>
      <Group mb="xs" data-testid="admin-study-date-shift">
        <Text size="sm">
          Statisticians&apos; dates: {study.pseudonymisationDateShift ? 'shifted per participant (API and exports)' : 'real dates'}
        </Text>
        <Button size="compact-sm" variant="light" onClick={() => setTogglingShift(true)}>
          {study.pseudonymisationDateShift ? 'Stop shifting dates' : 'Shift dates'}
        </Button>
      </Group>
      <Title order={4} size="h5">
        Participating sites
      </Title>
      <Table data-testid="admin-study-sites">
        <Table.Tbody>
          {(studySites.data ?? []).map((l) => (
            <Table.Tr key={l.id}>
              <Table.Td>{l.site.code}</Table.Td>
              <Table.Td>{l.site.name}</Table.Td>
              <Table.Td>{l.site.timezone}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group align="end" mt="sm">
        <Select
          label="Add a site"
          placeholder="Choose a site"
          searchable
          data={(sites.data?.items ?? []).filter((s) => !taking.has(s.id)).map((s) => ({ value: s.id, label: `${s.code} — ${s.name}` }))}
          value={siteId}
          onChange={setSiteId}
          w={320}
        />
        <Button variant="light" disabled={!siteId} onClick={() => void addSite()}>
          Add site to study
        </Button>
      </Group>
      {problem !== null && (
        <Alert color="red" mt="sm">
          {describeError(problem)}
        </Alert>
      )}
      <ReasonDialog
        opened={activating}
        title={`Activate ${study.code}`}
        description="Sites can then screen and enrol participants."
        confirmLabel="Activate"
        onClose={() => setActivating(false)}
        onConfirm={async (reason) => {
          await call(
            api.PATCH('/api/v1/admin/studies/{studyId}', {
              params: { path: { studyId: study.id } },
              body: { status: 'active', version: study.version, reason },
            }),
          );
          await queryClient.invalidateQueries({ queryKey: ['admin', 'studies'] });
        }}
      />
      <ReasonDialog
        opened={togglingShift}
        title={study.pseudonymisationDateShift ? `Stop shifting dates in ${study.code}` : `Shift dates in ${study.code}`}
        description="Pseudonymised data (what statisticians read through the API, and pseudonymised exports) has every date shifted by a per-participant offset; only date-shifted pseudonymised exports are made (docs/security.md)."
        confirmLabel={study.pseudonymisationDateShift ? 'Stop shifting' : 'Shift dates'}
        onClose={() => setTogglingShift(false)}
        onConfirm={async (reason) => {
          await call(
            api.PATCH('/api/v1/admin/studies/{studyId}', {
              params: { path: { studyId: study.id } },
              body: { pseudonymisationDateShift: !study.pseudonymisationDateShift, version: study.version, reason },
            }),
          );
          await queryClient.invalidateQueries({ queryKey: ['admin', 'studies'] });
        }}
      />
    </Card>
  );
}

function CreateStudyCard() {
  const queryClient = useQueryClient();
  const protocols = protocolChoices();
  const [code, setCode] = useState('');
  const [title, setTitle] = useState('');
  const [protocol, setProtocol] = useState<string | null>(null);
  const [mfaRoles, setMfaRoles] = useState<string[]>([]);
  const [problem, setProblem] = useState<unknown>(null);
  const fields = isApiError(problem) ? problem.fieldErrors() : {};
  const submit = async () => {
    setProblem(null);
    const chosen = protocols.find((p) => `${p.id}@${p.version}` === protocol);
    try {
      const study = await call(
        api.POST('/api/v1/admin/studies', {
          body: { code, title, protocolId: chosen?.id ?? '', protocolVersion: chosen?.version ?? '', mfaRequiredRoles: mfaRoles as never },
        }),
      );
      notifications.show({ color: 'teal', message: `Study ${study.code} created (status design)` });
      setCode('');
      setTitle('');
      await queryClient.invalidateQueries({ queryKey: ['admin', 'studies'] });
    } catch (e) {
      setProblem(e);
    }
  };
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="xs">
        New study
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Group align="start">
          <TextInput
            label="Code"
            required
            value={code}
            onChange={(e) => setCode(e.currentTarget.value.toUpperCase())}
            error={fields.code}
            w={160}
          />
          <TextInput label="Title" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={fields.title} w={320} />
          <Select
            label="Protocol version"
            required
            data={protocols.map((p) => ({ value: `${p.id}@${p.version}`, label: `${p.id} v${p.version} — ${p.title}` }))}
            value={protocol}
            onChange={setProtocol}
            error={fields.protocolId ?? fields.protocolVersion}
            w={320}
          />
          <MultiSelect
            label="Second factor required for"
            data={MFA_ROLE_CHOICES}
            value={mfaRoles}
            onChange={setMfaRoles}
            error={fields.mfaRequiredRoles}
            w={300}
          />
        </Group>
        {problem !== null && Object.keys(fields).length === 0 && (
          <Alert color="red" mt="sm">
            {describeError(problem)}
          </Alert>
        )}
        <Button type="submit" mt="sm">
          Create study
        </Button>
      </form>
    </Card>
  );
}
