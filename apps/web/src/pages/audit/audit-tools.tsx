import { Alert, Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { describeError } from '../../api/errors';
import type { components } from '../../api/schema';
import type { AuditEventPage, AuditEventView } from '../../api/views';
import { download, toCsv } from '../../lib/csv';
import { value } from '../../lib/format';

type ChainReport = components['schemas']['ChainReportDto'];

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
  canVerify,
  fetchPage,
  fileLabel,
}: {
  studyId: string | null;
  /** Monitors, data managers and administrators verify (issue 16); investigators read their site's rows only. */
  canVerify: boolean;
  fetchPage(cursor?: string): Promise<AuditEventPage>;
  fileLabel: string;
}) {
  const [report, setReport] = useState<ChainReport | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState<'verify' | 'export' | null>(null);
  const [progress, setProgress] = useState<string | null>(null);

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
  /** Verification is a job (issue 16): start it, then poll until done, showing progress. */
  const verify = () =>
    run('verify', async () => {
      setProgress(null);
      let job = studyId
        ? await call(api.POST('/api/v1/audit/verifications', { body: { studyId } }))
        : await call(api.POST('/api/v1/audit/platform/verifications', { body: {} }));
      while (job.status === 'queued' || job.status === 'running') {
        setProgress(`${job.checkedLinks} of ${job.totalLinks} links checked`);
        await new Promise((r) => setTimeout(r, 500));
        const id = job.id;
        job = studyId
          ? await call(
              api.GET('/api/v1/audit/verifications/{verificationId}', {
                params: { path: { verificationId: id }, query: { study: studyId } },
              }),
            )
          : await call(api.GET('/api/v1/audit/platform/verifications/{verificationId}', { params: { path: { verificationId: id } } }));
      }
      setProgress(null);
      if (job.status === 'failed' || !job.report)
        throw new Error('The verification could not finish; try again or ask the platform administrator.');
      setReport(job.report);
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
        {canVerify && (
          <Button variant="light" loading={busy === 'verify'} onClick={() => void verify()}>
            Verify the hash chain
          </Button>
        )}
        {progress && <Text size="sm">{progress}</Text>}
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
