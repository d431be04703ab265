import { Alert, Badge, Card, Loader, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api, call } from '../api/client';
import { describeError } from '../api/errors';
import type { components } from '../api/schema';
import { siteCodeOf, useStudy } from '../hooks/use-study';

type ParticipantOverview = components['schemas']['ParticipantOverviewDto'];

/** Safety beside PML: participants with a serious adverse event recorded (the participants list's SAE flag). */
export function SaePanel({ studyId }: { studyId: string }) {
  const { data: study } = useStudy();
  const sae = useQuery({
    queryKey: ['dashboard', studyId, 'sae'],
    queryFn: async () =>
      (await call(api.GET('/api/v1/participants', { params: { query: { studyId, sae: true, limit: 50 } } }))) as {
        items: ParticipantOverview[];
      },
  });
  const items = sae.data?.items ?? [];
  return (
    <Card withBorder data-testid="sae-panel" style={{ borderColor: items.length ? 'var(--mantine-color-orange-filled)' : undefined }}>
      <Title order={3} size="h4" mb="xs">
        Safety: serious adverse events
      </Title>
      {sae.isPending && <Loader size="sm" aria-label="Loading serious adverse events" />}
      {sae.isError && <Alert color="red">{describeError(sae.error)}</Alert>}
      {sae.data && items.length === 0 && <Text c="dimmed">No serious adverse event recorded.</Text>}
      {items.length > 0 && (
        <Table>
          <Table.Tbody>
            {items.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  <Badge color="orange">SAE ×{p.seriousAdverseEventCount}</Badge>
                </Table.Td>
                <Table.Td>
                  <Link to={`/participants/${p.id}`}>{p.code ?? p.screeningNumber ?? `${siteCodeOf(study, p.siteId)} participant`}</Link>
                </Table.Td>
                <Table.Td>{siteCodeOf(study, p.siteId)}</Table.Td>
                <Table.Td>{p.pmlSuspected ? <Badge color="red">also PML suspicion</Badge> : null}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
