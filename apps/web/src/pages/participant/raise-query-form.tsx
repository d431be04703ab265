import { Alert, Button, Group, Select, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { ApiError, describeError } from '../../api/errors';
import type { RecordView } from '../../api/views';
import type { FormSpec } from '../../forms/form-specs';

/** A monitor or data manager asks the site about one field of one record (open → answered → closed). */
export function RaiseQueryForm({
  spec,
  participantId,
  record,
  onDone,
}: {
  spec: FormSpec<never>;
  participantId: string;
  record: RecordView;
  onDone(): void;
}) {
  const [field, setField] = useState<string | null>(spec.fields[0]?.name ?? null);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = problem instanceof ApiError ? problem.fieldErrors() : {};
  const submit = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await call(
        api.POST('/api/v1/participants/{participantId}/queries', {
          params: { path: { participantId } },
          body: { entityType: spec.entityType, recordId: record.id, field: field ?? '', text },
        }),
      );
      onDone();
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="sm">
      {problem !== null && <Alert color="red">{describeError(problem)}</Alert>}
      <Select
        label="Field"
        required
        data={spec.fields.map((f) => ({
          value: f.name,
          label: `${f.label} — current: ${String(record[f.name] ?? '—')}${f.unit ? ` ${f.unit}` : ''}`,
        }))}
        value={field}
        onChange={setField}
        error={errors.field}
      />
      <Textarea
        label="Question for the site"
        required
        autosize
        minRows={3}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        error={errors.text}
      />
      <Group justify="flex-end">
        <Button onClick={() => void submit()} loading={busy} disabled={!text.trim() || !field}>
          Raise query
        </Button>
      </Group>
    </Stack>
  );
}
