import { ActionIcon, Badge, Button, Group, Modal, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { describeError } from '../../api/errors';
import type { DataQueryDto as DataQuery } from './use-participant-data';
import type { RecordView, ScheduleVisit } from '../../api/views';
import { DERIVED_LABELS, DERIVED_UNITS, type FormSpec } from '../../forms/form-specs';
import { deleteRecord, verifyRecord } from '../../forms/record-api';
import { RecordForm } from '../../forms/record-form';
import { ReasonDialog } from '../../components/reason-dialog';
import { value } from '../../lib/format';
import type { EntryClosed } from './freeze-state';
import { RaiseQueryForm } from './raise-query-form';
import { RecordHistory } from './record-history';

export interface RecordsSectionProps {
  spec: FormSpec<never>;
  participantId: string;
  studyId: string;
  timeZone: string;
  records: RecordView[];
  visits: ScheduleVisit[];
  canEnter: boolean;
  /** For site roles when entry is closed (study or participant frozen/locked): shown at the disabled controls. */
  entryClosed?: EntryClosed | null;
  canVerify: boolean;
  canQuery: boolean;
  /** Open or answered queries by record id. */
  openQueries?: Map<string, DataQuery[]>;
}

function cell(spec: FormSpec<never>, record: RecordView, column: string): string {
  const unit = spec.fields.find((f) => f.name === column)?.unit ?? DERIVED_UNITS[column];
  const v = record[column];
  if (column === 'concentrationUgPerMl' && record.belowLloq) return '< LLOQ';
  const text = value(v);
  return unit && text !== '—' && typeof v === 'number' ? `${text} ${unit}` : text;
}

/** One eCRF form of a participant: its records (newest first), SDV state, history, entry and correction. */
export function RecordsSection({
  spec,
  participantId,
  studyId,
  timeZone,
  records,
  visits,
  canEnter,
  entryClosed,
  canVerify,
  canQuery,
  openQueries = new Map(),
}: RecordsSectionProps) {
  const frozenVisits = new Set(visits.filter((v) => v.frozen).map((v) => v.id));
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<RecordView | 'new' | null>(null);
  const [history, setHistory] = useState<RecordView | null>(null);
  const [querying, setQuerying] = useState<RecordView | null>(null);
  const [deleting, setDeleting] = useState<RecordView | null>(null);
  // Closing the entry dialog with unsaved input asks first (clicking outside it does nothing).
  const dirty = useRef(false);
  const closeEntry = () => {
    if (dirty.current && !window.confirm('Discard what you typed? It has not been saved.')) return;
    dirty.current = false;
    setEditing(null);
  };
  const when = (r: RecordView) => String(r[spec.dateField]);
  const sorted = [...records].sort((a, b) => String(b[spec.dateField]).localeCompare(String(a[spec.dateField])));
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['participant', participantId] });

  const unverified = records.filter((r) => !r.verifiedAt);
  const [verifyingAll, setVerifyingAll] = useState(false);
  /** SDV of the whole form at once (each record verified on its own version; a failure stops and says which). */
  const verifyAll = async () => {
    setVerifyingAll(true);
    try {
      for (const r of unverified) await verifyRecord(spec.key, participantId, r.id, r.version);
      notifications.show({ color: 'teal', message: `${spec.title}: ${unverified.length} record(s) verified` });
    } catch (e) {
      notifications.show({ color: 'red', message: describeError(e) });
    } finally {
      setVerifyingAll(false);
      await refresh();
    }
  };

  const verify = async (r: RecordView) => {
    try {
      await verifyRecord(spec.key, participantId, r.id, r.version);
      notifications.show({ color: 'teal', message: 'Source data verified' });
      await refresh();
    } catch (e) {
      notifications.show({ color: 'red', message: describeError(e) });
    }
  };

  return (
    <Stack gap="xs" data-testid={`records-${spec.key}`}>
      <Group justify="space-between">
        <Title order={3} size="h4">
          {spec.title}
        </Title>
        {canVerify && unverified.length > 0 && (
          <Button size="xs" variant="light" loading={verifyingAll} onClick={() => void verifyAll()}>
            Verify all {unverified.length} of this form
          </Button>
        )}
        {canEnter && (
          <Button size="xs" onClick={() => setEditing('new')}>
            New {spec.singular}
          </Button>
        )}
        {entryClosed && (
          <Group gap="xs">
            <Text size="xs">{entryClosed.short}: entry closed</Text>
            <Button size="xs" disabled title={entryClosed.detail}>
              New {spec.singular}
            </Button>
          </Group>
        )}
      </Group>
      {sorted.length === 0 ? (
        <Text c="dimmed" size="sm">
          No records.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                {spec.columns.map((c) => (
                  <Table.Th key={c}>{spec.fields.find((f) => f.name === c)?.label ?? DERIVED_LABELS[c] ?? c}</Table.Th>
                ))}
                <Table.Th>SDV</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sorted.map((r) => (
                <Table.Tr key={r.id}>
                  {spec.columns.map((c) => {
                    const onField = (openQueries.get(r.id) ?? []).filter((q) => q.field === c);
                    return (
                      <Table.Td key={c}>
                        {cell(spec, r, c)}
                        {onField.length > 0 && (
                          <Badge
                            color="orange"
                            variant="outline"
                            size="xs"
                            ml={4}
                            title={`Query ${onField.map((q) => q.status).join(', ')} on this field`}
                          >
                            query
                          </Badge>
                        )}
                      </Table.Td>
                    );
                  })}
                  <Table.Td>
                    {r.verifiedAt ? (
                      <Badge color="teal" variant="light">
                        verified
                      </Badge>
                    ) : canVerify ? (
                      <Button size="compact-xs" variant="light" onClick={() => void verify(r)}>
                        Verify
                      </Button>
                    ) : (
                      <Badge color="gray" variant="light">
                        not verified
                      </Badge>
                    )}
                    {(openQueries.get(r.id)?.length ?? 0) > 0 && (
                      <Badge color="orange" variant="light" ml={4} data-testid="record-query-marker">
                        {openQueries.get(r.id)!.length} open quer{openQueries.get(r.id)!.length > 1 ? 'ies' : 'y'}
                      </Badge>
                    )}
                    {r.warnings && r.warnings.length > 0 && (
                      <Tooltip label={r.warnings.map((w) => w.message || w.code).join('; ')}>
                        <Badge color="yellow" variant="light" ml={4}>
                          {r.warnings.length} warning{r.warnings.length > 1 ? 's' : ''}
                        </Badge>
                      </Tooltip>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {canEnter && (
                        <Button
                          size="compact-xs"
                          variant="default"
                          disabled={!!r.plannedVisitId && frozenVisits.has(r.plannedVisitId)}
                          title={
                            r.plannedVisitId && frozenVisits.has(r.plannedVisitId) ? 'Its visit is frozen by data management' : undefined
                          }
                          onClick={() => setEditing(r)}
                          aria-label={`Correct ${spec.title} of ${String(r[spec.dateField])}`}
                        >
                          Correct
                        </Button>
                      )}
                      {canEnter && (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          disabled={!!r.plannedVisitId && frozenVisits.has(r.plannedVisitId)}
                          onClick={() => setDeleting(r)}
                          aria-label={`Delete ${spec.title} of ${when(r)}`}
                        >
                          Delete
                        </Button>
                      )}
                      {canQuery && (
                        <Button
                          size="compact-xs"
                          variant="light"
                          color="orange"
                          onClick={() => setQuerying(r)}
                          aria-label={`Query ${spec.title} of ${String(r[spec.dateField])}`}
                        >
                          Query
                        </Button>
                      )}
                      <ActionIcon
                        variant="subtle"
                        onClick={() => setHistory(r)}
                        aria-label={`History of ${spec.title} of ${String(r[spec.dateField])}`}
                      >
                        ⟲
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal
        opened={editing !== null}
        onClose={closeEntry}
        closeOnClickOutside={false}
        title={editing === 'new' ? `New — ${spec.title}` : `Correct — ${spec.title}`}
        size="lg"
      >
        {editing !== null && (
          <RecordForm
            spec={spec}
            participantId={participantId}
            record={editing === 'new' ? null : editing}
            visits={visits}
            existing={records}
            onDirtyChange={(d) => {
              dirty.current = d;
            }}
            onCancel={closeEntry}
            onSaved={async () => {
              dirty.current = false;
              setEditing(null);
              await refresh();
            }}
          />
        )}
      </Modal>
      <ReasonDialog
        opened={deleting !== null}
        title={`Delete ${spec.singular} of ${deleting ? when(deleting) : ''}`}
        description="The record is marked deleted, not erased: it stays in its history and the audit trail."
        confirmLabel="Delete"
        danger
        onClose={() => setDeleting(null)}
        onConfirm={async (reason) => {
          if (!deleting) return;
          await deleteRecord(spec.key, participantId, deleting.id, deleting.version, reason);
          notifications.show({ color: 'teal', message: `${spec.title}: deleted (kept in the audit trail)` });
          await refresh();
        }}
      />
      <Modal opened={querying !== null} onClose={() => setQuerying(null)} title={`Raise a query — ${spec.title}`} size="lg">
        {querying && (
          <RaiseQueryForm
            spec={spec}
            participantId={participantId}
            record={querying}
            onDone={() => {
              setQuerying(null);
              notifications.show({ color: 'teal', message: 'Query raised' });
              void refresh();
            }}
          />
        )}
      </Modal>
      <Modal opened={history !== null} onClose={() => setHistory(null)} title={`History — ${spec.title}`} size="xl">
        {history && <RecordHistory studyId={studyId} recordId={history.id} timeZone={timeZone} />}
      </Modal>
    </Stack>
  );
}
