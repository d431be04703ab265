import { Alert, Badge, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { describeError } from '../../api/errors';
import { ROLE_LABELS } from '../../auth/roles';
import { instant } from '../../lib/format';
import { useAdminStudies } from './studies-panel';

/** "Who held which role where on that day?" — rebuilt by the API from the audit trail (ICH E6(R3) 4.2). */
export function AccessReviewPanel() {
  const studies = useAdminStudies();
  const [date, setDate] = useState<string | null>(new Date().toISOString().slice(0, 10));
  const [study, setStudy] = useState<string | null>(null);
  const review = useQuery({
    queryKey: ['admin', 'access-review', date, study],
    queryFn: () => call(api.GET('/api/v1/admin/access-review', { params: { query: { date: date!, ...(study ? { study } : {}) } } })),
    enabled: !!date,
  });
  const r = review.data;
  return (
    <Stack>
      <Card withBorder>
        <Title order={3} size="h4">
          Access review
        </Title>
        <Text size="sm" mb="sm">
          Everyone who held a role at any moment of the chosen day (UTC), with who granted or revoked it and why — from the audit trail,
          including roles revoked since.
        </Text>
        <Group align="end">
          <DateInput
            label="Day"
            valueFormat="YYYY-MM-DD"
            value={date}
            onChange={setDate}
            w={160}
            popoverProps={{ position: 'bottom-start' }}
          />
          <Select
            label="Study"
            placeholder="All studies"
            clearable
            data={(studies.data?.items ?? []).map((s) => ({ value: s.id, label: s.code }))}
            value={study}
            onChange={setStudy}
            w={200}
          />
        </Group>
      </Card>
      {review.isError && <Alert color="red">{describeError(review.error)}</Alert>}
      {r && r.unauditedMemberships > 0 && (
        <Alert color="orange" title="The audit trail does not cover every role">
          {r.unauditedMemberships} role(s) in force have no grant in the audit trail; this review cannot vouch for them.
        </Alert>
      )}
      {r && (
        <Card withBorder>
          <Title order={4} size="h5" mb="xs">
            Study roles on {r.date}
          </Title>
          <Table.ScrollContainer minWidth={900}>
            <Table striped data-testid="access-review">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Study</Table.Th>
                  <Table.Th>Site</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Person</Table.Th>
                  <Table.Th>Granted (by, reason)</Table.Th>
                  <Table.Th>Revoked (by, reason)</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.roles.map((row) => (
                  <Table.Tr key={row.membershipId}>
                    <Table.Td>{row.studyCode}</Table.Td>
                    <Table.Td>{row.siteCode ?? 'all sites'}</Table.Td>
                    <Table.Td>{ROLE_LABELS[row.role] ?? row.role}</Table.Td>
                    <Table.Td>
                      {row.displayName} ({row.email})
                      {row.accountDeactivatedAt && (
                        <Badge ml={4} color="gray">
                          deactivated {instant(row.accountDeactivatedAt, 'UTC')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {instant(row.grantedAt, 'UTC')} · {row.grantedByName ?? 'system'} · {row.grantReason ?? '—'}
                    </Table.Td>
                    <Table.Td>
                      {row.revokedAt
                        ? `${instant(row.revokedAt, 'UTC')} · ${row.revokedByName ?? 'system'} · ${row.revokeReason ?? '—'}`
                        : 'still held'}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {r.roles.length === 0 && <Text c="dimmed">Nobody held a study role on that day.</Text>}
          <Title order={4} size="h5" mt="md" mb="xs">
            Platform administrators
          </Title>
          <Text size="sm">
            {r.admins
              .map(
                (a) =>
                  `${a.displayName} (${a.email})${a.accountDeactivatedAt ? `, deactivated ${instant(a.accountDeactivatedAt, 'UTC')}` : ''}`,
              )
              .join('; ') || '—'}
          </Text>
        </Card>
      )}
    </Stack>
  );
}
