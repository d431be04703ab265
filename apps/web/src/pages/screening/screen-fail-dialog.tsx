import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { describeError } from '../../api/errors';
import type { ScreenFailCategory } from './use-screening';

/** The screening log's reason classes (libs/trial participant.entity.ts SCREEN_FAIL_CATEGORIES) in plain words. */
const CATEGORIES: { value: ScreenFailCategory; label: string }[] = [
  { value: 'criterion-not-met', label: 'An entry criterion is not met' },
  { value: 'consent-declined', label: 'Consent declined' },
  { value: 'investigator-decision', label: "Investigator's decision" },
  { value: 'lost-before-enrolment', label: 'Lost before enrolment' },
  { value: 'other', label: 'Other' },
];

/** Record a screen failure: its category for the screening log and the reason in words, both required. */
export function ScreenFailDialog({
  opened,
  screeningNumber,
  onClose,
  onConfirm,
}: {
  opened: boolean;
  screeningNumber: string;
  onClose(): void;
  onConfirm(category: ScreenFailCategory, reason: string): Promise<void>;
}) {
  const [category, setCategory] = useState<ScreenFailCategory | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const close = () => {
    setCategory(null);
    setReason('');
    setProblem(null);
    onClose();
  };
  const submit = async () => {
    if (!category) return;
    setBusy(true);
    setProblem(null);
    try {
      await onConfirm(category, reason.trim());
      close();
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={close} title={`Screen failure — ${screeningNumber}`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <Text size="sm">The candidate will not be enrolled. Category and reason go into the screening log and the audit trail.</Text>
          <Select
            label="Category"
            required
            data={CATEGORIES}
            value={category}
            onChange={(v) => setCategory(v as ScreenFailCategory | null)}
          />
          <Textarea
            label="Reason"
            description="Kept in the audit trail"
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          {problem !== null && <Alert color="red">{describeError(problem)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={busy} disabled={!category || !reason.trim()}>
              Record screen failure
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
