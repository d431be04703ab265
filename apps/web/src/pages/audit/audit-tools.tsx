import { Alert, Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { describeError } from '../../api/errors';
import type { AuditEventView, Page } from '../../api/views';
import { download, toCsv } from '../../lib/csv';
import { value } from '../../lib/format';

interface ChainReport {
  chain: string;
  checkedEvents: number;
  intact: boolean;
  firstBrokenLink: { seq: string; id: string; problem: string; occurredAt: string | null } | null;
  unsealed: { count: number; oldestId: string; oldestOccurredAt: string } | null;
}

const EXPORT_LIMIT = 20_000;
const HEADER = [
  'seq',
  'occurredAt (UTC)',
  'actor',
  'actorRole',
  'action',
  'entityType',
  'entityId',
  'participantId',
  'siteId',
  'changes',
  'reason',
  'correlationId',
];

/** Verify the hash chain (showing the result) and export the filtered trail as CSV. studyId null: the platform chain. */
export function AuditTools({
  studyId,
  fetchPage,
  fileLabel,
}: {
  studyId: string | null;
  fetchPage(cursor?: string): Promise<Page<AuditEventView>>;
  fileLabel: string;
}) {
  const [report, setReport] = useState<ChainReport | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState<'verify' | 'export' | null>(null);

  const run = async (what: 'verify' | 'export', job: () => Promise<void>) => {
    setBusy(what);
    setProblem(null);
    try {
      await job();
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(null);
    }
  };
  const verify = () =>
    run('verify', async () => {
      const r = studyId
        ? await call(api.GET('/api/v1/audit/verify', { params: { query: { study: studyId } } }))
        : await call(api.GET('/api/v1/audit/platform/verify'));
      setReport(r as unknown as ChainReport);
    });
  const exportCsv = () =>
    run('export', async () => {
      const rows: AuditEventView[] = [];
      let cursor: string | undefined;
      do {
        const page = await fetchPage(cursor);
        rows.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && rows.length < EXPORT_LIMIT);
      const changes = (e: AuditEventView) =>
        Object.entries(e.changes ?? {})
          .map(([f, c]) => `${f}: ${value(c.old)} → ${value(c.new)}`)
          .join('; ');
      const csv = toCsv(
        HEADER,
        rows.map((e) => [
          e.seq,
          e.occurredAt,
          e.actorName ?? 'system',
          e.actorRole,
          e.action,
          e.entityType,
          e.entityId,
          e.participantId,
          e.siteId,
          changes(e),
          e.reason,
          e.correlationId,
        ]),
      );
      download(`audit-${fileLabel}-${new Date().toISOString().slice(0, 10)}.csv`, csv);
    });

  return (
    <>
      <Group>
        <Button variant="light" loading={busy === 'verify'} onClick={() => void verify()}>
          Verify the hash chain
        </Button>
        <Button variant="default" loading={busy === 'export'} onClick={() => void exportCsv()}>
          Export CSV (filtered)
        </Button>
      </Group>
      {problem !== null && <Alert color="red">{describeError(problem)}</Alert>}
      {report && (
        <Alert
          color={report.intact ? 'teal' : 'red'}
          title={report.intact ? 'Audit chain intact' : 'Audit chain NOT intact'}
          data-testid="verify-result"
        >
          <Text size="sm">
            {report.checkedEvents} events checked in {report.chain === 'platform' ? 'the platform chain' : "this study's chain"}.
            {report.firstBrokenLink && ` First broken link: position ${report.firstBrokenLink.seq} (${report.firstBrokenLink.problem}).`}
            {report.unsealed && ` ${report.unsealed.count} event(s) not sealed into the chain, oldest ${report.unsealed.oldestOccurredAt}.`}
          </Text>
        </Alert>
      )}
    </>
  );
}
