import { Alert, Badge, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import type { PkModelSummary, PkPrediction, PkTargets } from './use-dosing';
import { PkCourseChart } from './pk-course-chart';

const r1 = (v: number | null) => (v === null ? '—' : (Math.round(v * 10) / 10).toFixed(1));
const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)} %`);

export interface PkCandidatesTableProps {
  pk: PkPrediction;
  models: PkModelSummary[];
  targets: PkTargets;
  /** The protocol's proposed interval (bold row). */
  proposedWeeks: number;
  onModel: (id: string | null) => void;
  onTarget: (ugPerMl: number | null) => void;
  /** The candidate whose course is drawn; a click on a row chooses it. */
  courseWeeks: number | null;
  onCourse: (weeks: number) => void;
}

/**
 * The advisory PK table of the dosing card (issue 15): per candidate interval the first trough after switching with
 * its 95 % prediction interval (residual error included), the steady-state trough with its 95 % interval, and
 * P(steady-state trough ≥ target) from the posterior; the model's validation status and what it does not apply
 * (body weight) always shown; the course plot of a chosen candidate below.
 */
export function PkCandidatesTable({
  pk,
  models,
  targets,
  proposedWeeks,
  onModel,
  onTarget,
  courseWeeks,
  onCourse,
}: PkCandidatesTableProps) {
  const target = pk.target?.ugPerMl ?? null;
  return (
    <Stack gap="xs" data-testid="pk-table">
      <Group justify="space-between" align="end">
        <Title order={3} size="h4">
          PK prediction per interval (advisory)
        </Title>
        <Group align="end">
          {targets.allowedTargets.length > 0 && (
            <Select
              label="Target trough"
              w={160}
              value={target === null ? null : String(target)}
              onChange={(v) => onTarget(v === null ? null : Number(v))}
              data={targets.allowedTargets.map((t) => ({
                value: String(t),
                label: `${t} µg/mL${t === targets.defaultTarget ? ' (protocol default)' : ''}`,
              }))}
              allowDeselect={false}
            />
          )}
          <Select
            label="Model"
            w={360}
            value={pk.model.id}
            onChange={onModel}
            data={models.map((m) => ({ value: m.id, label: `${m.label.slice(0, 60)}${m.isDefault ? ' (default)' : ' (comparison)'}` }))}
            allowDeselect={false}
          />
        </Group>
      </Group>
      <Text size="xs" c="dimmed" data-testid="pk-model-status">
        {pk.model.id} v{pk.model.version}: {pk.model.validationStatus}
      </Text>
      {pk.model.covariatesNotApplied.map((c) => (
        <Text size="xs" c="dimmed" key={c.name}>
          Not applied — {c.name}: {c.status}
        </Text>
      ))}
      {targets.allowedTargets.length === 0 && (
        <Text size="sm">The protocol defines no trough target: the table shows predictions only, no recommendation.</Text>
      )}
      {pk.validity.washout && <Alert color="orange">{pk.validity.messages.join(' ')}</Alert>}
      {pk.fitQuality && !pk.fitQuality.converged && <Alert color="red">The MAP fit did not converge: do not rely on this table.</Alert>}
      <Table withTableBorder striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Interval</Table.Th>
            <Table.Th>First trough after switching [95 % prediction interval]</Table.Th>
            <Table.Th>Steady-state trough [95 % interval]</Table.Th>
            <Table.Th>{target === null ? 'P(steady state ≥ target)' : `P(steady state ≥ ${target})`}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {pk.candidates.map((c) => (
            <Table.Tr
              key={c.intervalWeeks}
              fw={c.intervalWeeks === proposedWeeks ? 700 : undefined}
              bg={c.intervalWeeks === courseWeeks ? 'var(--mantine-color-orange-light)' : undefined}
              onClick={() => onCourse(c.intervalWeeks)}
              tabIndex={0}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  onCourse(c.intervalWeeks);
                }
              }}
              style={{ cursor: 'pointer' }}
              aria-label={`Show the course for ${c.intervalWeeks} weeks`}
            >
              <Table.Td>
                {c.intervalWeeks} wk {c.intervalWeeks === pk.recommendedIntervalWeeks && <Badge size="xs">model recommends</Badge>}{' '}
                {c.intervalWeeks === proposedWeeks && (
                  <Badge size="xs" color="gray">
                    protocol proposes
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                {r1(c.firstTroughAfterSwitchUgPerMl)} [{r1(c.firstTroughLower)}–{r1(c.firstTroughUpper)}] µg/mL
                {c.firstTroughOnlyWarning && (
                  <Text size="xs" c="orange" title={c.firstTroughOnlyWarning}>
                    first trough clears the target, steady state does not
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {r1(c.steadyStateTroughUgPerMl)} [{r1(c.lower)}–{r1(c.upper)}] µg/mL
              </Table.Td>
              <Table.Td>{pct(c.probabilityAtOrAboveTarget)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        Prediction interval: where a measured trough is expected (assay and residual error included). Steady-state interval and probability:
        the participant&apos;s true trough, from the posterior given the troughs so far ({pk.posterior.samples} draws, importance resampling
        of the Laplace approximation).{' '}
        {pk.target ? `Recommended: the longest interval with probability ≥ ${pct(pk.target.minProbability)}.` : ''} Click a row (or press
        Enter on it) to draw its course below and its band on the Course tab&apos;s plot.
      </Text>
      <PkCourseChart pk={pk} target={target} />
      <Text size="sm">{pk.rationale}</Text>
      <Text size="sm" fw={600}>
        {pk.advisory}
      </Text>
    </Stack>
  );
}
