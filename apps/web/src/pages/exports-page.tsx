import { Alert, Anchor, Button, Card, Checkbox, Group, MultiSelect, Progress, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../api/client';
import { describeError } from '../api/errors';
import type { components } from '../api/schema';
import { useActiveRole } from '../auth/auth-context';

type S = components['schemas'];
type Job = S['ExportJobView'];
type HistoryItem = S['ExportHistoryItemView'];
const FORMS: NonNullable<S['CreateExportDto']['forms']> = [
  'infusion',
  'trough_sample',
  'jcv_test',
  'relapse',
  'mri_scan',
  'edss_assessment',
  'adverse_event',
  'clinic_visit',
];

/**
 * Exports run as a job on the queue: the page starts one, shows its progress (rows done / total) and offers
 * the file when it is ready. The download goes through the API with the bearer token (audited there).
 */
export function ExportsPage() {
  const role = useActiveRole();
  const studyId = role.studyId;
  const statistician = role.role === 'statistician';
  const [format, setFormat] = useState<S['CreateExportDto']['format']>('csv');
  const [shape, setShape] = useState<S['CreateExportDto']['shape']>('long');
  const [pseudonymisation, setPseudonymisation] = useState<S['CreateExportDto']['pseudonymisation']>('pseudonymised');
  const [forms, setForms] = useState<string[]>([]);
  const [includeAudit, setIncludeAudit] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [downloaded, setDownloaded] = useState<string | null>(null);

  const job = useQuery({
    queryKey: ['export', jobId],
    queryFn: async () =>
      (await call(api.GET('/api/v1/studies/{studyId}/exports/{jobId}', { params: { path: { studyId, jobId: jobId! } } }))) as Job,
    enabled: !!jobId,
    refetchInterval: (q) => (q.state.data && ['completed', 'failed', 'expired'].includes(q.state.data.status) ? false : 1000),
  });

  const start = async () => {
    setProblem(null);
    setDownloaded(null);
    try {
      const created = (await call(
        api.POST('/api/v1/studies/{studyId}/exports', {
          params: { path: { studyId } },
          body: {
            format,
            shape,
            pseudonymisation,
            ...(forms.length ? { forms: forms as S['CreateExportDto']['forms'] } : {}),
            ...(includeAudit ? { includeAudit } : {}),
          },
        }),
      )) as Job;
      setJobId(created.id);
    } catch (e) {
      setProblem(e);
    }
  };

  const history = useQuery({
    queryKey: ['exports', studyId, job.data?.status],
    queryFn: async () => (await call(api.GET('/api/v1/studies/{studyId}/exports', { params: { path: { studyId } } }))) as HistoryItem[],
  });

  const download = async (id: string, fileName: unknown) => {
    try {
      const { data, response } = await api.GET('/api/v1/studies/{studyId}/exports/{jobId}/file', {
        params: { path: { studyId, jobId: id } },
        parseAs: 'blob',
      });
      if (!response.ok || !data) throw new Error(`Download failed (HTTP ${response.status})`);
      const name = String(fileName ?? 'export');
      const url = URL.createObjectURL(data as Blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setDownloaded(name);
    } catch (e) {
      setProblem(e);
    }
  };

  const progress = job.data?.progress;
  const total = typeof progress?.rowsTotal === 'number' ? progress.rowsTotal : null;
  const pct = job.data?.status === 'completed' ? 100 : total ? Math.min(100, (progress!.rowsDone / total) * 100) : 0;

  return (
    <Stack maw={1000}>
      <Title order={2}>Exports</Title>
      <Card withBorder>
        <Stack gap="sm">
          <Group grow>
            <Select
              label="Format"
              data={[
                { value: 'csv', label: 'CSV (zip)' },
                { value: 'xlsx', label: 'Excel (XLSX)' },
                { value: 'odm', label: 'CDISC ODM 1.3.2' },
                { value: 'json', label: 'CDISC Dataset-JSON 1.1 (zip)' },
                { value: 'ndjson', label: 'CDISC Dataset-JSON 1.1, NDJSON (zip)' },
              ]}
              value={format}
              onChange={(v) => v && setFormat(v as typeof format)}
              allowDeselect={false}
            />
            <Select
              label="Shape"
              data={[
                { value: 'long', label: 'Long (one row per observation)' },
                { value: 'wide', label: 'Wide (participant-visit rows)' },
              ]}
              value={shape}
              onChange={(v) => v && setShape(v as typeof shape)}
              allowDeselect={false}
            />
          </Group>
          <Select
            label="Pseudonymisation"
            description={statistician ? 'Statisticians always receive pseudonymised data' : undefined}
            data={[
              { value: 'pseudonymised', label: 'Pseudonymised (codes only, no screening numbers, free text removed)' },
              { value: 'pseudonymised-date-shifted', label: 'Pseudonymised with per-participant date shift' },
              ...(statistician ? [] : [{ value: 'none', label: 'None (identifying data included)' }]),
            ]}
            value={pseudonymisation}
            onChange={(v) => v && setPseudonymisation(v as typeof pseudonymisation)}
            allowDeselect={false}
          />
          <MultiSelect label="Forms" placeholder="All forms" data={FORMS} value={forms} onChange={setForms} clearable />
          {role.role === 'data-manager' && (
            <Checkbox label="Include the audit trail" checked={includeAudit} onChange={(e) => setIncludeAudit(e.currentTarget.checked)} />
          )}
          <Group>
            <Button
              onClick={() => void start()}
              disabled={!!jobId && !['completed', 'failed', 'expired'].includes(job.data?.status ?? 'queued')}
            >
              Start export
            </Button>
          </Group>
        </Stack>
      </Card>
      {problem !== null && <Alert color="red">{describeError(problem)}</Alert>}
      {jobId && (
        <Card withBorder data-testid="export-job">
          <Stack gap="xs">
            <Group justify="space-between">
              <Text fw={600}>
                Export {job.data?.format?.toUpperCase()} · {job.data?.shape}
              </Text>
              <Text data-testid="export-status">{job.data?.status ?? 'queued'}</Text>
            </Group>
            <Progress value={pct} size="lg" striped animated={job.data?.status === 'running'} aria-label="Export progress" />
            <Text size="sm" c="dimmed">
              {progress ? `${progress.rowsDone} ${total ? `of ${total} ` : ''}rows` : 'waiting for a worker'}
              {job.data?.snapshotAt ? ` · snapshot ${String(job.data.snapshotAt)}` : ''}
            </Text>
            {job.data?.status === 'failed' && <Alert color="red">{String(job.data.error ?? 'The export failed')}</Alert>}
            {job.data?.status === 'completed' && (
              <Group>
                <Button onClick={() => void download(job.data!.id, job.data!.fileName)}>Download {String(job.data.fileName ?? '')}</Button>
                <Text size="xs" c="dimmed">
                  {job.data.sizeBytes ? `${Math.round(Number(job.data.sizeBytes) / 1024)} KiB` : ''} · SHA-256{' '}
                  {String(job.data.sha256 ?? '').slice(0, 16)}…
                </Text>
              </Group>
            )}
            {downloaded && (
              <Text size="sm" c="teal" data-testid="export-downloaded">
                Downloaded <Anchor component="span">{downloaded}</Anchor>
              </Text>
            )}
          </Stack>
        </Card>
      )}
      <ExportHistory items={history.data ?? []} onDownload={(j) => void download(j.id, j.fileName)} />
    </Stack>
  );
}

/** Earlier exports (yours; a data manager sees the study's): a completed file of your own can be downloaded again until it expires. */
function ExportHistory({ items, onDownload }: { items: HistoryItem[]; onDownload: (j: HistoryItem) => void }) {
  if (!items.length) return null;
  return (
    <Card withBorder data-testid="export-history">
      <Stack gap="xs">
        <Title order={4}>Earlier exports</Title>
        <Table.ScrollContainer minWidth={760}>
          <Table striped fz="sm" style={{ whiteSpace: 'nowrap' }}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Created</Table.Th>
                <Table.Th>Format</Table.Th>
                <Table.Th>Pseudonymisation</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th>SHA-256</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((j) => (
                <Table.Tr key={j.id}>
                  <Table.Td>{new Date(String(j.createdAt)).toISOString().slice(0, 16).replace('T', ' ')}</Table.Td>
                  <Table.Td>
                    {j.format} · {j.shape}
                  </Table.Td>
                  <Table.Td>{j.pseudonymisation}</Table.Td>
                  <Table.Td>{j.status}</Table.Td>
                  <Table.Td>{j.sizeBytes ? `${Math.round(Number(j.sizeBytes) / 1024)} KiB` : ''}</Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace" title={String(j.sha256 ?? '')}>
                      {j.sha256 ? `${String(j.sha256).slice(0, 12)}…` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>{j.expiresAt ? new Date(String(j.expiresAt)).toISOString().slice(0, 16).replace('T', ' ') : ''}</Table.Td>
                  <Table.Td>
                    {j.status === 'completed' && j.mine ? (
                      <Button size="xs" variant="light" onClick={() => onDownload(j)}>
                        Download
                      </Button>
                    ) : (
                      !j.mine && (
                        <Text size="xs" c="dimmed">
                          another user’s
                        </Text>
                      )
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Card>
  );
}
