import { Alert, Badge, Button, Card, Code, Group, Loader, NumberInput, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ApiError, describeError } from '../../api/errors';
import { instant } from '../../lib/format';
import { protocolOf } from '../../lib/protocols';
import { DecisionHistory } from './decision-history';
import { PkCandidatesTable } from './pk-candidates-table';
import { type PkSelection, useDosing, useRecordDecision } from './use-dosing';
import { type DosingDecisionDto, useDecisions } from './use-participant-data';

const DECISION_COLORS: Record<string, string> = {
  SUSPEND: 'red',
  EXTEND: 'teal',
  KEEP: 'blue',
  KEEP_AWAIT_TROUGH: 'gray',
  KEEP_MAX_REACHED: 'indigo',
  ACTIVITY_REVIEW: 'red',
  SHORTEN: 'orange',
};
/** Proposals a same-day decision may be superseded for (issue 13: new activity or a safety stop). */
const SUPERSEDING = new Set(['ACTIVITY_REVIEW', 'SUSPEND']);

/** The data a reason used, one line per item, readable (dates and values, units where the engine gave them). */
function show(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.length ? v.map(show).join('; ') : '—';
  if (typeof v === 'object')
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k} ${show(x)}`)
      .join(', ');
  return String(v);
}

function dataText(data: Record<string, unknown>): string[] {
  return Object.entries(data).map(([k, v]) => `${k}: ${show(v)}`);
}

/**
 * The dosing decision card: the protocol's proposal with every reason (clause, data, threshold), then the
 * investigator confirms it or overrides it with a reason. The PK table beside it is advisory; the protocol
 * rule decides. A proposal that changed meanwhile (409 PROPOSAL_CHANGED) is reloaded, never applied blind.
 */
export interface DosingCardProps {
  participantId: string;
  canDecide: boolean;
  /** The site's zone: recorded times are shown in it. */
  timeZone: string;
  /** PK choices, held by the page so the course plot draws the selected candidate's band. */
  pk: PkSelection;
  onPk: (next: PkSelection) => void;
}

export function DosingCard({ participantId, canDecide, timeZone, pk: sel, onPk }: DosingCardProps) {
  const [override, setOverride] = useState(false);
  const [intervalWeeks, setIntervalWeeks] = useState<number | string>('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<ApiError | Error | null>(null);
  const [recorded, setRecorded] = useState<DosingDecisionDto | null>(null);
  const dosing = useDosing(participantId, sel);
  const decisions = useDecisions(participantId);
  const record = useRecordDecision(participantId);
  const busy = record.isPending;

  if (dosing.isPending) return <Loader aria-label="Loading dosing proposal" />;
  if (dosing.isError) return <Alert color="red">{describeError(dosing.error)}</Alert>;
  const { proposal, protocol } = dosing.data;
  const pk = dosing.data.pk;
  const bounds = protocolOf(protocol.id, protocol.version)?.dosing;

  const minWeeks = bounds?.minIntervalWeeks?.value;
  const maxWeeks = bounds?.maxIntervalWeeks?.value;
  const chosen = intervalWeeks === '' ? null : Number(intervalWeeks);
  // Refused, never rewritten: a value outside the protocol bounds stays as typed and cannot be submitted.
  const outOfBounds =
    chosen !== null &&
    (!Number.isInteger(chosen) || (minWeeks !== undefined && chosen < minWeeks) || (maxWeeks !== undefined && chosen > maxWeeks));
  const suspended = proposal.decision === 'SUSPEND';
  const p0 = proposal.reasons.find((r) => r.clause === proposal.rule && r.text.startsWith('Dosing suspended'));

  // Today's decision, when one is recorded and still in force: the card says so instead of offering to decide again.
  const today = decisions.data?.items.find((d) => d.decidedOn === proposal.asOf && !d.supersededAt) ?? null;

  const canSupersede =
    SUPERSEDING.has(proposal.decision) &&
    ((problem instanceof ApiError && problem.code === 'DECISION_EXISTS') ||
      (today !== null && today.proposedDecision !== proposal.decision));
  const shown = today ?? recorded;

  const decide = async (action: 'confirm' | 'override', supersede = false) => {
    setProblem(null);
    setRecorded(null);
    const why = action === 'override' || supersede ? reason : note;
    try {
      const saved = await record.mutateAsync({
        action,
        basedOnProposal: { decision: proposal.decision, nextIntervalWeeks: proposal.nextIntervalWeeks, asOf: proposal.asOf },
        ...(action === 'override' ? { intervalWeeks: Number(intervalWeeks) } : {}),
        ...(why.trim() ? { reason: why } : {}),
        ...(supersede ? { supersede: true } : {}),
      });
      setRecorded(saved);
      notifications.show({ color: 'teal', message: action === 'confirm' ? 'Decision confirmed' : 'Override recorded' });
      setOverride(false);
      setReason('');
      setNote('');
    } catch (e) {
      setProblem(e as Error);
      if (e instanceof ApiError && e.code === 'PROPOSAL_CHANGED') await dosing.refetch();
    }
  };
  const fieldErrors = problem instanceof ApiError ? problem.fieldErrors() : {};

  return (
    <Stack>
      <Card withBorder data-testid="dosing-card">
        <Stack gap="sm">
          {suspended && (
            <Alert
              color="red"
              variant="filled"
              title="Dosing suspended — no infusion until the PML suspicion is resolved (rule P0)"
              data-testid="dosing-suspended"
              role="alert"
            >
              {proposal.pmlSuspicions.map((a) => (
                <Text key={a.id ?? a.onset} size="sm">
                  Open adverse event with PML suspicion: {a.term ?? 'adverse event'} (onset {a.onset})
                </Text>
              ))}
              {p0 && <Text size="xs">{p0.text}</Text>}
            </Alert>
          )}
          <Group justify="space-between" align="start">
            <div>
              <Title order={3} size="h4">
                Dosing decision
              </Title>
              <Text size="xs" c="dimmed">
                {protocol.title} — protocol {protocol.id} v{protocol.version}, as of {proposal.asOf}
              </Text>
            </div>
            <Badge size="xl" color={DECISION_COLORS[proposal.decision] ?? 'gray'} data-testid="dosing-decision">
              {proposal.decision}
            </Badge>
          </Group>
          <Group gap="xl">
            <Text>
              Interval <b>{proposal.currentIntervalWeeks} wk</b> → <b data-testid="dosing-next-interval">{proposal.nextIntervalWeeks} wk</b>
            </Text>
            <Text>
              Next infusion due <b>{proposal.nextInfusionDue ?? '—'}</b>
              {proposal.nextInfusionWindow && (
                <Text span size="sm" c="dimmed">
                  {' '}
                  (window {proposal.nextInfusionWindow.from} … {proposal.nextInfusionWindow.to})
                </Text>
              )}
            </Text>
            <Text size="sm" c="dimmed">
              rule {proposal.rule} · interval from {proposal.intervalSource}
            </Text>
          </Group>
          {proposal.investigatorReview && !suspended && (
            <Alert color="red" title="Investigator review required">
              Disease activity: the protocol asks for a clinical review before the next interval is set.
            </Alert>
          )}
          <Table withTableBorder data-testid="dosing-reasons">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={110}>Clause</Table.Th>
                <Table.Th>Reason</Table.Th>
                <Table.Th w={140}>Threshold</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {proposal.reasons.map((r, i) => (
                <Table.Tr key={`${r.clause}-${i}`}>
                  <Table.Td>
                    <Code>{r.clause}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.text}</Text>
                    {dataText(r.data).map((line) => (
                      <Text key={line} size="xs" c="dimmed">
                        {line}
                      </Text>
                    ))}
                  </Table.Td>
                  <Table.Td>{r.threshold !== undefined ? `${r.comparison ?? ''} ${r.threshold}` : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {protocol.caveat && (
            <Text size="xs" c="dimmed">
              {protocol.caveat}
            </Text>
          )}
          {problem && (
            <Alert
              color={problem instanceof ApiError && problem.code === 'PROPOSAL_CHANGED' ? 'yellow' : 'red'}
              title="Not recorded"
              role="alert"
            >
              {describeError(problem)}
            </Alert>
          )}
          {canDecide && canSupersede && (
            <Stack gap="xs" data-testid="dosing-supersede">
              <Text size="sm">
                Today's decision was taken before this {proposal.decision === 'SUSPEND' ? 'safety stop' : 'new disease activity'}. Record a
                superseding decision: the earlier one is kept and marked superseded.
              </Text>
              <Textarea
                label="Reason for superseding today's decision"
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                error={fieldErrors.reason}
                required
                autosize
                minRows={2}
              />
              <Group>
                <Button color="red" onClick={() => void decide('confirm', true)} loading={busy} disabled={!reason.trim()}>
                  Supersede with {proposal.decision}
                </Button>
              </Group>
            </Stack>
          )}
          {shown && !canSupersede && <RecordedDecision d={shown} timeZone={timeZone} />}
          {canDecide && !override && !canSupersede && !shown && (
            <Stack gap="xs">
              <Textarea
                label="Note for the record (optional)"
                description="Kept with the decision in its history and audit trail"
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
                autosize
                minRows={1}
                maxLength={2000}
              />
              <Group>
                <Button onClick={() => void decide('confirm')} loading={busy} color={suspended ? 'red' : undefined}>
                  {suspended ? 'Record the suspension' : `Confirm ${proposal.nextIntervalWeeks}-week interval`}
                </Button>
                {!suspended && (
                  <Button variant="default" onClick={() => setOverride(true)}>
                    Override…
                  </Button>
                )}
              </Group>
            </Stack>
          )}
          {canDecide && override && !shown && (
            <Stack gap="xs">
              <NumberInput
                label="Chosen interval (weeks)"
                description={
                  minWeeks !== undefined && maxWeeks !== undefined
                    ? `Protocol bounds ${minWeeks}–${maxWeeks} weeks (whole weeks)`
                    : undefined
                }
                min={minWeeks}
                max={maxWeeks}
                clampBehavior="none"
                allowDecimal={false}
                value={intervalWeeks}
                onChange={setIntervalWeeks}
                error={
                  outOfBounds
                    ? `Outside the protocol bounds ${minWeeks}–${maxWeeks} weeks: not accepted, not corrected`
                    : fieldErrors.intervalWeeks
                }
                data-testid="override-weeks"
                w={300}
                required
              />
              <Textarea
                label="Reason for overriding the protocol proposal"
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                error={fieldErrors.reason}
                required
                autosize
                minRows={2}
              />
              <Group>
                <Button color="orange" onClick={() => void decide('override')} loading={busy} disabled={outOfBounds || chosen === null}>
                  Record override
                </Button>
                <Button variant="default" onClick={() => setOverride(false)}>
                  Cancel
                </Button>
              </Group>
            </Stack>
          )}
        </Stack>
      </Card>

      {pk && (
        <Card withBorder>
          <PkCandidatesTable
            pk={pk}
            models={dosing.data.pkModels}
            targets={dosing.data.pkTargets}
            proposedWeeks={proposal.nextIntervalWeeks}
            onModel={(model) => onPk({ ...sel, model })}
            onTarget={(target) => onPk({ ...sel, target })}
            courseWeeks={pk.course?.projection.intervalWeeks ?? null}
            onCourse={(course) => onPk({ ...sel, course })}
          />
        </Card>
      )}
      <Card withBorder>
        <DecisionHistory participantId={participantId} timeZone={timeZone} />
      </Card>
    </Stack>
  );
}

/** Clear feedback once a decision is recorded (issue 17: the card looked unchanged after confirming). */
function RecordedDecision({ d, timeZone }: { d: DosingDecisionDto; timeZone: string }) {
  const what = d.action === 'override' ? `Override of ${d.proposedDecision} recorded` : `${d.proposedDecision} confirmed`;
  return (
    <Alert
      color="teal"
      variant="light"
      title={`Decision recorded for ${d.decidedOn}: ${what}`}
      role="status"
      data-testid="decision-recorded"
    >
      <Text size="sm">
        Interval {d.currentIntervalWeeks} → <b>{d.intervalWeeks} weeks</b>
        {d.nextInfusionDue ? `, next infusion due ${d.nextInfusionDue}` : ''}. Recorded {instant(d.createdAt, timeZone)}
        {d.decidedByName ? ` by ${d.decidedByName}` : ''}
        {d.reason ? ` — ${d.reason}` : ''}.
      </Text>
      <Text size="xs" c="dimmed">
        See the decision history below and the Course tab, where the new interval is drawn from this date.
      </Text>
    </Alert>
  );
}
