import { Alert, Button, Card, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { describeError, isApiError } from '../../api/errors';

/** Every IANA zone the browser knows; a site's zone decides what "today" is for its visits and infusions. */
const TIME_ZONES = Intl.supportedValuesOf('timeZone');

export function useAdminSites() {
  return useQuery({
    queryKey: ['admin', 'sites'],
    queryFn: async () => await call(api.GET('/api/v1/admin/sites', { params: { query: { limit: 200 } } })),
  });
}

/** Sites: code, name, country and time zone. */
export function SitesPanel() {
  const sites = useAdminSites();
  return (
    <Stack>
      <Card withBorder>
        <Title order={3} size="h4" mb="xs">
          Sites
        </Title>
        {sites.isError && <Alert color="red">{describeError(sites.error)}</Alert>}
        <Table striped data-testid="admin-sites">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Code</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>Country</Table.Th>
              <Table.Th>Time zone</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(sites.data?.items ?? []).map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>{s.code}</Table.Td>
                <Table.Td>{s.name}</Table.Td>
                <Table.Td>{s.country}</Table.Td>
                <Table.Td>{s.timezone}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      <CreateSiteCard />
    </Stack>
  );
}

function CreateSiteCard() {
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [country, setCountry] = useState('NL');
  const [timezone, setTimezone] = useState<string | null>('Europe/Amsterdam');
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = isApiError(problem) ? problem.fieldErrors() : {};

  const submit = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const site = await call(api.POST('/api/v1/admin/sites', { body: { code, name, country, timezone: timezone ?? '' } }));
      notifications.show({ color: 'teal', message: `Site ${site.code} created` });
      setCode('');
      setName('');
      await queryClient.invalidateQueries({ queryKey: ['admin', 'sites'] });
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="xs">
        New site
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
            description="2–20 capitals or digits"
            required
            value={code}
            onChange={(e) => setCode(e.currentTarget.value.toUpperCase())}
            error={fields.code}
            w={140}
          />
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fields.name} w={280} />
          <TextInput
            label="Country"
            description="ISO 3166 code"
            required
            value={country}
            onChange={(e) => setCountry(e.currentTarget.value.toUpperCase())}
            error={fields.country}
            w={110}
          />
          <Select
            label="Time zone"
            required
            searchable
            data={TIME_ZONES}
            value={timezone}
            onChange={setTimezone}
            error={fields.timezone}
            w={220}
            allowDeselect={false}
          />
        </Group>
        {problem !== null && Object.keys(fields).length === 0 && (
          <Alert color="red" mt="sm">
            {describeError(problem)}
          </Alert>
        )}
        <Group mt="sm">
          <Button type="submit" loading={busy}>
            Create site
          </Button>
          <Text size="xs" c="dimmed">
            Then add it to a study under Studies.
          </Text>
        </Group>
      </form>
    </Card>
  );
}
