import { Badge, Table, Text } from '@mantine/core';
import type { EligibilityCriterion } from '../../api/views';

const COLORS = { met: 'teal', not_met: 'red', unknown: 'yellow' } as const;
const LABELS = { met: 'met', not_met: 'not met', unknown: 'unknown' } as const;

/**
 * The criteria of a participant's stored eligibility (the schema leaves it an open object): each entry is
 * checked, so a malformed one is left out rather than drawn wrong.
 */
export function criteriaOf(eligibility: Record<string, unknown>): EligibilityCriterion[] {
  const list = eligibility.criteria;
  if (!Array.isArray(list)) return [];
  return list.filter(isCriterion);
}

function isCriterion(c: unknown): c is EligibilityCriterion {
  if (typeof c !== 'object' || c === null) return false;
  const o = c as Record<string, unknown>;
  return typeof o.id === 'string' && typeof o.label === 'string' && typeof o.evidence === 'string' && typeof o.status === 'string';
}

/** The protocol's entry criteria, criterion by criterion: status, the evidence used and its window. */
export function EligibilityChecklist({ criteria }: { criteria: EligibilityCriterion[] }) {
  return (
    <Table withTableBorder data-testid="eligibility-checklist">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={60}>Clause</Table.Th>
          <Table.Th>Criterion</Table.Th>
          <Table.Th w={100}>Status</Table.Th>
          <Table.Th>Evidence</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {criteria.map((c) => (
          <Table.Tr key={c.id}>
            <Table.Td>{c.id}</Table.Td>
            <Table.Td>
              {c.label}
              {c.clauseStatus && c.clauseStatus !== 'confirmed' && (
                <Text size="xs" c="dimmed">
                  clause {c.clauseStatus}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Badge color={COLORS[c.status]} variant="light">
                {LABELS[c.status]}
              </Badge>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{c.evidence}</Text>
              {c.window && (
                <Text size="xs" c="dimmed">
                  window {c.window.from} … {c.window.to}
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
